#pragma once
// What every line-oriented reader shares: the read loop with malformed-line accounting
// (strict mode, give-up on a wrong format, line caps), field-based label rules and
// date/time parsing.
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "core/logs/line_source.hpp"
#include "core/logs/reader.hpp"

namespace logsweep::detail {

// Seconds since the epoch (UTC) of a civil date/time; nullopt when out of range.
std::optional<std::int64_t> epoch_seconds(int year, int month, int day, int hour, int minute, int second);
// "2015-07-29", "2005.06.03", "2005/06/03", "20150729", "081109" (yyMMdd, 20yy) -> days.
std::optional<std::int64_t> parse_date_days(std::string_view date);
// "17:41:44", "17:41:44,747", "00:00:00.008", "203615" (HHmmss) -> seconds of day.
std::optional<std::int64_t> parse_time_of_day(std::string_view time);
std::optional<std::int64_t> parse_int(std::string_view s);

// "field matches regex" (std::regex_search, so anchor with ^$ for whole-field matches).
class LabelRule {
 public:
  LabelRule() = default;
  // Throws ConfigError for a bad regex.
  LabelRule(int field, const std::string& regex);
  static LabelRule equals(int field, std::string value);
  bool active() const { return field_ >= 0; }
  int field() const { return field_; }
  bool anomalous(std::string_view value) const;

 private:
  int field_ = -1;
  bool exact_ = false;
  std::string value_;
  std::regex re_;
};

class LineReaderBase : public LogReader {
 public:
  // Opens spec.path (InputError when missing). `format_desc` names the format in messages.
  LineReaderBase(const ReaderSpec& spec, std::string format_desc);
  bool next(LogRecord& out) final;
  const ReadStats& stats() const final { return stats_; }

 protected:
  // Fills `out` (content, session, label, timestamp preset to line_no) from one trimmed,
  // non-empty line. Returns false and sets reason_ when the line is malformed.
  virtual bool parse(std::string_view line, LogRecord& out) = 0;
  // Called once when the file is exhausted, after the generic checks.
  virtual void at_end() {}

  const ReaderSpec spec_;
  std::string reason_;

 private:
  void malformed(std::uint64_t line_no, std::string_view line, const std::string& reason);
  std::string examples() const;
  bool finish();

  std::string format_desc_;
  LineSource src_;
  ReadStats stats_;
  bool done_ = false;
};

}  // namespace logsweep::detail
