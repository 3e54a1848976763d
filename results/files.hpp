#pragma once
// Crash-safe file operations: the write-temp / fsync / rename protocol every stored file uses,
// so a kill -9 at any instant leaves either the old or the new version, never a torn file.
#include <string>

namespace logsweep {

// Writes `bytes` to `path` durably: to "<path>.tmp-<pid>", fsync, rename over `path`, fsync the
// directory. StorageError (with the OS reason, e.g. disk full) leaves `path` as it was.
void write_file_atomically(const std::string& path, const std::string& bytes);
// fsyncs an existing file (after a library such as HDF5 closed it) and renames it over `to`,
// then fsyncs the directory.
void commit_file(const std::string& from, const std::string& to);
// Whole file as bytes; StorageError when unreadable.
std::string read_whole_file(const std::string& path);
// Creates `dir` (and parents) if missing; StorageError naming it on failure.
void ensure_directory(const std::string& dir);

}  // namespace logsweep
