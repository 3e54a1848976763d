#include "results/store/results_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include <fmt/format.h>

#include "core/util/errors.hpp"
#include "results/store/files.hpp"

namespace logsweep {
namespace {

// The holder a lock file names ("host <name> pid <n>"); pid 0 when the note is empty or garbled.
struct Holder {
  std::string host;
  long pid = 0;
  std::string describe() const { return fmt::format("pid {} on host {}", pid, host); }
  bool here() const { return host == this_host_name(); }
};

Holder read_holder(int fd) {
  std::string text;
  char buf[256];
  ssize_t n;
  off_t at = 0;
  while ((n = ::pread(fd, buf, sizeof buf, at)) > 0 && text.size() < 4096) {
    text.append(buf, static_cast<std::size_t>(n));
    at += n;
  }
  Holder h;
  std::istringstream in(text);
  std::string k1, k2;
  if (!(in >> k1 >> h.host >> k2 >> h.pid) || k1 != "host" || k2 != "pid") return Holder{};
  return h;
}

[[noreturn]] void fail(const std::string& file, const std::string& what, int err) {
  Location where;
  where.file = file;
  throw StorageError(fmt::format("{}: {}", what, std::strerror(err)), where);
}

[[noreturn]] void refuse(const std::string& results, const std::string& file, const std::string& holder) {
  throw StorageError(fmt::format("{} is in use by another `logsweep run` ({}; lock file {}); wait for it to end, or "
                                 "give this run another `output`",
                                 results, holder, file));
}

// Replaces the note with ours (the lock is held, or the filesystem has none).
void write_holder(int fd, const std::string& file) {
  const std::string note = fmt::format("host {} pid {}\n", this_host_name(), ::getpid());
  if (::ftruncate(fd, 0) != 0) fail(file, "cannot write lock file", errno);
  if (::pwrite(fd, note.data(), note.size(), 0) != static_cast<ssize_t>(note.size()))
    fail(file, "cannot write lock file", errno ? errno : ENOSPC);
  ::fsync(fd);  // best effort: the note only names the holder
}

bool same_file(int fd, const std::string& path) {
  struct stat a {}, b {};
  return ::fstat(fd, &a) == 0 && ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

std::string results_lock_path(const std::string& results_path) { return results_path + ".lock"; }

std::string this_host_name() {
  char buf[256] = {0};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

ResultsLock::ResultsLock(const std::string& results_path, NoteSink note) : file_(results_lock_path(results_path)) {
  if (!note) note = [](const std::string& m) { std::fprintf(stderr, "logsweep: %s\n", m.c_str()); };
  // A holder that ends unlinks the file before unlocking it: having locked a file that is no
  // longer the one at the path, lock the new one instead.
  for (;;) {
    fd_ = ::open(file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) fail(file_, "cannot create lock file", errno);
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) {
      if (same_file(fd_, file_)) break;
      ::close(fd_);
      continue;
    }
    const int err = errno;
    const Holder h = read_holder(fd_);
    if (err == EWOULDBLOCK) {
      ::close(fd_);
      refuse(results_path, file_, h.pid ? h.describe() : "holder not yet recorded");
    }
    if (err != ENOLCK && err != EOPNOTSUPP && err != ENOSYS && err != EINVAL) {
      ::close(fd_);
      fail(file_, "cannot lock", err);
    }
    // No flock here: the note decides.
    if (h.pid && h.pid != ::getpid() && (!h.here() || process_alive_here(h.pid))) {
      ::close(fd_);
      refuse(results_path, file_,
             h.describe() + (h.here() ? "" : "; this filesystem has no locks: delete the lock file if that run is over"));
    }
    break;
  }
  const Holder left = read_holder(fd_);
  if (left.pid && !(left.here() && left.pid == ::getpid())) {
    const bool dead_here = left.here() && !process_alive_here(left.pid);
    note(fmt::format("taking over the lock {} of a run that ended without releasing it ({}{})", file_,
                     left.describe(), dead_here ? ", no longer running" : ""));
  }
  try {
    write_holder(fd_, file_);
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

ResultsLock::~ResultsLock() {
  if (fd_ < 0) return;
  ::unlink(file_.c_str());
  ::close(fd_);  // releases the flock
}

}  // namespace logsweep
