#pragma once
// The results file: crash-safe, append-only from the runner's point of view.
//
// Layout on disk for results file R (e.g. out/results.h5):
//   R            consolidated HDF5 file, rewritten atomically (tmp + rename) by consolidate()
//   R.journal/   one small HDF5 file per finished job, written to a temp name then renamed
//                into place, so a kill -9 at any instant leaves each job either fully stored or
//                absent, and R either the old or the new consolidated version.
// Readers see the union of R and the journal (a journal entry wins over R for the same id).
// Only rank 0 writes. Every file carries root attributes format="logsweep-results" and
// format_version (layout: results/store/record_h5.hpp). A journal entry that cannot be read (torn by a
// crash outside the rename protocol, disk corruption) is reported through the warning sink and
// ignored, never deleted; leftover "*.tmp-<pid>" files of interrupted writes are ignored too
// (remove_dead_temps() clears those of dead writers).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "results/store/record.hpp"

namespace logsweep {

class ResultsStore {
 public:
  // Opens (does not create) the store at `path`. A foreign or corrupt R is a StorageError that
  // names the file; it is never overwritten.
  explicit ResultsStore(std::string path);

  // Writes the record durably (fsync + rename) into the journal. Throws StorageError (e.g. disk
  // full) leaving every earlier record intact.
  void append(const JobRecord& rec);
  // All records (journal entries override consolidated ones with the same id), sorted by id.
  std::vector<JobRecord> load() const;
  // id -> status of every stored job (cheap: no vectors read).
  std::map<std::string, JobStatus> statuses() const;
  // Folds the journal into R atomically, then removes the folded journal entries: exactly the
  // versions it read, never an entry written (or rewritten) after it listed the journal.
  // Concurrent writers are excluded by the run's ResultsLock (results/store/results_lock.hpp), not here.
  void consolidate();
  // Removes "<id>.h5.tmp-<pid>" files in the journal whose writer is dead on this host (warning
  // per file). For the run holding the lock, before it stores anything.
  void remove_dead_temps();
  const std::string& path() const { return path_; }
  std::string journal_dir() const { return path_ + ".journal"; }

  // Where warnings go (default: "warning: ..." lines on stderr).
  using WarningSink = std::function<void(const std::string&)>;
  void set_warning_sink(WarningSink sink) { warn_ = std::move(sink); }
  // Test seam: called by consolidate() after it read R and the journal, before it writes R.
  void set_before_commit_hook(std::function<void()> hook) { before_commit_ = std::move(hook); }

 private:
  void warn(const std::string& msg) const;

  std::string path_;
  WarningSink warn_;
  std::function<void()> before_commit_;
};

// Single-record HDF5 (de)serialisation, also used to ship results between ranks as bytes: the
// bytes are a complete HDF5 file image (core driver, no backing store) with the same layout as
// a journal entry, so they can be written to disk as-is.
std::string serialize_record(const JobRecord& rec);
JobRecord deserialize_record(const std::string& bytes);

}  // namespace logsweep
