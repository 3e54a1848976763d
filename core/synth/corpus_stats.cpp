// Corpus statistics over event-id sequences (see the header for each definition).
#include "core/synth/corpus_stats.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace logsweep::corpus_stats {
namespace {

double ratio(std::size_t a, std::size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); }

void check_same_length(const Events& events, const Labels& labels) {
  if (events.size() != labels.size()) throw std::invalid_argument("corpus_stats: events and labels differ in length");
}

// Prefix sums of anomalous lines, so "does [s, s+size) hold an anomaly" is O(1).
std::vector<std::size_t> anomalies_before(const Labels& labels) {
  std::vector<std::size_t> before(labels.size() + 1, 0);
  for (std::size_t i = 0; i < labels.size(); ++i) before[i + 1] = before[i] + (labels[i] != 0);
  return before;
}

// The start symbol DeepLog-style padding puts before a sequence; no real id is negative.
constexpr std::int32_t kStart = -1;

using History = std::vector<std::int32_t>;

// Continuations of each history, ranked by count (ties: smaller id first).
std::map<History, std::vector<std::int32_t>> ranked_continuations(const std::vector<Events>& train,
                                                                  std::size_t history) {
  std::map<History, std::map<std::int32_t, std::size_t>> counts;
  for (const auto& seq : train) {
    History h(history, kStart);
    for (std::int32_t e : seq) {
      ++counts[h][e];
      if (history > 0) {
        h.erase(h.begin());
        h.push_back(e);
      }
    }
  }
  std::map<History, std::vector<std::int32_t>> ranked;
  for (auto& [h, next] : counts) {
    std::vector<std::pair<std::int32_t, std::size_t>> v(next.begin(), next.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    auto& r = ranked[h];
    for (auto& p : v) r.push_back(p.first);
  }
  return ranked;
}

}  // namespace

double templates_per_chunk(const Events& events, std::size_t chunk) {
  if (events.empty() || chunk == 0) return 0.0;
  if (events.size() < chunk) return static_cast<double>(std::set<std::int32_t>(events.begin(), events.end()).size());
  std::size_t total = 0, chunks = 0;
  for (std::size_t s = 0; s + chunk <= events.size(); s += chunk, ++chunks)
    total += std::set<std::int32_t>(events.begin() + s, events.begin() + s + chunk).size();
  return ratio(total, chunks);
}

double top_k_share(const Events& events, std::size_t k) {
  std::unordered_map<std::int32_t, std::size_t> counts;
  for (auto e : events) ++counts[e];
  std::vector<std::size_t> c;
  for (auto& [e, n] : counts) c.push_back(n);
  std::sort(c.rbegin(), c.rend());
  std::size_t covered = 0;
  for (std::size_t i = 0; i < std::min(k, c.size()); ++i) covered += c[i];
  return ratio(covered, events.size());
}

double unique_normal_window_ratio(const Events& events, const Labels& labels, std::size_t size, std::size_t step) {
  check_same_length(events, labels);
  if (size == 0 || step == 0 || events.size() < size) return 0.0;
  const auto before = anomalies_before(labels);
  std::set<Events> seen;
  std::size_t windows = 0;
  for (std::size_t s = 0; s + size <= events.size(); s += step) {
    if (before[s + size] > before[s]) continue;
    ++windows;
    seen.emplace(events.begin() + s, events.begin() + s + size);
  }
  return ratio(seen.size(), windows);
}

double unique_sequence_ratio(const std::vector<Events>& sequences) {
  return ratio(std::set<Events>(sequences.begin(), sequences.end()).size(), sequences.size());
}

double anomalous_window_fraction(const Labels& labels, std::size_t size, std::size_t step) {
  if (size == 0 || step == 0 || labels.size() < size) return 0.0;
  const auto before = anomalies_before(labels);
  std::size_t windows = 0, anomalous = 0;
  for (std::size_t s = 0; s + size <= labels.size(); s += step, ++windows) anomalous += before[s + size] > before[s];
  return ratio(anomalous, windows);
}

Bursts anomaly_bursts(const Labels& labels, std::size_t max_gap) {
  Bursts b;
  std::size_t run = 0, gap = 0, total = 0;
  auto close_run = [&] {
    if (run == 0) return;
    ++b.count;
    total += run;
    b.max_length = std::max(b.max_length, run);
    run = 0;
  };
  for (auto l : labels) {
    if (l) {
      ++run;
      gap = 0;
    } else if (run > 0 && ++gap > max_gap) {
      close_run();
    }
  }
  close_run();
  b.mean_length = ratio(total, b.count);
  return b;
}

