// The dataset cache file layout: writing and reading whole stages.
#include <cctype>
#include <filesystem>
#include <unordered_map>

#include <fmt/format.h>

#include "core/logs/utf8.hpp"
#include "core/util/strings.hpp"
#include "results/store/dataset_cache.hpp"
#include "results/store/dataset_cache_layout.hpp"
#include "results/store/files.hpp"
#include "results/store/record_h5.hpp"

namespace logsweep {

namespace cache_layout {

namespace {
const char* kWhat = "logsweep dataset cache";

[[noreturn]] void inconsistent(const h5::Group& g, const std::string& what) {
  throw StorageError(fmt::format("{}: {} (corrupt cache; delete the file to rebuild it)", g.where().object, what),
                     Location::in_file(*g.where().file));
}

void read_malformed_examples(const h5::Group& g, ReadStats& stats) {
  const auto line_no = g.read<std::uint64_t>("malformed_line");
  const auto reason = g.read_strings("malformed_reason");
  const auto prefix = g.read_strings("malformed_prefix");
  if (reason.size() != line_no.size() || prefix.size() != line_no.size())
    inconsistent(g, "malformed_line, malformed_reason and malformed_prefix differ in length");
  for (std::size_t i = 0; i < line_no.size(); ++i) stats.examples.push_back({line_no[i], reason[i], prefix[i]});
}
}  // namespace

h5::File open_cache(const std::string& file) {
  if (!h5::is_hdf5_file(file))
    throw StorageError(fmt::format("{} is not a {} file: not an HDF5 file; it was left untouched", file, kWhat));
  h5::File f = h5::File::open(file);
  require_format(f.root(), file, kDatasetCacheFormat, kDatasetCacheFormatVersion, kWhat);
  return f;
}

std::string stored_key(const h5::Group& root, const std::string& stage) {
  if (!root.has(stage)) return "";
  return root.group(stage).attr_string("key");
}

ParsedLog read_parse(const h5::Group& root) {
  h5::Group g = root.group("parse");
  ParsedLog p;
  p.templates = g.read_strings("templates");
  p.lines.event = g.read<std::int32_t>("line_event");
  p.lines.label = g.read<std::int8_t>("line_label");
  p.lines.time = g.read<std::int64_t>("line_time");
  p.stats.lines = g.attr_uint("lines");
  p.stats.records = g.attr_uint("records");
  p.stats.malformed = g.attr_uint("malformed");
  p.stats.anomalous = g.attr_uint("anomalous");
  std::size_t n = p.lines.event.size();
  if (p.lines.label.size() != n || p.lines.time.size() != n) inconsistent(g, "line datasets differ in length");
  if (g.has("line_session")) {
    p.lines.session_names = g.read_strings("session_names");
    p.lines.session = g.read<std::int32_t>("line_session");
    if (p.lines.session.size() != n) inconsistent(g, "line_session differs in length from line_event");
    for (std::int32_t i : p.lines.session)
      if (i < -1 || i >= static_cast<std::int64_t>(p.lines.session_names.size()))
        inconsistent(g, "line_session outside session_names");
  }
  for (std::int32_t e : p.lines.event)
    if (e < 0 || static_cast<std::size_t>(e) >= p.templates.size()) inconsistent(g, "line_event outside the template table");
  if (g.has("malformed_line")) read_malformed_examples(g, p.stats);
  return p;
}

Matrix read_embed(const h5::Group& root, std::size_t templates) {
  h5::Group g = root.group("embed");
  Matrix m = g.read_matrix("embeddings");
  if (m.rows != templates) inconsistent(g, fmt::format("{} embedding rows for {} templates", m.rows, templates));
  return m;
}

WindowSet read_windows(const h5::Group& root, std::size_t lines, std::size_t templates) {
  h5::Group g = root.group("windows");
  WindowSet w;
  w.seq_offsets = g.read<std::int64_t>("seq_offsets");
  w.seq_events = g.read<std::int32_t>("seq_events");
  w.window_seq = g.read<std::int32_t>("window_seq");
  w.window_label = g.read<std::int8_t>("window_label");
  w.window_time = g.read<std::int64_t>("window_time");
  w.window_role = g.read<std::int8_t>("window_role");
  if (w.seq_offsets.empty() || w.seq_offsets.front() != 0 ||
      static_cast<std::size_t>(w.seq_offsets.back()) != w.seq_events.size())
    inconsistent(g, "seq_offsets do not cover seq_events");
  for (std::size_t i = 1; i < w.seq_offsets.size(); ++i)
    if (w.seq_offsets[i] < w.seq_offsets[i - 1]) inconsistent(g, "seq_offsets decrease");
  std::size_t n = w.window_seq.size();
  if (w.window_label.size() != n || w.window_time.size() != n || w.window_role.size() != n)
    inconsistent(g, "window datasets differ in length");
  for (std::int32_t s : w.window_seq)
    if (s < 0 || static_cast<std::size_t>(s) >= w.unique_sequences()) inconsistent(g, "window_seq outside the sequence table");
  for (std::int32_t e : w.seq_events)
    if (e < 0 || static_cast<std::size_t>(e) >= templates) inconsistent(g, "seq_events outside the template table");
  (void)lines;
  return w;
}

}  // namespace cache_layout

namespace {
// HDF5 strings are declared UTF-8: whatever bytes a log had, store valid UTF-8 (utf8.hpp).
std::vector<std::string> utf8_strings(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  out.reserve(values.size());
  for (const auto& v : values) out.push_back(utf8_escaped(v));
  return out;
}

// Sessions repeat across many lines: store each distinct name once.
void write_sessions(h5::Group& g, const LineEvents& lines) {
  g.write_strings("session_names", utf8_strings(lines.session_names));
  g.write("line_session", lines.session);
}

// The first malformed lines the reader kept, so that a run reusing the cache can list them.
void write_malformed_examples(h5::Group& g, const std::vector<MalformedLine>& examples) {
  std::vector<std::uint64_t> line_no;
  std::vector<std::string> reason, prefix;
  for (const auto& ex : examples) {
    line_no.push_back(ex.line_no);
    reason.push_back(utf8_escaped(ex.reason));
    prefix.push_back(utf8_escaped(ex.prefix));
  }
  g.write("malformed_line", line_no);
  g.write_strings("malformed_reason", reason);
  g.write_strings("malformed_prefix", prefix);
}
}  // namespace

// Lives here (not beside load_or_prepare) so layout-only users need not link the stages.
std::string CacheReport::summary() const {
  std::vector<std::string> reused, rebuilt;
  (parse_reused ? reused : rebuilt).push_back("parse");
  (embed_reused ? reused : rebuilt).push_back("embed");
  (windows_reused ? reused : rebuilt).push_back("windows");
  std::string s;
  if (!reused.empty()) s += "reused " + join(reused, ", ");
  if (!rebuilt.empty()) s += (s.empty() ? "" : "; ") + std::string("rebuilt ") + join(rebuilt, ", ");
  return s;
}

std::string cache_file_path(const std::string& cache_dir, const std::string& name) {
  std::string safe = name.empty() ? "dataset" : name;
  for (char& c : safe)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) c = '_';
  if (safe == "." || safe == "..") safe = "_";
  return (std::filesystem::path(cache_dir) / (safe + ".h5")).string();
}

