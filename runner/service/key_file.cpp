// "key value" files (key_file.hpp).
#include "runner/service/key_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace logsweep {

void write_key_file(const std::string& path, const std::string& format, const KeyEntries& entries) {
  const auto tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << format << "\n";
    for (const auto& [key, value] : entries) {
      std::string v = value;
      for (char& c : v)
        if (c == '\n' || c == '\r') c = ' ';
      out << key << ' ' << v << "\n";
    }
    if (!out.flush()) throw StorageError(fmt::format("cannot write {}", path), Location::in_file(tmp));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw StorageError(fmt::format("cannot move it into place: {}", ec.message()), Location::in_file(path));
}

KeyFile KeyFile::read(const std::string& path, const std::string& format, const std::string& missing) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("cannot open it ({}): {}", std::strerror(errno), missing), Location::in_file(path));
  KeyFile f;
  f.path_ = path;
  std::string line;
  if (!std::getline(in, line) || line != format) {
    const auto held = line.substr(0, line.rfind(' '));
    const auto wanted = format.substr(0, format.rfind(' '));
    throw InputError(held == wanted ? fmt::format("the file is '{}', this build reads '{}'", line, format)
                                    : fmt::format("expected '{}' on the first line", format),
                     Location::in_file(path, 1));
  }
  for (std::uint64_t no = 2; std::getline(in, line); ++no) {
    if (line.empty()) continue;
    const auto sp = line.find(' ');
    f.values_[line.substr(0, sp)] = {sp == std::string::npos ? "" : line.substr(sp + 1), no};
  }
  return f;
}

const std::string& KeyFile::text(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw InputError(fmt::format("no '{}' line", key), Location::in_file(path_, 0, key));
  return it->second.first;
}

Location KeyFile::where(const std::string& key) const {
  auto it = values_.find(key);
  return Location::in_file(path_, it == values_.end() ? 0 : it->second.second, key);
}

const std::string& KeyFile::same_version(const std::string& key, const std::string& remedy) const {
  const auto& v = text(key);
  if (v != LOGSWEEP_VERSION)
    throw InputError(fmt::format("written by logsweep {}, this is logsweep {}: {}", v, LOGSWEEP_VERSION, remedy),
                     where(key));
  return v;
}

double KeyFile::number(const std::string& key) const {
  const auto& v = text(key);
  try {
    std::size_t used = 0;
    const double d = std::stod(v, &used);
    if (used == v.size()) return d;
  } catch (const std::exception&) {
  }
  throw InputError(fmt::format("'{}' is not a number", v), where(key));
}

std::int64_t KeyFile::integer(const std::string& key) const {
  const double d = number(key);
  if (d != std::floor(d) || std::abs(d) > 9.0e15) throw InputError(fmt::format("'{}' is not a whole number", text(key)), where(key));
  return static_cast<std::int64_t>(d);
}

}  // namespace logsweep
