#pragma once
// A pull tokenizer over a JSON file read through a fixed-size buffer (internal to the embedders).
//
// It holds the buffer and the token being read, never the document, so a 300 MB file costs a
// few kilobytes. The caller walks the grammar (expect '{', read a key, ...); every error is an
// InputError naming the file, the byte offset where the problem is ("byte N: ...") and, when
// the caller set one, the JSON path as the location's field ("vectors.the").
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/hash.hpp"

namespace logsweep::embedding_detail {

class JsonStream {
 public:
  // Opens `path` (InputError when it cannot be read). With `digest`, every byte read is hashed
  // into it in fixed 64 KiB chunks (reads only forward then: seek() is refused).
  JsonStream(const std::string& path, std::size_t buffer_bytes, Hasher* digest = nullptr);

  std::uint64_t offset() const { return base_ + pos_; }  // of the next unread byte
  // Continues reading at `offset` (random access to a value found by an earlier pass).
  void seek(std::uint64_t offset);

  // The next non-whitespace byte, not consumed; -1 at the end of the file.
  int peek();
  // Consumes `c` (after whitespace) or fails with "expected <what>".
  void expect(char c, std::string_view what);
  // Consumes `c` (after whitespace) when it is next.
  bool accept(char c);

  std::string read_string();  // a string token, escapes decoded (\uXXXX to UTF-8)
  // The text of a number token (JSON grammar checked), valid until the next read.
  std::string_view read_number();
  void skip_value();  // any value, checked as JSON but not kept
  // Only whitespace may follow the document.
  void expect_end();

  // The JSON path named by errors from here on ("" for none).
  void set_path(std::string path) { path_ = std::move(path); }
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const std::string& message, std::uint64_t at) const;

 private:
  int get();  // the next byte, consumed; -1 at the end
  int next_raw();
  bool refill();
  void skip_space();
  void read_string_into(std::string* out);  // out == nullptr: check and skip
  void read_escape(std::string* out);
  void read_digits(std::uint64_t start);
  void skip_value_at(int depth);
  [[noreturn]] void fail_here(const std::string& message) const { fail(message, offset()); }

  std::string file_;
  std::ifstream in_;
  Hasher* digest_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, len_ = 0;  // unread bytes are buf_[pos_, len_)
  std::uint64_t base_ = 0;         // file offset of buf_[0]
  bool at_end_ = false;
  std::string number_;
  std::string path_;
};

// Float value of a number token (as strtof would round it); fails on the stream at `at` when
// the value is out of float range.
float json_float(const JsonStream& s, std::string_view number, std::uint64_t at);
// A non-negative integer field value ("dimensions", "size"); fails otherwise.
std::uint64_t json_count(const JsonStream& s, std::string_view number, std::uint64_t at);

}  // namespace logsweep::embedding_detail
