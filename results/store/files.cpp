#include "results/store/files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/util/errors.hpp"
#include "results/store/h5.hpp"

namespace fs = std::filesystem;

namespace logsweep {

namespace {

[[noreturn]] void os_fail(const std::string& path, const std::string& what, int err) {
  throw StorageError(fmt::format("{}: {}", what, std::strerror(err)), Location::in_file(path));
}

void fsync_path(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) os_fail(path, "cannot open for fsync", errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  // Some filesystems refuse fsync on directories (EINVAL); the rename is still atomic there.
  if (rc != 0 && !(directory && (err == EINVAL || err == EBADF))) os_fail(path, "fsync failed", err);
}

std::string parent_dir(const std::string& path) {
  fs::path p = fs::path(path).parent_path();
  return p.empty() ? "." : p.string();
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& bytes) {
  std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) os_fail(tmp, "cannot create", errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : ENOSPC;
      ::close(fd);
      ::unlink(tmp.c_str());
      os_fail(tmp, "cannot write", err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    os_fail(tmp, "fsync failed", err);
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    os_fail(tmp, "close failed", err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    os_fail(path, "cannot rename " + tmp + " into place", err);
  }
  fsync_path(parent_dir(path), true);
}

void commit_file(const std::string& from, const std::string& to) {
  fsync_path(from, false);
  if (::rename(from.c_str(), to.c_str()) != 0) os_fail(to, "cannot rename " + from + " into place", errno);
  fsync_path(parent_dir(to), true);
}

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw StorageError("cannot read file", Location::in_file(path));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw StorageError("read error", Location::in_file(path));
  return ss.str();
}

namespace {
FileIdentity identity_of(const struct stat& st) {
  FileIdentity id;
  id.device = static_cast<unsigned long long>(st.st_dev);
  id.inode = static_cast<unsigned long long>(st.st_ino);
  id.size = static_cast<unsigned long long>(st.st_size);
  id.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  return id;
}
}  // namespace

std::string read_whole_file(const std::string& path, FileIdentity& id) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) os_fail(path, "cannot read file", errno);
  struct stat st {};
  std::string bytes;
  int err = ::fstat(fd, &st) == 0 ? 0 : errno;
  char buf[1 << 16];
  while (err == 0) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    if (n <= 0) break;
    bytes.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (err != 0) os_fail(path, "read error", err);
  id = identity_of(st);
  return bytes;
}

bool current_identity(const std::string& path, FileIdentity& id) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  id = identity_of(st);
  return true;
}

void ensure_directory(const std::string& dir) {
  std::error_code ec;
  bool created = fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) throw StorageError(fmt::format("cannot create directory: {}", ec.message()), Location::in_file(dir));
  // The new directory's own entry must survive a crash too, or its files vanish with it.
  if (created) fsync_path(parent_dir(fs::path(dir).lexically_normal().string()), true);
}

void check_writable_directory(const std::string& dir, const std::string& what) {
  try {
    ensure_directory(dir);
  } catch (const StorageError& e) {
    throw StorageError(fmt::format("{} {} cannot be created: {}", what, dir, e.message()));
  }
  const std::string probe = fmt::format("{}/.logsweep-write-test-{}", dir, ::getpid());
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int err = errno;
  if (fd >= 0) {
    err = ::write(fd, "x", 1) == 1 ? 0 : (errno ? errno : ENOSPC);
    ::close(fd);
    ::unlink(probe.c_str());
  }
  if (fd < 0 || err != 0) throw StorageError(fmt::format("{} {} is not writable: {}", what, dir, std::strerror(err)));
}

namespace {
// Linux: the state letter of /proc/<pid>/stat ('Z' zombie, 'X' dead); '?' when unreadable.
char proc_state(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return '?';
  const auto close = line.rfind(')');  // the command name may hold spaces and parentheses
  return close != std::string::npos && close + 2 < line.size() ? line[close + 2] : '?';
}
}  // namespace

bool process_alive_here(long pid) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  const char state = proc_state(pid);
  return state != 'Z' && state != 'X';
}

namespace {
// The writer pid of "<name>.tmp-<pid>", or -1 when `name` is not such a temp file.
long temp_writer_pid(const std::string& name) {
  const auto at = name.rfind(".tmp-");
  if (at == std::string::npos) return -1;
  const std::string digits = name.substr(at + 5);
  if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stol(digits);
}
}  // namespace

std::vector<std::string> remove_dead_temps(const std::string& dir, const std::string& prefix, double min_age_seconds) {
  std::vector<std::string> removed;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return removed;
  const auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || !e.is_regular_file(ec)) continue;
    const long pid = temp_writer_pid(name);
    if (pid < 0 || pid == static_cast<long>(::getpid()) || process_alive_here(pid)) continue;
    const auto modified = fs::last_write_time(e.path(), ec);
    if (ec || std::chrono::duration<double>(now - modified).count() < min_age_seconds) continue;
    if (fs::remove(e.path(), ec)) removed.push_back(e.path().string());
  }
  std::sort(removed.begin(), removed.end());
  return removed;
}

}  // namespace logsweep
