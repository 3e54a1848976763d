#pragma once
// The error contract of logsweep.
//
// Every error that crosses a module boundary is a logsweep::Error carrying *where* it happened
// (file, line, column, field) so the user can fix the input without reading code.
// Recoverable-per-job errors (a job that cannot run, a job that throws) are caught by the
// runner and recorded; fatal ones (bad config, corrupt results file) stop the run before any
// finished result could be lost.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace logsweep {

// Where in a user-supplied file something went wrong. Empty/zero members are omitted.
struct Location {
  std::string file;
  std::uint64_t line = 0;    // 1-based; 0 = unknown
  std::uint64_t column = 0;  // 1-based; 0 = unknown
  std::string field;         // config key, CSV column, format field...
  std::string str() const;   // "file:line:col (field 'x')"
  // A file, one of its lines, a field there: Location::in_file(path, 12, "label").
  static Location in_file(std::string file, std::uint64_t line = 0, std::string field = "") {
    Location where;
    where.file = std::move(file);
    where.line = line;
    where.field = std::move(field);
    return where;
  }
};

class Error : public std::runtime_error {
 public:
  explicit Error(std::string message, Location where = {});
  const std::string& message() const { return message_; }
  const Location& where() const { return where_; }
  // Outer layers add what they were doing as the error travels out ("while preparing dataset
  // BGL"). what() reads outermost first, innermost last, then the location and the message:
  // "while preparing dataset BGL: while reading labels: labels.csv:3: bad value".
  Error& add_context(std::string ctx);
  const std::vector<std::string>& context() const { return context_; }
  const char* what() const noexcept override { return full_.c_str(); }

 private:
  void rebuild();
  std::string message_;
  Location where_;
  std::vector<std::string> context_;
  std::string full_;
};

// Bad experiment YAML or command-line option. Fatal: nothing runs.
class ConfigError : public Error { using Error::Error; };
// Bad log, label or embedding file (unreadable, malformed beyond tolerance, no usable lines).
class InputError : public Error { using Error::Error; };
// HDF5 or filesystem failure (corrupt/foreign file, disk full). Never overwrite silently.
class StorageError : public Error { using Error::Error; };
// A job that cannot run on this data (e.g. no anomalies in the target test split).
// The runner records it as "skipped" with this message; it is not a failure.
class JobSkipped : public Error { using Error::Error; };
// A broken invariant: a bug in logsweep, never the user's input. Its text says so and asks for a
// report; a job that throws it is stored as failed like any other, so finished results survive.
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& message);
};

// A ConfigError located only by the setting it names (a setting checked by a library, away from
// the YAML text).
ConfigError field_error(const std::string& field, const std::string& message);

}  // namespace logsweep
