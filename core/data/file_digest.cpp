#include "core/data/file_digest.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

#include "core/util/errors.hpp"
#include "core/util/hash.hpp"

namespace logsweep {

namespace {

namespace fs = std::filesystem;

// Past this size the side record is started afresh (each file is then hashed once more): it only
// grows by one ~150-byte line per changed file, so this is rare, and needs no temporary file.
constexpr std::uintmax_t kMaxMemoBytes = 1u << 20;
constexpr std::size_t kChunk = 1u << 20;
constexpr const char* kDigestVersion = "file-digest-v1";

[[noreturn]] void unreadable(const std::string& path, const std::string& what, const std::string& why) {
  Location where;
  where.file = path;
  throw InputError("cannot read " + what + " '" + path + "': " + why, where);
}

// "<absolute path>\t<size>\t<mtime ns>\t<ctime ns>\t<device>\t<inode>": the file as it is now.
// Empty when the path cannot go into a tab-separated line.
std::string stat_signature(const std::string& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) unreadable(path, what, std::strerror(errno));
  if (S_ISDIR(st.st_mode)) unreadable(path, what, "it is a directory");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  std::error_code ec;
  const std::string abs = fs::absolute(path, ec).lexically_normal().string();
  if (ec || abs.find_first_of("\t\n") != std::string::npos) return "";
  auto ns = [](const timespec& t) { return std::to_string(static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec); };
  return abs + "\t" + std::to_string(size) + "\t" + ns(st.st_mtim) + "\t" + ns(st.st_ctim) + "\t" +
         std::to_string(static_cast<std::uint64_t>(st.st_dev)) + "\t" + std::to_string(static_cast<std::uint64_t>(st.st_ino));
}

std::string hash_content(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) unreadable(path, what, std::strerror(errno));
  Hasher h;
  h.add(kDigestVersion);
  std::vector<char> buf(kChunk);
  std::uint64_t total = 0;
  // Full chunks (ifstream::read fills the buffer unless at end of file), so the hash does not
  // depend on how the reads happened to be split.
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    h.add(std::string_view(buf.data(), n));
    total += n;
  }
  if (in.bad()) unreadable(path, what, "read error");
  return std::to_string(total) + ":" + h.hex();
}

std::string line_checksum(std::string_view body) { return Hasher().add(body).hex(); }

// The digest recorded for `signature` (last matching complete line with a valid checksum), or "".
std::string recorded_digest(const std::string& record, const std::string& signature) {
  std::ifstream in(record, std::ios::binary);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::string found;
  std::size_t pos = 0;
  for (std::size_t nl; (nl = text.find('\n', pos)) != std::string::npos; pos = nl + 1) {
    const std::string_view line(text.data() + pos, nl - pos);  // a torn last line has no '\n'
    const std::size_t last_tab = line.rfind('\t');
    if (last_tab == std::string_view::npos || line_checksum(line.substr(0, last_tab)) != line.substr(last_tab + 1))
      continue;
    const std::string_view body = line.substr(0, last_tab);
    const std::size_t digest_tab = body.rfind('\t');
    if (digest_tab == std::string_view::npos || body.substr(0, digest_tab) != signature) continue;
    found.assign(body.substr(digest_tab + 1));
  }
  return found;
}

// Appends one line in a single write (O_APPEND), so concurrent writers do not interleave within
// it on a local file system; anything torn elsewhere fails its checksum and is ignored.
void append_record(const std::string& record, const std::string& signature, const std::string& digest) {
  std::error_code ec;
  if (fs::file_size(record, ec) > kMaxMemoBytes && !ec) fs::remove(record, ec);
  const std::string body = signature + "\t" + digest;
  const std::string line = body + "\t" + line_checksum(body) + "\n";
  const int fd = ::open(record.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;  // read-only cache directory: no record, only re-hashing next time
  const ssize_t written = ::write(fd, line.data(), line.size());
  (void)written;  // a short write leaves a torn line, which readers skip
  ::close(fd);
}

std::mutex g_memory_mutex;
std::map<std::string, std::string>& memory() {
  static std::map<std::string, std::string> m;  // stat signature -> digest, this process
  return m;
}

}  // namespace

std::string file_digest(const std::string& path, const std::string& what, const std::string& memo_dir) {
  const std::string signature = stat_signature(path, what);
  if (signature.empty()) return hash_content(path, what);
  std::error_code ec;
  const bool have_dir = !memo_dir.empty() && fs::is_directory(memo_dir, ec);
  const std::string record = have_dir ? (fs::path(memo_dir) / kFileDigestRecord).string() : "";
  if (have_dir) {
    std::string d = recorded_digest(record, signature);
    if (!d.empty()) return d;
  }
  std::string digest;
  {
    std::lock_guard<std::mutex> lock(g_memory_mutex);
    auto it = memory().find(signature);
    if (it != memory().end()) digest = it->second;
  }
  if (digest.empty()) {
    digest = hash_content(path, what);
    // A file written to while it was hashed: its digest is of no stable version, so keep none.
    if (stat_signature(path, what) != signature) return digest;
    std::lock_guard<std::mutex> lock(g_memory_mutex);
    memory()[signature] = digest;
  }
  if (have_dir) append_record(record, signature, digest);
  return digest;
}

}  // namespace logsweep
