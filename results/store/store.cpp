#include "results/store/store.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>

#include <fmt/format.h>

#include "results/store/files.hpp"
#include "results/store/record_h5.hpp"

namespace fs = std::filesystem;

namespace logsweep {

namespace {

const char* kWhat = "logsweep results";

// Opens R (or a journal entry) and checks its format marker; StorageError otherwise.
h5::File open_results_file(const std::string& path) {
  if (!h5::is_hdf5_file(path))
    throw StorageError(fmt::format("{} is not a {} file: not an HDF5 file; it was left untouched", path, kWhat));
  h5::File f = h5::File::open(path);
  require_format(f.root(), path, kResultsFormat, kResultsFormatVersion, kWhat);
  return f;
}

// Ids stored under /jobs of an opened results file.
std::vector<std::string> job_ids(const h5::Group& root) {
  if (!root.has("jobs")) return {};
  return root.group("jobs").children();
}

// Journal entries ("<id>.h5"), sorted so that replay order is deterministic.
std::vector<std::string> journal_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    if (e.path().extension() == ".h5") out.push_back(e.path().string());
  }
  if (ec) throw StorageError(fmt::format("cannot list journal: {}", ec.message()), Location::in_file(dir));
  std::sort(out.begin(), out.end());
  return out;
}

// A complete results file (format marker, /jobs/<id> per record) as an in-memory HDF5 image:
// what a journal entry, a record shipped between ranks and the consolidated R all are.
std::string results_image(const std::string& label, const std::vector<const JobRecord*>& records) {
  h5::File f = h5::File::create_in_memory(label);
  {  // groups closed before the image is taken
    h5::Group root = f.root();
    mark_format(root, kResultsFormat, kResultsFormatVersion);
    h5::Group jobs = root.create_group("jobs");
    for (const JobRecord* rec : records) write_record(jobs, *rec);
  }
  return f.image();
}

std::vector<std::string> leftover_temps(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().find(".tmp-") != std::string::npos) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Reads one journal entry fully (fn(id, jobs group) per stored job); returns false and warns if
// it is unreadable. With `read`, it reads one version's bytes and reports that version's identity
// there (consolidate() removes only the version it folded).
template <class Fn>
bool visit_journal_entry(const std::string& file, const std::function<void(const std::string&)>& warn, Fn fn,
                         FileIdentity* read = nullptr) {
  try {
    // Reading through the bytes pins the version; readers that need no version read lazily.
    FileIdentity id;
    const std::string bytes = read ? read_whole_file(file, id) : std::string();
    h5::File f = read ? h5::File::open_image(bytes, file) : open_results_file(file);
    h5::Group root = f.root();
    if (read) require_format(root, file, kResultsFormat, kResultsFormatVersion, kWhat);
    auto ids = job_ids(root);
    if (ids.empty()) throw StorageError(fmt::format("{}: holds no job", file));
    h5::Group jobs = root.group("jobs");
    for (const auto& job : ids) fn(job, jobs);
    if (read) *read = id;
    return true;
  } catch (const StorageError& e) {
    warn(fmt::format("ignoring unreadable journal entry {} (left in place for inspection): {}", file, e.what()));
    return false;
  }
}

}  // namespace

ResultsStore::ResultsStore(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  if (fs::exists(path_, ec)) {
    if (!fs::is_regular_file(path_, ec))
      throw StorageError(fmt::format("{} is not a {} file: not a regular file; it was left untouched", path_, kWhat));
    open_results_file(path_);
  }
  std::string j = journal_dir();
  if (fs::exists(j, ec) && !fs::is_directory(j, ec))
    throw StorageError(fmt::format("journal path {} exists and is not a directory", j));
}

void ResultsStore::warn(const std::string& msg) const {
  if (warn_)
    warn_(msg);
  else
    std::cerr << "warning: " << msg << "\n";
}

void ResultsStore::append(const JobRecord& rec) {
  std::string bytes = serialize_record(rec);
  ensure_directory(journal_dir());
  try {
    write_file_atomically(journal_dir() + "/" + rec.id + ".h5", bytes);
  } catch (StorageError& e) {
    e.add_context(fmt::format("while storing job {} in {}", rec.id, path_));
    throw;
  }
}

std::vector<JobRecord> ResultsStore::load() const {
  std::map<std::string, JobRecord> by_id;
  std::error_code ec;
  if (fs::exists(path_, ec)) {
    h5::File f = open_results_file(path_);
    h5::Group root = f.root();
    for (const auto& id : job_ids(root)) by_id[id] = read_record(root.group("jobs"), id);
  }
  for (const auto& file : journal_files(journal_dir())) {
    std::vector<JobRecord> recs;  // all-or-nothing per entry
    if (visit_journal_entry(file, [this](const std::string& m) { warn(m); },
                            [&](const std::string& id, const h5::Group& jobs) { recs.push_back(read_record(jobs, id)); }))
      for (auto& r : recs) by_id[r.id] = std::move(r);
  }
  std::vector<JobRecord> out;
  out.reserve(by_id.size());
  for (auto& [id, r] : by_id) out.push_back(std::move(r));
  return out;
}

