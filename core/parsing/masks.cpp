#include "core/parsing/masks.hpp"

#include <iterator>

#include "core/util/errors.hpp"

namespace logsweep::detail {

namespace {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

std::size_t digits(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  return j - i;
}

// (\d+\.){3}\d+  (the \d+ / '.' alternation never needs backtracking)
std::size_t ip(std::string_view s, std::size_t i) {
  std::size_t j = i;
  for (int k = 0; k < 3; ++k) {
    const std::size_t d = digits(s, j);
    if (!d || j + d >= s.size() || s[j + d] != '.') return 0;
    j += d + 1;
  }
  const std::size_t d = digits(s, j);
  return d ? j + d - i : 0;
}

// (:\d+)? after a match ending at j
std::size_t with_port(std::string_view s, std::size_t i, std::size_t len) {
  const std::size_t j = i + len;
  if (len && j < s.size() && s[j] == ':') {
    const std::size_t d = digits(s, j + 1);
    if (d) return len + 1 + d;
  }
  return len;
}

std::size_t ip_port(std::string_view s, std::size_t i) { return with_port(s, i, ip(s, i)); }

// (/|)(\d+\.){3}\d+(:\d+)?
std::size_t slash_ip_port(std::string_view s, std::size_t i) {
  if (s[i] == '/') {
    const std::size_t m = ip_port(s, i + 1);
    return m ? m + 1 : 0;
  }
  return ip_port(s, i);
}

// ((\d+\.){3}\d+,?)+
std::size_t ip_list(std::string_view s, std::size_t i) {
  std::size_t j = i;
  for (;;) {
    const std::size_t m = ip(s, j);
    if (!m) break;
    j += m;
    if (j < s.size() && s[j] == ',') ++j;
  }
  return j - i;
}

// blk_-?\d+
std::size_t block_id(std::string_view s, std::size_t i) {
  if (i + 4 > s.size() || s[i + 1] != 'l' || s[i + 2] != 'k' || s[i + 3] != '_') return 0;  // s[i] == 'b'

  std::size_t j = i + 4;
  if (j < s.size() && s[j] == '-') ++j;
  const std::size_t d = digits(s, j);
  return d ? j + d - i : 0;
}

// core\.\d+
std::size_t core_dump(std::string_view s, std::size_t i) {
  if (s.compare(i, 5, "core.") != 0) return 0;
  const std::size_t d = digits(s, i + 5);
  return d ? 5 + d : 0;
}

// \d+
std::size_t number(std::string_view s, std::size_t i) { return digits(s, i); }

// /.+?\s  ('.' is anything but '\n'; the whitespace is consumed)
std::size_t path_to_space(std::string_view s, std::size_t i) {
  if (s[i] != '/' || i + 1 >= s.size() || s[i + 1] == '\n') return 0;
  for (std::size_t j = i + 2; j < s.size(); ++j) {
    if (is_space(s[j])) return j + 1 - i;
  }
  return 0;
}

struct Builtin {
  const char* regex;
  std::size_t (*scan)(std::string_view, std::size_t);
  const char* first;  // the characters a match can start with ("0" = any digit)
};

const Builtin kBuiltins[] = {
    {R"(blk_-?\d+)", block_id, "b"},
    {R"((\d+\.){3}\d+(:\d+)?)", ip_port, "0"},
    {R"((\d+\.){3}\d+)", ip, "0"},
    {R"((/|)(\d+\.){3}\d+(:\d+)?)", slash_ip_port, "/0"},
    {R"(((\d+\.){3}\d+,?)+)", ip_list, "0"},
    {R"(core\.\d+)", core_dump, "c"},
    {R"(\d+)", number, "0"},
    {R"(/.+?\s)", path_to_space, "/"},
};

const Builtin* find_builtin(const std::string& regex) {
  for (const auto& b : kBuiltins) {
    if (regex == b.regex) return &b;
  }
  return nullptr;
}

}  // namespace

bool MaskSet::is_builtin(const std::string& regex) { return find_builtin(regex) != nullptr; }

MaskSet::MaskSet(const std::vector<std::string>& regexes) {
  for (const auto& r : regexes) {
    Mask m;
    if (const Builtin* b = find_builtin(r)) {
      m.scan = b->scan;
      for (const char* c = b->first; *c; ++c) {
        if (*c == '0') {
          for (char d = '0'; d <= '9'; ++d) m.first[static_cast<unsigned char>(d)] = true;
        } else {
          m.first[static_cast<unsigned char>(*c)] = true;
        }
      }
    } else {
      try {
        m.re = std::make_shared<std::regex>(r, std::regex::ECMAScript | std::regex::optimize);
      } catch (const std::regex_error& e) {
        Location where;
        where.field = "masks";
        throw ConfigError("bad Drain mask regex '" + r + "': " + e.what(), where);
      }
    }
    masks_.push_back(std::move(m));
  }
}

bool MaskSet::run(const Mask& m, std::string_view in, std::string& out) {
  out.clear();
  if (m.re) {
    std::regex_replace(std::back_inserter(out), in.begin(), in.end(), *m.re, "<*>");
    return true;
  }
  std::size_t copied = 0, last_end = 0;
  for (std::size_t i = 0; i < in.size();) {
    // Every built-in that can start at a digit would have matched at the digit run's start.
    const char c = in[i];
    if (!m.first[static_cast<unsigned char>(c)] || (is_digit(c) && i > last_end && is_digit(in[i - 1]))) {
      ++i;
      continue;
    }
    const std::size_t len = m.scan(in, i);
    if (!len) {
      ++i;
      continue;
    }
    out.append(in.data() + copied, i - copied);
    out += "<*>";
    i += len;
    copied = last_end = i;
  }
  if (copied == 0) return false;
  out.append(in.data() + copied, in.size() - copied);
  return true;
}

std::string_view MaskSet::apply(std::string_view in, std::string& scratch_a, std::string& scratch_b) const {
  std::string_view cur = in;
  std::string* bufs[2] = {&scratch_a, &scratch_b};
  int next = 0;
  for (const Mask& m : masks_) {
    std::string& out = *bufs[next];
    if (run(m, cur, out)) {
      cur = out;
      next ^= 1;
    }
  }
  return cur;
}

}  // namespace logsweep::detail
