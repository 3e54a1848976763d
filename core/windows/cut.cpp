// Cutting line-level events into windows (fixed, session, time).
#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "core/windows/windows.hpp"

namespace logsweep {
namespace {

constexpr int kDefaultMaxLen = 50;

void check_lines(const LineEvents& lines) {
  const auto n = lines.event.size();
  if (lines.label.size() != n || lines.time.size() != n)
    throw Error("LineEvents arrays differ in length (event " + std::to_string(n) + ", label " +
                std::to_string(lines.label.size()) + ", time " + std::to_string(lines.time.size()) + ")");
}

std::int8_t any_anomalous(const LineEvents& lines, const std::vector<std::size_t>& members) {
  for (auto i : members)
    if (lines.label[i]) return 1;
  return 0;
}

// Adds the window made of `members` (line indices in order): the event sequence is truncated to
// max_len, the label covers every member (a session's label is the session's, seen or not).
void add_window(WindowSet& out, const LineEvents& lines, const std::vector<std::size_t>& members, int max_len,
                std::vector<std::int32_t>& buf) {
  buf.clear();
  for (std::size_t k = 0; k < members.size() && static_cast<int>(k) < max_len; ++k)
    buf.push_back(lines.event[members[k]]);
  out.add(buf.data(), buf.size(), any_anomalous(lines, members), lines.time[members.front()]);
}

WindowSet cut_fixed(const LineEvents& lines, const WindowSpec& spec) {
  if (spec.size < 1) throw field_error("size", "window size must be >= 1, got " + std::to_string(spec.size));
  if (spec.step < 1) throw field_error("step", "window step must be >= 1, got " + std::to_string(spec.step));
  WindowSet out;
  const std::size_t n = lines.event.size(), size = static_cast<std::size_t>(spec.size);
  std::vector<std::int64_t> anomalous_before(n + 1, 0);  // prefix counts: a window's label in O(1)
  for (std::size_t i = 0; i < n; ++i) anomalous_before[i + 1] = anomalous_before[i] + (lines.label[i] ? 1 : 0);
  for (std::size_t start = 0; start + size <= n; start += static_cast<std::size_t>(spec.step)) {
    const std::int8_t label = anomalous_before[start + size] > anomalous_before[start] ? 1 : 0;
    out.add(lines.event.data() + start, size, label, lines.time[start]);
  }
  return out;
}

WindowSet cut_sessions(const LineEvents& lines, int max_len) {
  if (lines.session.size() != lines.event.size())
    throw field_error("kind",
                      "session windows need a session per line (the reader's format must yield sessions, e.g. hdfs); "
                      "got " + std::to_string(lines.session.size()) + " sessions for " +
                          std::to_string(lines.event.size()) + " lines");
  // Ids are in order of first appearance, so are the windows. A name "" (caches written before
  // ids replaced strings) is no session, as -1 is.
  std::vector<std::vector<std::size_t>> members(lines.session_names.size());
  for (std::size_t i = 0; i < lines.event.size(); ++i) {
    const std::int32_t s = lines.session[i];
    if (s < 0) continue;
    if (static_cast<std::size_t>(s) >= members.size())
      throw Error("line " + std::to_string(i) + " names session " + std::to_string(s) + " of " +
                  std::to_string(members.size()));
    if (!lines.session_names[static_cast<std::size_t>(s)].empty()) members[static_cast<std::size_t>(s)].push_back(i);
  }
  WindowSet out;
  std::vector<std::int32_t> buf;
  for (auto& m : members)
    if (!m.empty()) add_window(out, lines, m, max_len, buf);
  return out;
}

WindowSet cut_time(const LineEvents& lines, const WindowSpec& spec, int max_len) {
  if (spec.span < 1)
    throw field_error("span", "time window span must be >= 1 second, got " + std::to_string(spec.span));
  if (spec.time_step < 1)
    throw field_error("time_step", "time window step must be >= 1 second, got " + std::to_string(spec.time_step));
  // Lines by time (stable: equal times keep file order), swept with a window [start, start+span).
  std::vector<std::size_t> order(lines.event.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return lines.time[a] < lines.time[b]; });
  WindowSet out;
  if (order.empty()) return out;
  std::vector<std::int32_t> buf;
  std::vector<std::size_t> members;
  const std::int64_t t0 = lines.time[order.front()];
  std::int64_t start = t0;
  std::size_t lo = 0;
  while (lo < order.size()) {
    while (lo < order.size() && lines.time[order[lo]] < start) ++lo;
    if (lo == order.size()) break;
    // Skip empty stretches in one jump to the grid point at or before the next line.
    const std::int64_t next = lines.time[order[lo]];
    if (next >= start + spec.span) {
      start = t0 + (next - spec.span + 1 - t0 + spec.time_step - 1) / spec.time_step * spec.time_step;
      continue;
    }
    members.clear();
    for (std::size_t k = lo; k < order.size() && lines.time[order[k]] < start + spec.span; ++k)
      members.push_back(order[k]);
    add_window(out, lines, members, max_len, buf);
    start += spec.time_step;
  }
  return out;
}

}  // namespace

WindowSet cut_windows(const LineEvents& lines, const WindowSpec& spec) {
  check_lines(lines);
  if (spec.max_len < 0) throw field_error("max_len", "max_len must be >= 0, got " + std::to_string(spec.max_len));
  const int max_len = spec.max_len > 0 ? spec.max_len : kDefaultMaxLen;
  WindowSet out;
  if (spec.kind == "fixed")
    out = cut_fixed(lines, spec);
  else if (spec.kind == "session")
    out = cut_sessions(lines, max_len);
  else if (spec.kind == "time")
    out = cut_time(lines, spec, max_len);
  else
    throw field_error("kind",
                      "unknown window kind '" + spec.kind + "'; " + suggest(spec.kind, {"fixed", "session", "time"}));
  out.finish();
  return out;
}

SessionInterner::SessionInterner(LineEvents& lines) : lines_(lines) {
  for (std::size_t i = 0; i < lines.session_names.size(); ++i)
    ids_.emplace(lines.session_names[i], static_cast<std::int32_t>(i));
}

void SessionInterner::push(const std::string& session) {
  if (session.empty()) {
    lines_.session.push_back(-1);
    return;
  }
  auto [it, fresh] = ids_.emplace(session, static_cast<std::int32_t>(lines_.session_names.size()));
  if (fresh) lines_.session_names.push_back(session);
  lines_.session.push_back(it->second);
}

}  // namespace logsweep
