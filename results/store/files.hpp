#pragma once
// Crash-safe file operations: the write-temp / fsync / rename protocol every stored file uses,
// so a kill -9 at any instant leaves either the old or the new version, never a torn file.
#include <string>
#include <vector>

namespace logsweep {

// Writes `bytes` to `path` durably: to "<path>.tmp-<pid>", fsync, rename over `path`, fsync the
// directory. StorageError (with the OS reason, e.g. disk full) leaves `path` as it was.
void write_file_atomically(const std::string& path, const std::string& bytes);
// fsyncs an existing file (after a library such as HDF5 closed it) and renames it over `to`,
// then fsyncs the directory.
void commit_file(const std::string& from, const std::string& to);
// Whole file as bytes; StorageError when unreadable.
std::string read_whole_file(const std::string& path);

// One version of a file: every write here renames a new file over the path, so a rewrite has a
// new inode (the old one stays in use until the rename, so it cannot be reused by it).
struct FileIdentity {
  unsigned long long device = 0, inode = 0, size = 0;
  long long mtime_ns = 0;
  bool operator==(const FileIdentity& o) const {
    return device == o.device && inode == o.inode && size == o.size && mtime_ns == o.mtime_ns;
  }
  bool operator!=(const FileIdentity& o) const { return !(*this == o); }
};
// Reads the whole file through one descriptor: `id` identifies exactly the bytes returned.
std::string read_whole_file(const std::string& path, FileIdentity& id);
// The identity of what `path` names now; false when it is gone.
bool current_identity(const std::string& path, FileIdentity& id);
// Creates `dir` (and parents) if missing; StorageError naming it on failure.
void ensure_directory(const std::string& dir);
// Creates `dir` if missing and proves it writable by creating and removing a probe file in it;
// StorageError "<what> <dir> is not writable: <reason>" otherwise. For checks before any work.
void check_writable_directory(const std::string& dir, const std::string& what);

// Whether process `pid` runs on this host (EPERM counts as alive: it exists, owned by another user).
// A zombie (exited, not yet reaped by its parent) is dead: mpirun may signal the other ranks
// before it reaps a killed one, and a dead lock holder must not look alive.
bool process_alive_here(long pid);
// Removes the "<prefix>*.tmp-<pid>" files in `dir` that a killed writer left: those whose pid is
// dead on this host and that were last modified at least `min_age_seconds` ago (a writer on another
// host of a shared filesystem has a pid this host cannot check; a nonzero age spares its running
// write). Returns the removed paths; files it cannot remove are left alone.
std::vector<std::string> remove_dead_temps(const std::string& dir, const std::string& prefix = "",
                                           double min_age_seconds = 0);

}  // namespace logsweep
