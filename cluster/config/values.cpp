// Budgets and seeds: the two keys that accept either a list or a generator mapping.
#include "cluster/config/schema.hpp"

namespace logsweep::config_detail {

std::vector<double> parse_budgets(const Val& v) {
  std::vector<double> out;
  if (v.node.IsSequence()) {
    for (std::size_t i = 0; i < v.node.size(); ++i)
      out.push_back(Val{v.node[i], v.ctx, fmt::format("{}[{}]", v.field, i)}.real(0, 1));
  } else if (v.node.IsMap()) {
    struct Range {
      double from = 0, to = -1, step = 0;
    } r;
    static const std::vector<Key<Range>> keys = {
        {"from", "0..1", nullptr, "", [](const Val& x, Range& r, Ctx&) { r.from = x.real(0, 1); }},
        {"to", "0..1", nullptr, "", [](const Val& x, Range& r, Ctx&) { r.to = x.real(0, 1); }},
        {"step", "> 0", nullptr, "", [](const Val& x, Range& r, Ctx&) { r.step = x.real(1e-9, 1); }},
    };
    Ctx& c = const_cast<Ctx&>(v.ctx);
    parse_child(v, keys, r, c);
    if (r.to < r.from) v.fail(fmt::format("'{}': 'to' ({}) is below 'from' ({})", v.field, r.to, r.from));
    auto n = static_cast<std::int64_t>(std::floor((r.to - r.from) / r.step + 1e-9)) + 1;
    if (n > 10000) v.fail(fmt::format("'{}' expands to {} budgets (at most 10000)", v.field, n));
    // Rounded so that 0.005 * 3 is 0.015 exactly as a user would write it (stable job ids).
    for (std::int64_t i = 0; i < n; ++i) out.push_back(std::round((r.from + i * r.step) * 1e12) / 1e12);
  } else {
    v.fail(fmt::format("'{}' expects a list of fractions or {{from, to, step}}", v.field));
  }
  if (out.empty()) v.fail(fmt::format("'{}' is empty", v.field));
  std::set<double> uniq(out.begin(), out.end());
  if (uniq.size() != out.size()) v.fail(fmt::format("'{}' lists a budget twice", v.field));
  return out;
}

std::vector<std::uint64_t> parse_seeds(const Val& v) {
  std::vector<std::uint64_t> out;
  if (v.node.IsSequence()) {
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < v.node.size(); ++i) {
      Val e{v.node[i], v.ctx, fmt::format("{}[{}]", v.field, i)};
      auto s = e.integer(0, 9e18);
      if (!seen.insert(s).second) e.fail(fmt::format("seed {} is listed twice", s));
      out.push_back(static_cast<std::uint64_t>(s));
    }
  } else if (v.node.IsMap()) {
    struct Count {
      std::int64_t count = 0, start = 0;
    } c;
    static const std::vector<Key<Count>> keys = {
        {"count", "int >= 1", nullptr, "", [](const Val& x, Count& c, Ctx&) { c.count = x.integer(1, 100000); }},
        {"start", "int >= 0", "0", "", [](const Val& x, Count& c, Ctx&) { c.start = x.integer(0, 9e15); }},
    };
    parse_child(v, keys, c, const_cast<Ctx&>(v.ctx));
    for (std::int64_t i = 0; i < c.count; ++i) out.push_back(static_cast<std::uint64_t>(c.start + i));
  } else {
    v.fail(fmt::format("'{}' expects a list of integers or {{count: N}}", v.field));
  }
  if (out.empty()) v.fail(fmt::format("'{}' is empty: give at least one seed", v.field));
  return out;
}

}  // namespace logsweep::config_detail
