#pragma once
// Stable 64-bit hashing for cache keys and job ids. Stable across runs, hosts and builds
// (FNV-1a over explicit byte encodings), unlike std::hash.
#include <cstdint>
#include <string>
#include <string_view>

namespace logsweep {

class Hasher {
 public:
  Hasher& add(std::string_view s);  // length-prefixed, so ("ab","c") != ("a","bc")
  Hasher& add(std::int64_t v);
  Hasher& add(double v);            // by bit pattern
  std::uint64_t value() const { return h_; }
  std::string hex() const;          // 16 lowercase hex digits

 private:
  void bytes(const void* p, std::size_t n);
  std::uint64_t h_ = 1469598103934665603ULL;
};

std::string to_hex(std::uint64_t v);

}  // namespace logsweep
