#include "results/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/util/errors.hpp"
#include "results/h5.hpp"

namespace fs = std::filesystem;

namespace logsweep {

namespace {

[[noreturn]] void os_fail(const std::string& path, const std::string& what, int err) {
  throw StorageError(fmt::format("{}: {}", what, std::strerror(err)), h5::file_location(path));
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
  if (!in) throw StorageError("cannot read file", h5::file_location(path));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw StorageError("read error", h5::file_location(path));
  return ss.str();
}

void ensure_directory(const std::string& dir) {
  std::error_code ec;
  bool created = fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) throw StorageError(fmt::format("cannot create directory: {}", ec.message()), h5::file_location(dir));
  // The new directory's own entry must survive a crash too, or its files vanish with it.
  if (created) fsync_path(parent_dir(fs::path(dir).lexically_normal().string()), true);
}

}  // namespace logsweep