StageKeys read_cache_keys(const std::string& file) {
  h5::File f = cache_layout::open_cache(file);
  h5::Group root = f.root();
  StageKeys k;
  k.parse = cache_layout::stored_key(root, "parse");
  k.embed = cache_layout::stored_key(root, "embed");
  k.windows = cache_layout::stored_key(root, "windows");
  k.all = root.has_attr("key") ? root.attr_string("key") : "";
  return k;
}

namespace {
// The whole cache file as an in-memory HDF5 image (nothing touches the disk here).
std::string cache_image(const std::string& file, const PreparedDataset& d, const StageKeys& keys,
                        const std::string& embedder_identity, const std::string& source_path) {
  h5::File f = h5::File::create_in_memory("dataset cache " + file);
  {  // groups closed before the image is taken
    h5::Group root = f.root();
    mark_format(root, kDatasetCacheFormat, kDatasetCacheFormatVersion);
    root.set_attr("name", utf8_escaped(d.name));
    root.set_attr("key", keys.all);

    h5::Group p = root.create_group("parse");
    p.set_attr("key", keys.parse);
    p.set_attr("source_path", utf8_escaped(source_path));
    p.set_attr("lines", static_cast<std::uint64_t>(d.read_stats.lines));
    p.set_attr("records", static_cast<std::uint64_t>(d.read_stats.records));
    p.set_attr("malformed", static_cast<std::uint64_t>(d.read_stats.malformed));
    p.set_attr("anomalous", static_cast<std::uint64_t>(d.read_stats.anomalous));
    p.write_strings("templates", utf8_strings(d.templates));
    p.write("line_event", d.lines.event);
    p.write("line_label", d.lines.label);
    p.write("line_time", d.lines.time);
    if (!d.lines.session.empty()) write_sessions(p, d.lines);
    if (!d.read_stats.examples.empty()) write_malformed_examples(p, d.read_stats.examples);

    h5::Group e = root.create_group("embed");
    e.set_attr("key", keys.embed);
    e.set_attr("embedder", utf8_escaped(embedder_identity));
    e.write_matrix("embeddings", d.embeddings);

    h5::Group w = root.create_group("windows");
    w.set_attr("key", keys.windows);
    w.write("seq_offsets", d.windows.seq_offsets);
    w.write("seq_events", d.windows.seq_events);
    w.write("window_seq", d.windows.window_seq);
    w.write("window_label", d.windows.window_label);
    w.write("window_time", d.windows.window_time);
    w.write("window_role", d.windows.window_role);
  }
  return f.image();
}
}  // namespace

void write_dataset_cache(const std::string& file, const PreparedDataset& d, const StageKeys& keys,
                         const std::string& embedder_identity, const std::string& source_path) {
  // Built in memory and written with our own checked write + fsync + rename, as results are
  // (results/store/store.cpp): HDF5's sec2 driver on a full disk reported success for a truncated file,
  // which was then committed, and crashed in its exit-time clean-up.
  const std::string bytes = cache_image(file, d, keys, embedder_identity, source_path);
  try {
    write_file_atomically(file, bytes);
  } catch (const Error& e) {
    throw StorageError(fmt::format("cannot write dataset cache {} (disk full?): {}; {} is unchanged", file, e.what(),
                                   file));
  }
}

PreparedDataset read_dataset_cache(const std::string& file) {
  h5::File f = cache_layout::open_cache(file);
  h5::Group root = f.root();
  PreparedDataset d;
  d.name = root.attr_string("name");
  d.cache_key = root.attr_string("key");
  ParsedLog p = cache_layout::read_parse(root);
  d.embeddings = cache_layout::read_embed(root, p.templates.size());
  d.windows = cache_layout::read_windows(root, p.lines.event.size(), p.templates.size());
  d.templates = std::move(p.templates);
  d.lines = std::move(p.lines);
  d.read_stats = std::move(p.stats);
  return d;
}

}  // namespace logsweep
