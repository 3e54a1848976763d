// WindowSet: unique-sequence storage with a de-duplication index.
#include <algorithm>
#include <unordered_map>

#include "core/util/hash.hpp"
#include "core/windows/windows.hpp"

namespace logsweep {
namespace {

std::uint64_t content_hash(const std::int32_t* events, std::size_t n) {
  Hasher h;
  h.add(static_cast<std::int64_t>(n));
  for (std::size_t i = 0; i < n; ++i) h.add(static_cast<std::int64_t>(events[i]));
  return h.value();
}

}  // namespace

// Content hash -> ids of stored sequences with that hash (collisions resolved by comparing).
struct WindowSet::Index {
  std::unordered_map<std::uint64_t, std::vector<std::int32_t>> by_hash;
};

void WindowSet::add(const std::int32_t* events, std::size_t n, std::int8_t label, std::int64_t time) {
  // A copied set shares its index with the original: rebuild a private one before changing it.
  if (!index_ || index_.use_count() > 1) {
    index_ = std::make_shared<Index>();
    for (std::size_t s = 0; s < unique_sequences(); ++s) {
      const auto b = seq_offsets[s], e = seq_offsets[s + 1];
      index_->by_hash[content_hash(seq_events.data() + b, static_cast<std::size_t>(e - b))].push_back(
          static_cast<std::int32_t>(s));
    }
  }
  auto& candidates = index_->by_hash[content_hash(events, n)];
  std::int32_t seq = -1;
  for (auto s : candidates) {
    const auto b = seq_offsets[s], e = seq_offsets[s + 1];
    if (static_cast<std::size_t>(e - b) == n && std::equal(events, events + n, seq_events.begin() + b)) {
      seq = s;
      break;
    }
  }
  if (seq < 0) {
    seq = static_cast<std::int32_t>(unique_sequences());
    seq_events.insert(seq_events.end(), events, events + n);
    seq_offsets.push_back(static_cast<std::int64_t>(seq_events.size()));
    candidates.push_back(seq);
  }
  window_seq.push_back(seq);
  window_label.push_back(label);
  window_time.push_back(time);
  window_role.push_back(static_cast<std::int8_t>(SplitRole::Train));
}

void WindowSet::finish() { index_.reset(); }

std::vector<std::int64_t> WindowSet::indices(SplitRole role, int label) const {
  std::vector<std::int64_t> out;
  const auto r = static_cast<std::int8_t>(role);
  const std::size_t n = std::min(size(), window_role.size());  // a set filled by hand may lack roles
  for (std::size_t w = 0; w < n; ++w)
    if (window_role[w] == r && (label < 0 || window_label[w] == label)) out.push_back(static_cast<std::int64_t>(w));
  return out;
}

}  // namespace logsweep