std::map<std::string, JobStatus> ResultsStore::statuses() const {
  std::map<std::string, JobStatus> out;
  std::error_code ec;
  if (fs::exists(path_, ec)) {
    h5::File f = open_results_file(path_);
    h5::Group root = f.root();
    for (const auto& id : job_ids(root)) out[id] = read_status(root.group("jobs"), id);
  }
  for (const auto& file : journal_files(journal_dir())) {
    std::map<std::string, JobStatus> entry;
    if (visit_journal_entry(file, [this](const std::string& m) { warn(m); },
                            [&](const std::string& id, const h5::Group& jobs) { entry[id] = read_status(jobs, id); }))
      for (auto& [id, s] : entry) out[id] = s;
  }
  return out;
}

void ResultsStore::remove_dead_temps() {
  for (const auto& t : logsweep::remove_dead_temps(journal_dir()))
    warn(fmt::format("removed {}: temporary file of a write its process (dead) never finished", t));
}

void ResultsStore::consolidate() {
  for (const auto& t : leftover_temps(journal_dir()))
    warn(fmt::format("ignoring {}: temporary file of an interrupted write (not a stored result)", t));

  std::map<std::string, JobRecord> by_id;
  std::error_code ec;
  bool have_r = fs::exists(path_, ec);
  if (have_r) {
    h5::File f = open_results_file(path_);
    h5::Group root = f.root();
    for (const auto& id : job_ids(root)) by_id[id] = read_record(root.group("jobs"), id);
  }
  std::vector<std::pair<std::string, FileIdentity>> folded;  // the exact versions folded in
  for (const auto& file : journal_files(journal_dir())) {
    std::vector<JobRecord> recs;
    FileIdentity version;
    if (visit_journal_entry(
            file, [this](const std::string& m) { warn(m); },
            [&](const std::string& id, const h5::Group& jobs) { recs.push_back(read_record(jobs, id)); }, &version)) {
      for (auto& r : recs) by_id[r.id] = std::move(r);
      folded.emplace_back(file, version);
    }
  }
  if (have_r && folded.empty()) return;  // nothing new: R is already the consolidated state
  if (before_commit_) {
    const auto hook = before_commit_;  // a copy: the hook may replace itself
    hook();
  }

  // Built in memory and written with our own checked write + fsync + rename: HDF5's sec2 driver
  // on a full disk first reported success for a truncated file, and after a failed H5Fclose its
  // exit-time clean-up crashed (both seen with the disk-full test). R changes only by the rename.
  std::vector<const JobRecord*> records;
  for (const auto& [id, rec] : by_id) records.push_back(&rec);
  const std::string bytes = results_image("consolidated " + path_, records);
  try {
    write_file_atomically(path_, bytes);
  } catch (const Error& e) {
    throw StorageError(fmt::format("cannot consolidate {} (disk full?): {}; {} and its journal are unchanged", path_,
                                   e.what(), path_));
  }
  // Temp files of consolidations a crash interrupted (R.tmp, R.tmp-<pid>): R is whole now.
  const fs::path r(path_);
  const auto prefix = r.filename().string() + ".tmp";
  for (const auto& entry : fs::directory_iterator(r.has_parent_path() ? r.parent_path() : fs::path("."), ec))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) fs::remove(entry.path(), ec);
  // Only now, with R durable, may the folded entries go; an entry rewritten since it was read
  // (a job stored again meanwhile) is a version R does not hold, so it stays for the next time.
  for (const auto& [file, version] : folded) {
    FileIdentity now;
    if (!current_identity(file, now) || now != version) continue;
    std::error_code rm;
    fs::remove(file, rm);
    if (rm) warn(fmt::format("could not remove folded journal entry {}: {}", file, rm.message()));
  }
}

std::string serialize_record(const JobRecord& rec) { return results_image("record " + rec.id, {&rec}); }

JobRecord deserialize_record(const std::string& bytes) {
  const std::string label = "serialized job record";
  h5::File f = h5::File::open_image(bytes, label);
  h5::Group root = f.root();
  require_format(root, label, kResultsFormat, kResultsFormatVersion, kWhat);
  auto ids = job_ids(root);
  if (ids.size() != 1) throw StorageError(fmt::format("{} holds {} jobs, expected 1", label, ids.size()));
  return read_record(root.group("jobs"), ids[0]);
}

}  // namespace logsweep
