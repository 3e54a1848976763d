#pragma once
// Streaming log readers: one record per raw line, bounded memory whatever the file size.
//
// Each Loghub family has its own header layout and label rule; the generic reader takes a user
// format string such as "<Date> <Time> <Level>: <Content>" and a label rule. Malformed lines
// are counted and a few examples kept (file, line number, first bytes): never silently
// dropped, and fatal only with `strict`.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace logsweep {

struct LogRecord {
  std::uint64_t line_no = 0;   // 1-based line number in the file
  std::int64_t timestamp = 0;  // seconds since epoch when the format has one, else line_no
  std::string content;         // the free-text message Drain parses
  std::string session;         // grouping key for session windows (HDFS block id, node...), may be empty
  std::int8_t label = 0;       // 1 = anomalous line
  std::string raw;             // the whole line (trimmed), only with ReaderSpec::keep_raw
};

struct MalformedLine {
  std::uint64_t line_no = 0;
  std::string reason;
  std::string prefix;  // printable first bytes of the line
};

struct ReadStats {
  std::uint64_t lines = 0;      // lines seen
  std::uint64_t records = 0;    // records produced
  std::uint64_t malformed = 0;  // lines skipped as malformed
  std::uint64_t anomalous = 0;  // records with label 1
  std::vector<MalformedLine> examples;  // first few malformed lines
};

// Per format: the header layout, timestamp, session and label rules are the format's entry in
// the family table (core/logs/log_families.cpp; `logsweep run --help-config` lists the formats).
// Timestamps are UTC seconds. Without label_file, hdfs/openstack lines are all normal.
struct ReaderSpec {
  std::string format;  // a family of log_families(), e.g. bgl, hdfs, generic
  std::string path;
  // Session labels: "Id,Label" csv with Normal/Anomaly (header optional), or one anomalous id
  // per line (Loghub OpenStack list; aecid "<id>,<events>" session files). A file that lists
  // normal ids yet names no session of the log is an InputError at end of file.
  std::string label_file;
  std::string line_format;  // generic: "<Date> <Time> <Level>: <Content>" (see line_format.hpp)
  // Label rule: a line is anomalous when field `label_field` matches regex `label_regex`
  // (std::regex_search: anchor with ^$ for a whole-field match). Both or neither. Overrides
  // the format's own rule (alert tag, zookeeper's Level == ERROR); excludes label_file.
  std::string label_field;
  std::string label_regex;
  bool strict = false;           // first malformed line is a fatal InputError
  // Line range: lines 1..skip_lines are read past unparsed (line numbers stay the file's), then
  // at most max_lines lines are parsed (0 = to the end): iloc[skip : skip + max] of the file.
  std::uint64_t skip_lines = 0;
  std::uint64_t max_lines = 0;
  // When the first `give_up_after` lines are all malformed, the format is clearly wrong:
  // InputError with examples instead of reading a whole file of garbage (0 = never). A file
  // with no well-formed line at all, or no line, is an InputError at end of file.
  std::uint64_t give_up_after = 1000;
  bool keep_raw = false;  // fill LogRecord::raw (`logsweep detect` shows the lines it flags)
  // Following a growing file (`logsweep detect --follow`): with `waiting` set, the end of the
  // file is not the end of the log. The reader then waits for more bytes, calling `waiting`
  // when it reaches the end and again every poll_seconds while the file does not grow, with
  // the seconds it has not grown. The log ends when `waiting` returns true, and a last line
  // without its newline is only read then. None of this is part of a cache key.
  struct Follow {
    std::function<bool(double idle_seconds)> waiting;
    double poll_seconds = 0.25;
  } follow;
};

class LogReader {
 public:
  virtual ~LogReader() = default;
  // Next well-formed record; false at end of file. Throws InputError (strict, unreadable file,
  // wrong format; end-of-file checks are thrown once by the call that would return false).
  // Lines over 1 MiB, empty lines and lines with NUL bytes are malformed.
  virtual bool next(LogRecord& out) = 0;
  virtual const ReadStats& stats() const = 0;
};

// Throws InputError naming the file when it (or its label file) is missing or unreadable,
// ConfigError for an unknown format (listing the valid ones) or a bad format string.
std::unique_ptr<LogReader> open_reader(const ReaderSpec& spec);
std::vector<std::string> reader_formats();

}  // namespace logsweep
