#pragma once
// What a log or label file is, for cache keys and job ids: its bytes, not its name or times.
//
// file_digest() = "<size>:<16 hex digits>", the size and a stable 64-bit hash (core/util/hash.hpp)
// of every byte. `touch`, `cp` without -p and moving a project leave it unchanged; any changed byte
// changes it (up to hash collisions).
//
// Hashing reads the whole file, so a side record skips it for a file that was not changed:
// <memo_dir>/file_digests.tsv, one line per hashed file (absolute path, size, modification and
// status-change times, device, inode, digest, a checksum of the line). An entry is used only when
// all of these match the file now, so the record only saves time: a stale, foreign, torn or
// deleted record just means hashing again. Lines are only appended (one small write each, so
// concurrent ranks do not lose each other's lines); the record is rewritten without stale entries
// once it grows past kMaxMemoBytes. Within one process digests are also kept in memory.
#include <string>

namespace logsweep {

// InputError naming the file (as `what`: "log file", "label file") when it cannot be read.
// memo_dir "" = no side record; a memo_dir that does not exist is not created (no record).
std::string file_digest(const std::string& path, const std::string& what, const std::string& memo_dir);

// The side record's file name inside memo_dir.
constexpr const char* kFileDigestRecord = "file_digests.tsv";

}  // namespace logsweep
