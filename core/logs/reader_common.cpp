#include "core/logs/reader_common.hpp"

#include <cstring>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep::detail {

namespace {

constexpr std::size_t kMaxExamples = 10;

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int digits_at(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string_view trim_line(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

}  // namespace

std::optional<std::int64_t> parse_int(std::string_view s) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (!all_digits(s) || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return neg ? -v : v;
}

std::optional<std::int64_t> epoch_seconds(int year, int month, int day, int hour, int minute, int second) {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + hour * 3600 +
         minute * 60 + second;
}

std::optional<std::int64_t> parse_date_days(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() == 10 && (s[4] == '-' || s[4] == '.' || s[4] == '/') && s[7] == s[4] && all_digits(s.substr(0, 4)) &&
      all_digits(s.substr(5, 2)) && all_digits(s.substr(8, 2))) {
    y = digits_at(s, 0, 4), m = digits_at(s, 5, 2), d = digits_at(s, 8, 2);
  } else if (s.size() == 8 && all_digits(s)) {
    y = digits_at(s, 0, 4), m = digits_at(s, 4, 2), d = digits_at(s, 6, 2);
  } else if (s.size() == 6 && all_digits(s)) {
    y = 2000 + digits_at(s, 0, 2), m = digits_at(s, 2, 2), d = digits_at(s, 4, 2);
  } else {
    return std::nullopt;
  }
  auto t = epoch_seconds(y, m, d, 0, 0, 0);
  if (!t) return std::nullopt;
  return *t / 86400;
}

std::optional<std::int64_t> parse_time_of_day(std::string_view s) {
  int h = 0, mi = 0, sec = 0;
  if (s.size() >= 8 && s[2] == ':' && s[5] == ':' && all_digits(s.substr(0, 2)) && all_digits(s.substr(3, 2)) &&
      all_digits(s.substr(6, 2))) {
    if (s.size() > 8 && !((s[8] == '.' || s[8] == ',') && all_digits(s.substr(9)))) return std::nullopt;
    h = digits_at(s, 0, 2), mi = digits_at(s, 3, 2), sec = digits_at(s, 6, 2);
  } else if (s.size() == 6 && all_digits(s)) {
    h = digits_at(s, 0, 2), mi = digits_at(s, 2, 2), sec = digits_at(s, 4, 2);
  } else {
    return std::nullopt;
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  return h * 3600 + mi * 60 + sec;
}

LabelRule::LabelRule(int field, const std::string& regex) : field_(field) {
  try {
    re_ = std::regex(regex, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error& e) {
    Location where;
    where.field = "label_regex";
    throw ConfigError("bad label_regex '" + regex + "': " + e.what(), where);
  }
}

LabelRule LabelRule::equals(int field, std::string value) {
  LabelRule r;
  r.field_ = field;
  r.exact_ = true;
  r.value_ = std::move(value);
  return r;
}

bool LabelRule::anomalous(std::string_view value) const {
  if (exact_) return value == value_;
  return std::regex_search(value.begin(), value.end(), re_);
}

LineReaderBase::LineReaderBase(const ReaderSpec& spec, std::string format_desc)
    : spec_(spec), format_desc_(std::move(format_desc)), src_(spec.path, "log file", spec.follow) {}

bool LineReaderBase::next(LogRecord& out) {
  if (done_) return false;
  std::string_view line;
  bool too_long = false;
  for (;;) {
    if (spec_.max_lines && stats_.lines >= spec_.skip_lines + spec_.max_lines) return finish();
    if (!src_.next(line, too_long)) return finish();
    const std::uint64_t line_no = ++stats_.lines;
    if (line_no <= spec_.skip_lines) continue;
    if (too_long) {
      malformed(line_no, line, "line longer than 1 MiB");
      continue;
    }
    line = trim_line(line);
    if (line.empty()) {
      malformed(line_no, line, "empty line");
      continue;
    }
    if (std::memchr(line.data(), '\0', line.size())) {
      malformed(line_no, line, "binary data (NUL bytes)");
      continue;
    }
    out.line_no = line_no;
    out.timestamp = static_cast<std::int64_t>(line_no);
    out.content.clear();
    out.session.clear();
    out.label = 0;
    if (!parse(line, out)) {
      malformed(line_no, line, reason_);
      continue;
    }
    if (spec_.keep_raw) out.raw.assign(line);
    ++stats_.records;
    if (out.label) ++stats_.anomalous;
    return true;
  }
}

void LineReaderBase::malformed(std::uint64_t line_no, std::string_view line, const std::string& reason) {
  ++stats_.malformed;
  if (stats_.examples.size() < kMaxExamples) stats_.examples.push_back({line_no, reason, printable_prefix(line)});
  if (spec_.strict) {
    throw InputError("malformed " + format_desc_ + " line: " + reason + ": \"" + printable_prefix(line) + "\"",
                     Location::in_file(spec_.path, line_no));
  }
  if (spec_.give_up_after && stats_.records == 0 && stats_.malformed >= spec_.give_up_after) {
    done_ = true;
    throw InputError("no line matches format " + format_desc_ + " in the first " + std::to_string(stats_.malformed) +
                         " lines; " + examples(),
                     Location::in_file(spec_.path));
  }
}

std::string LineReaderBase::examples() const {
  std::string s = "examples:";
  for (std::size_t i = 0; i < stats_.examples.size() && i < 3; ++i) {
    const auto& ex = stats_.examples[i];
    s += " [line " + std::to_string(ex.line_no) + ": " + ex.reason + ": \"" + ex.prefix + "\"]";
  }
  return s;
}

bool LineReaderBase::finish() {
  if (done_) return false;
  done_ = true;
  if (stats_.lines == 0) throw InputError("log file '" + spec_.path + "' is empty", Location::in_file(spec_.path));
  if (stats_.records == 0) {
    throw InputError("no line matches format " + format_desc_ + " (" + std::to_string(stats_.lines) + " lines); " +
                         examples(),
                     Location::in_file(spec_.path));
  }
  at_end();
  return false;
}

}  // namespace logsweep::detail
