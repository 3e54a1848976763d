// The `sweep` key: method parameters as axes of the job matrix, and each method's grid of
// parameter sets. Every value and every grid point is resolved at load time, so a bad value or
// a combination a method's checks refuse is a located ConfigError before anything runs.
#include "cluster/config_schema.hpp"
#include "experiments/method.hpp"

namespace logsweep {
namespace config_detail {
namespace {

constexpr std::size_t kMaxGrid = 100000;  // parameter sets per method

// "LogAction.first_ratio" -> its axis, the values not yet read.
SweepAxis parse_axis_key(const Val& key, const ExperimentConfig& c) {
  const std::string text = key.str();
  const auto dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size())
    key.fail(fmt::format("sweep key '{}' must be Method.parameter (e.g. LogAction.first_ratio)", text));
  SweepAxis axis;
  axis.method = text.substr(0, dot);
  axis.param = text.substr(dot + 1);
  axis.where = key.loc();
  const auto& names = method_names();
  if (std::find(names.begin(), names.end(), axis.method) == names.end())
    key.fail(fmt::format("unknown method '{}' in sweep key '{}'; {}", axis.method, text, suggest(axis.method, names)));
  if (std::find(c.methods.begin(), c.methods.end(), axis.method) == c.methods.end())
    key.fail(fmt::format("sweep key '{}': method '{}' is not in 'methods'; {}", text, axis.method,
                         suggest(axis.method, c.methods)));
  const ParamSchema& schema = find_method(axis.method).schema();
  if (!schema.find(axis.param)) {
    std::vector<std::string> params;
    for (const auto& s : schema.specs()) params.push_back(s.name);
    key.fail(fmt::format("unknown {} parameter '{}' in sweep key '{}'; {}", axis.method, axis.param, text,
                         suggest(axis.param, params)));
  }
  auto fixed = c.method_params.find(axis.method);
  if (fixed != c.method_params.end() && fixed->second.count(axis.param))
    key.fail(fmt::format("'{}' is swept here and also set in method_params (line {}): keep one",
                         text, fixed->second.at(axis.param).where.line));
  for (const auto& other : c.sweep)
    if (other.method == axis.method && other.param == axis.param)
      key.fail(fmt::format("sweep key '{}' is given twice (first at line {})", text, other.where.line));
  return axis;
}

// The axis's values as written: a non-empty list of scalars (checked against the schema with
// the whole grid, in parse_sweep).
void parse_axis_values(const Val& list, SweepAxis& axis) {
  if (!list.node.IsSequence() || list.node.size() == 0)
    list.fail(fmt::format("'{}' expects a non-empty list of values", list.field));
  for (std::size_t i = 0; i < list.node.size(); ++i) {
    Val e{list.node[i], list.ctx, fmt::format("{}[{}]", list.field, i)};
    axis.values.push_back(RawParam{e.str(), e.loc()});
  }
}

// No two values of an axis alike once parsed (0.1 and 0.10 would be the same jobs twice).
// grid[j * stride] is the point with axis `a` at value j and every later axis at its first.
void check_distinct(const SweepAxis& a, const std::vector<Params>& grid, std::size_t stride) {
  std::map<std::string, std::size_t> seen;
  for (std::size_t j = 0; j < a.values.size(); ++j) {
    const std::string parsed = param_to_string(grid[j * stride].values().at(a.param));
    auto [it, fresh] = seen.emplace(parsed, j);
    if (!fresh)
      throw ConfigError(fmt::format("sweep {}.{} lists the value {} twice (as '{}' and '{}')", a.method, a.param,
                                    parsed, a.values[it->second].value, a.values[j].value),
                        a.values[j].where);
  }
}

}  // namespace

void parse_sweep(const Val& v, ExperimentConfig& c) {
  if (!v.node.IsMap()) v.fail("'sweep' expects a mapping Method.parameter -> [values]");
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
    SweepAxis axis = parse_axis_key(Val{it->first, v.ctx, v.field + "." + key}, c);
    parse_axis_values(Val{it->second, v.ctx, v.field + "." + key}, axis);
    c.sweep.push_back(std::move(axis));
  }
  // Every point of every grid, resolved now: each value's type and range, and the methods'
  // cross-parameter checks (e.g. heads dividing d_model) on each combination, located at a value.
  for (const auto& m : c.methods) {
    const auto axes = c.axes_of(m);
    std::size_t points = 1;
    for (const SweepAxis* a : axes) {
      points *= a->values.size();
      if (points > kMaxGrid) v.fail(fmt::format("the sweep of {} has more than {} parameter sets", m, kMaxGrid));
    }
    const auto grid = c.param_grid(m);
    std::size_t stride = points;
    for (const SweepAxis* a : axes) {
      stride /= a->values.size();
      check_distinct(*a, grid, stride);
    }
  }
}

}  // namespace config_detail

std::vector<const SweepAxis*> ExperimentConfig::axes_of(const std::string& method) const {
  std::vector<const SweepAxis*> out;
  for (const auto& a : sweep)
    if (a.method == method) out.push_back(&a);
  return out;
}

std::vector<Params> ExperimentConfig::param_grid(const std::string& method, std::vector<std::string>* points) const {
  const auto axes = axes_of(method);
  const ParamSchema& schema = find_method(method).schema();
  static const std::map<std::string, RawParam> none;
  auto fixed = method_params.find(method);
  const auto& base = fixed == method_params.end() ? none : fixed->second;
  std::vector<Params> out;
  std::vector<std::size_t> at(axes.size(), 0);  // an odometer over the axes, the last one fastest
  for (;;) {
    auto raw = base;
    for (std::size_t i = 0; i < axes.size(); ++i) raw[axes[i]->param] = axes[i]->values[at[i]];
    out.push_back(Params::resolve(schema, profile, raw));
    if (points) {
      std::vector<std::string> parts;
      for (const SweepAxis* a : axes) parts.push_back(a->param + "=" + param_to_string(out.back().values().at(a->param)));
      points->push_back(join(parts, " "));
    }
    std::size_t k = axes.size();
    while (k > 0 && ++at[k - 1] == axes[k - 1]->values.size()) at[--k] = 0;
    if (k == 0) break;
  }
  return out;
}

}  // namespace logsweep
