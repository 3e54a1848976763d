// JsonStream: byte-at-a-time JSON tokenizing over a refilled buffer.
#include "core/embedding/json_stream.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

#include "core/embedding/internal.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep::embedding_detail {
namespace {

// Fixed, so that a file's digest does not depend on the caller's buffer size.
constexpr std::size_t kDigestChunk = 1 << 16;
// Nesting deeper than any vectors file has: a bound so that a hostile file cannot exhaust the stack.
constexpr int kMaxDepth = 64;
// Longer than any float needs: a longer "number" is garbage, not precision.
constexpr std::size_t kMaxNumberChars = 64;

bool json_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool digit(int c) {
  return c >= '0' && c <= '9';
}

int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string describe_byte(int c) {
  if (c < 0) return "the end of the file (truncated?)";
  if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  return "byte 0x" + to_hex(static_cast<std::uint64_t>(c)).substr(14);
}

}  // namespace

JsonStream::JsonStream(const std::string& path, std::size_t buffer_bytes, Hasher* digest)
    : file_(path), in_(path, std::ios::binary), digest_(digest), buf_(digest ? kDigestChunk : buffer_bytes) {
  if (!in_) throw InputError("cannot read word vectors file", where(path));
}

void JsonStream::fail(const std::string& message, std::uint64_t at) const {
  Location l = where(file_);
  l.field = path_;
  throw InputError("byte " + std::to_string(at) + ": " + message, l);
}

bool JsonStream::refill() {
  if (at_end_) return false;
  base_ += len_;
  pos_ = len_ = 0;
  in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  len_ = static_cast<std::size_t>(in_.gcount());
  if (in_.bad()) fail_here("error while reading the file");
  if (len_ < buf_.size()) at_end_ = true;
  if (digest_ && len_ > 0) digest_->add(std::string_view(buf_.data(), len_));
  return len_ > 0;
}

void JsonStream::seek(std::uint64_t offset) {
  if (digest_) throw InternalError("JsonStream::seek on a digesting stream");
  if (offset >= base_ && offset < base_ + len_) {
    pos_ = static_cast<std::size_t>(offset - base_);
    return;
  }
  in_.clear();
  in_.seekg(static_cast<std::streamoff>(offset));
  if (!in_) fail("cannot seek to this offset (has the file changed?)", offset);
  base_ = offset;
  pos_ = len_ = 0;
  at_end_ = false;
}

int JsonStream::next_raw() {
  if (pos_ == len_ && !refill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

int JsonStream::get() {
  int c = next_raw();
  if (c >= 0) ++pos_;
  return c;
}

void JsonStream::skip_space() {
  while (json_space(next_raw())) ++pos_;
}

int JsonStream::peek() {
  skip_space();
  return next_raw();
}

void JsonStream::expect(char c, std::string_view what) {
  int got = peek();
  if (got != static_cast<unsigned char>(c))
    fail_here("expected " + std::string(what) + ", found " + describe_byte(got));
  ++pos_;
}

bool JsonStream::accept(char c) {
  if (peek() != static_cast<unsigned char>(c)) return false;
  ++pos_;
  return true;
}

std::string JsonStream::read_string() {
  std::string out;
  read_string_into(&out);
  return out;
}

void JsonStream::read_string_into(std::string* out) {
  expect('"', "a string");
  for (;;) {
    const std::uint64_t at = offset();
    int c = get();
    if (c < 0) fail(std::string("unterminated string: ") + describe_byte(c), at);
    if (c == '"') return;
    if (c < 0x20) fail("control character " + describe_byte(c) + " inside a string", at);
    if (c == '\\') {
      read_escape(out);
      continue;
    }
    if (out) *out += static_cast<char>(c);
  }
}

void JsonStream::read_escape(std::string* out) {
  const std::uint64_t at = offset() - 1;
  auto hex4 = [&] {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      int h = hex_value(get());
      if (h < 0) fail("bad \\u escape (four hex digits expected)", at);
      v = v * 16 + static_cast<std::uint32_t>(h);
    }
    return v;
  };
  int c = get();
  char plain = 0;
  switch (c) {
    case '"':
      plain = '"';
      break;
    case '\\':
      plain = '\\';
      break;
    case '/':
      plain = '/';
      break;
    case 'b':
      plain = '\b';
      break;
    case 'f':
      plain = '\f';
      break;
    case 'n':
      plain = '\n';
      break;
    case 'r':
      plain = '\r';
      break;
    case 't':
      plain = '\t';
      break;
    case 'u': {
      std::uint32_t cp = hex4();
      // A high surrogate must pair with a low one; a lone one becomes U+FFFD, as decoders do.
      if (cp >= 0xD800 && cp < 0xDC00) {
        if (get() != '\\' || get() != 'u') fail("unpaired UTF-16 surrogate in \\u escape", at);
        std::uint32_t lo = hex4();
        cp = (lo >= 0xDC00 && lo < 0xE000) ? 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00) : 0xFFFD;
      } else if (cp >= 0xDC00 && cp < 0xE000) {
        cp = 0xFFFD;
      }
      if (out) append_utf8(*out, cp);
      return;
    }
    default:
      fail("bad escape \\" + (c < 0 ? std::string() : std::string(1, static_cast<char>(c))), at);
  }
  if (out) *out += plain;
}

