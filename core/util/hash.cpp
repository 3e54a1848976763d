#include "core/util/hash.hpp"

#include <cstring>

namespace logsweep {

void Hasher::bytes(const void* p, std::size_t n) {
  const auto* b = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i) {
    h_ ^= b[i];
    h_ *= 1099511628211ULL;
  }
}

Hasher& Hasher::add(std::string_view s) {
  add(static_cast<std::int64_t>(s.size()));
  bytes(s.data(), s.size());
  return *this;
}

Hasher& Hasher::add(std::int64_t v) {
  unsigned char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
  bytes(b, 8);
  return *this;
}

Hasher& Hasher::add(double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return add(static_cast<std::int64_t>(bits));
}

std::string to_hex(std::uint64_t v) {
  static const char* d = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[i] = d[v & 0xf];
  return s;
}

std::string Hasher::hex() const { return to_hex(h_); }

}  // namespace logsweep