NextEvent next_event_accuracy(const std::vector<Events>& train, const std::vector<Events>& test, std::size_t history,
                              std::size_t g) {
  const auto ranked = ranked_continuations(train, history);
  NextEvent r;
  std::size_t hit1 = 0, hitg = 0;
  for (const auto& seq : test) {
    History h(history, kStart);
    for (std::int32_t e : seq) {
      ++r.checked;
      auto it = ranked.find(h);
      if (it != ranked.end()) {
        const auto& next = it->second;
        if (!next.empty() && next[0] == e) ++hit1;
        if (std::find(next.begin(), next.begin() + std::min(g, next.size()), e) != next.begin() + std::min(g, next.size()))
          ++hitg;
      }
      if (history > 0) {
        h.erase(h.begin());
        h.push_back(e);
      }
    }
  }
  r.top1 = ratio(hit1, r.checked);
  r.topg = ratio(hitg, r.checked);
  return r;
}

std::pair<std::vector<Events>, std::vector<Events>> normal_stream_split(const Events& events, const Labels& labels,
                                                                        double train_ratio) {
  check_same_length(events, labels);
  Events normal;
  for (std::size_t i = 0; i < events.size(); ++i)
    if (!labels[i]) normal.push_back(events[i]);
  const auto cut = static_cast<std::size_t>(static_cast<double>(normal.size()) * train_ratio);
  return {{Events(normal.begin(), normal.begin() + cut)}, {Events(normal.begin() + cut, normal.end())}};
}

StreamStats stream_stats(const Events& events, const Labels& labels) {
  check_same_length(events, labels);
  StreamStats s;
  s.lines = events.size();
  const auto [train, test] = normal_stream_split(events, labels, 0.7);
  Events normal = train.front();
  normal.insert(normal.end(), test.front().begin(), test.front().end());
  s.templates = std::unordered_set<std::int32_t>(normal.begin(), normal.end()).size();
  s.templates_per_2k = templates_per_chunk(normal, 2000);
  s.templates_per_10k = templates_per_chunk(normal, 10000);
  s.top1_share = top_k_share(normal, 1);
  s.top5_share = top_k_share(normal, 5);
  s.top10_share = top_k_share(normal, 10);
  s.unique_window_ratio = unique_normal_window_ratio(events, labels, 20, 1);
  s.next_event = next_event_accuracy(train, test, 3, 5);
  s.anomalous_line_fraction = ratio(s.lines - normal.size(), s.lines);
  s.anomalous_window_fraction = anomalous_window_fraction(labels, 20, 1);
  s.bursts = anomaly_bursts(labels, 0);
  return s;
}

StreamStats mean_over_chunks(const Events& events, const Labels& labels, std::size_t chunk) {
  check_same_length(events, labels);
  if (chunk == 0 || events.size() <= chunk) return stream_stats(events, labels);
  std::vector<StreamStats> parts;
  for (std::size_t s = 0; s + chunk <= events.size(); s += chunk)
    parts.push_back(stream_stats(Events(events.begin() + s, events.begin() + s + chunk),
                                 Labels(labels.begin() + s, labels.begin() + s + chunk)));
  const double n = static_cast<double>(parts.size());
  auto mean = [&](auto field) {
    double sum = 0;
    for (const auto& p : parts) sum += static_cast<double>(field(p));
    return sum / n;
  };
  auto count = [&](auto field) { return static_cast<std::size_t>(std::llround(mean(field))); };
  StreamStats m;
  m.lines = count([](const StreamStats& p) { return p.lines; });
  m.templates = count([](const StreamStats& p) { return p.templates; });
  m.templates_per_2k = mean([](const StreamStats& p) { return p.templates_per_2k; });
  m.templates_per_10k = mean([](const StreamStats& p) { return p.templates_per_10k; });
  m.top1_share = mean([](const StreamStats& p) { return p.top1_share; });
  m.top5_share = mean([](const StreamStats& p) { return p.top5_share; });
  m.top10_share = mean([](const StreamStats& p) { return p.top10_share; });
  m.unique_window_ratio = mean([](const StreamStats& p) { return p.unique_window_ratio; });
  m.next_event.top1 = mean([](const StreamStats& p) { return p.next_event.top1; });
  m.next_event.topg = mean([](const StreamStats& p) { return p.next_event.topg; });
  m.next_event.checked = count([](const StreamStats& p) { return p.next_event.checked; });
  m.anomalous_line_fraction = mean([](const StreamStats& p) { return p.anomalous_line_fraction; });
  m.anomalous_window_fraction = mean([](const StreamStats& p) { return p.anomalous_window_fraction; });
  m.bursts.count = count([](const StreamStats& p) { return p.bursts.count; });
  m.bursts.mean_length = mean([](const StreamStats& p) { return p.bursts.mean_length; });
  m.bursts.max_length = count([](const StreamStats& p) { return p.bursts.max_length; });
  return m;
}

}  // namespace logsweep::corpus_stats
