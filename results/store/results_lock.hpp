#pragma once
// The exclusive lock a `logsweep run` holds on its results file from before it reads what is
// stored until it exits.
//
// Why: two runs on one results file each consolidate from their own snapshot, so the later
// rename drops the other's jobs, and both compute the same jobs. The lock is flock() on
// "<results>.lock" beside the file, which holds "host <name> pid <n>" of the holder so that a
// refused run can name it. The kernel releases flock when its holder dies (kill -9 included), so
// a lock file a crash left behind is a note, not a lock: the next run takes it over and says whose
// it was. On a filesystem without flock (ENOLCK, EOPNOTSUPP) the note is all there is: a run refuses
// a note naming a live pid on this host or any pid on another host, and takes over a dead pid's.
// Readers (status, table, plot, run --dry-run) never lock.
#include <functional>
#include <string>

namespace logsweep {

class ResultsLock {
 public:
  using NoteSink = std::function<void(const std::string&)>;  // default: a line on stderr
  // Takes the lock on `results_path` or throws StorageError naming the holder and the lock file.
  // `note` hears about a taken-over stale lock.
  explicit ResultsLock(const std::string& results_path, NoteSink note = {});
  // Removes the lock file, then releases the lock.
  ~ResultsLock();
  ResultsLock(const ResultsLock&) = delete;
  ResultsLock& operator=(const ResultsLock&) = delete;

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  int fd_ = -1;
};

// "<results_path>.lock".
std::string results_lock_path(const std::string& results_path);
// This host's name, as lock files, job records and rank reports record it (one name, so that
// "is that pid on this host" checks compare like with like).
std::string this_host_name();

}  // namespace logsweep
