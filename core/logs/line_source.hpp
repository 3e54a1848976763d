#pragma once
// Buffered, length-capped line reading: memory stays bounded by the buffer plus one capped
// line, whatever the file size or how long a (binary, newline-free) "line" runs.
#include <cstddef>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/logs/reader.hpp"
#include "core/util/errors.hpp"

namespace logsweep::detail {

class LineSource {
 public:
  static constexpr std::size_t kMaxLine = std::size_t{1} << 20;  // longer lines are malformed
  static constexpr std::size_t kLongLineHead = 256;               // what is kept of one of those

  // Throws InputError naming `path` (as `what`: "log file", "label file") when it is
  // missing, a directory or unreadable.
  // With `follow.waiting` set, the end of the file waits for more bytes (ReaderSpec::Follow).
  explicit LineSource(const std::string& path, std::string what = "log file", ReaderSpec::Follow follow = {});

  // Next line without its '\n' ('\r' is left to the caller). The view is valid until the
  // next call. `too_long` is set when the line exceeded kMaxLine; the view then holds only its
  // first kLongLineHead bytes (for reports such as "line 7: line longer than 1 MiB: \"...\"").
  // A last line without a final newline is still returned. False at end of file.
  bool next(std::string_view& line, bool& too_long);

 private:
  void refill();
  void read_buffer();    // one read into buf_ (end_ = bytes read); InputError on a read error
  bool wait_for_more();  // following: true once the file has grown, false when told to stop

  ReaderSpec::Follow follow_;
  std::string path_;
  std::string what_;
  std::ifstream in_;
  std::vector<char> buf_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::string spill_;  // a line that straddles buffer refills
};

}  // namespace logsweep::detail
