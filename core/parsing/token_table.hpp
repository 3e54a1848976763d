#pragma once
// Interned template tokens: token text <-> dense int id, looked up by string_view without
// allocating. Only tokens that enter a template are interned, so the table stays bounded by
// the templates, not by the (unbounded) variety of variable values in a log.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace logsweep::detail {

class TokenTable {
 public:
  static constexpr std::int32_t kWildcard = 0;  // "<*>"
  static constexpr std::int32_t kUnknown = -1;  // never interned: equal to no template token

  TokenTable() : slots_(64, 0) { intern("<*>"); }

  std::int32_t find(std::string_view token) const {
    const std::size_t h = std::hash<std::string_view>{}(token);
    for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const std::uint32_t s = slots_[i];
      if (s == 0) return kUnknown;
      if (strings_[s - 1] == token) return static_cast<std::int32_t>(s - 1);
    }
  }

  std::int32_t intern(std::string_view token) {
    const std::int32_t found = find(token);
    if (found != kUnknown) return found;
    if ((strings_.size() + 1) * 2 > slots_.size()) grow();
    strings_.emplace_back(token);
    place(static_cast<std::uint32_t>(strings_.size()));
    return static_cast<std::int32_t>(strings_.size() - 1);
  }

  const std::string& str(std::int32_t id) const { return strings_[static_cast<std::size_t>(id)]; }
  // Id order: interning these in order into a fresh table reproduces every id (saved Drains).
  const std::vector<std::string>& strings() const { return strings_; }
  std::size_t size() const { return strings_.size(); }

 private:
  void place(std::uint32_t slot_value) {
    const std::size_t h = std::hash<std::string_view>{}(strings_[slot_value - 1]);
    std::size_t i = h & (slots_.size() - 1);
    while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = slot_value;
  }
  void grow() {
    slots_.assign(slots_.size() * 2, 0);
    for (std::uint32_t v = 1; v <= strings_.size(); ++v) place(v);
  }

  std::vector<std::string> strings_;  // id -> text
  std::vector<std::uint32_t> slots_;  // open addressing: id + 1, 0 = empty
};

}  // namespace logsweep::detail