void JsonStream::read_digits(std::uint64_t start) {
  const int c = next_raw();
  if (c < 0) fail_here("number cut short by " + describe_byte(c));
  if (!digit(c)) fail("bad number: a digit expected after '" + printable_prefix(number_, 30) + "'", start);
  while (digit(next_raw())) {
    number_ += static_cast<char>(get());
    if (number_.size() > kMaxNumberChars)
      fail("number longer than " + std::to_string(kMaxNumberChars) + " characters", start);
  }
}

std::string_view JsonStream::read_number() {
  skip_space();
  const std::uint64_t start = offset();
  number_.clear();
  int c = next_raw();
  if (c != '-' && !digit(c)) fail("expected a number, found " + describe_byte(c), start);
  if (c == '-') number_ += static_cast<char>(get());
  if (next_raw() == '0') {
    number_ += static_cast<char>(get());  // JSON forbids leading zeros: "0" then a fraction or nothing
  } else {
    read_digits(start);
  }
  if (next_raw() == '.') {
    number_ += static_cast<char>(get());
    read_digits(start);
  }
  if (next_raw() == 'e' || next_raw() == 'E') {
    number_ += static_cast<char>(get());
    if (next_raw() == '+' || next_raw() == '-') number_ += static_cast<char>(get());
    read_digits(start);
  }
  c = next_raw();
  // A number runs up to a separator: "1.5x" or "01" is one bad token, not "1.5" then junk.
  if (c >= 0 && !json_space(c) && c != ',' && c != ']' && c != '}')
    fail("bad number '" + printable_prefix(number_ + static_cast<char>(c), 30) + "'", start);
  return number_;
}

void JsonStream::skip_value() {
  skip_value_at(0);
}

void JsonStream::skip_value_at(int depth) {
  if (depth > kMaxDepth) fail_here("nested deeper than " + std::to_string(kMaxDepth) + " levels");
  const int c = peek();
  if (c == '"') {
    read_string_into(nullptr);
  } else if (c == '{' || c == '[') {
    const char close = c == '{' ? '}' : ']';
    ++pos_;
    if (accept(close)) return;
    do {
      if (close == '}') {
        read_string_into(nullptr);
        expect(':', "':' after an object key");
      }
      skip_value_at(depth + 1);
    } while (accept(','));
    expect(close, close == '}' ? "',' or '}'" : "',' or ']'");
  } else if (c == 't' || c == 'f' || c == 'n') {
    const std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
    const std::uint64_t at = offset();
    for (char w : word)
      if (get() != static_cast<unsigned char>(w)) fail("bad literal (expected '" + std::string(word) + "')", at);
  } else if (c == '-' || digit(c)) {
    read_number();
  } else {
    fail_here("expected a JSON value, found " + describe_byte(c));
  }
}

void JsonStream::expect_end() {
  int c = peek();
  if (c >= 0) fail_here("unexpected " + describe_byte(c) + " after the end of the JSON document");
}

float json_float(const JsonStream& s, std::string_view number, std::uint64_t at) {
  float v = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
  if (ec == std::errc::result_out_of_range) {
    // Underflow rounds to a denormal or zero, as strtof (the text reader) does; overflow fails.
    const std::string text(number);
    v = std::strtof(text.c_str(), nullptr);
    if (std::isinf(v)) s.fail("number out of float range: " + text, at);
    return v;
  }
  if (ec != std::errc() || end != number.data() + number.size()) s.fail("bad number '" + std::string(number) + "'", at);
  return v;
}

std::uint64_t json_count(const JsonStream& s, std::string_view number, std::uint64_t at) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
  if (ec != std::errc() || end != number.data() + number.size())
    s.fail("expected a non-negative integer, found " + std::string(number), at);
  return v;
}

}  // namespace logsweep::embedding_detail
