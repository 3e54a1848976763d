// The `sweep` key: method parameters and dataset settings as axes of the job matrix, each
// method's grid of parameter sets and the data points. Every value and every grid point is
// resolved at load time, so a bad value or a combination a method's checks refuse is a located
// ConfigError before anything runs.
#include "cluster/config/schema.hpp"
#include "experiments/method.hpp"

namespace logsweep {
namespace config_detail {
namespace {

constexpr std::size_t kMaxGrid = 100000;      // parameter sets per method
constexpr std::size_t kMaxDataPoints = 1000;  // data sweep points (each prepares every dataset)

// "LogAction.first_ratio" -> its axis, the values not yet read.
SweepAxis parse_axis_key(const Val& key, const ExperimentConfig& c) {
  const std::string text = key.str();
  const auto dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size())
    key.fail(fmt::format("sweep key '{}' must be Method.parameter (e.g. LogAction.first_ratio) or a dataset setting "
                         "(window.size, split.train_ratio, embedder.dim)", text));
  SweepAxis axis;
  axis.method = text.substr(0, dot);
  axis.param = text.substr(dot + 1);
  axis.where = key.loc();
  const auto& names = method_names();
  if (std::find(names.begin(), names.end(), axis.method) == names.end()) {
    auto choices = names;
    for (const char* section : {"window", "split", "embedder"}) choices.push_back(section);
    key.fail(fmt::format("unknown method '{}' in sweep key '{}'; {}", axis.method, text, suggest(axis.method, choices)));
  }
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

// ---- Data axes: window.*, split.* and embedder.dim, applied to every dataset.

bool is_data_key(const std::string& key) {
  for (const char* section : {"window.", "split.", "embedder."})
    if (key.rfind(section, 0) == 0) return true;
  return false;
}

// Applies value `v` of data axis `param` ("window.size") to one dataset entry.
void apply_data_value(const std::string& param, const Val& v, DatasetEntry& d) {
  const auto dot = param.find('.');
  const std::string section = param.substr(0, dot), name = param.substr(dot + 1);
  Ctx ctx = v.ctx;
  auto apply = [&](const auto& keys, auto& target) {
    for (const auto& k : keys)
      if (name == k.name) return k.apply(v, target, ctx);
  };
  if (section == "window") apply(window_keys(), d.spec.window);
  else if (section == "split") apply(split_keys(), d.spec.split);
  else apply(embedder_keys(), d.embedder);
}

// The key names of the table for `section`.
std::vector<std::string> data_key_names(const std::string& section) {
  std::vector<std::string> out;
  auto add = [&](const auto& keys) {
    for (const auto& k : keys) out.push_back(k.name);
  };
  if (section == "window") add(window_keys());
  else if (section == "split") add(split_keys());
  else out.push_back("dim");  // the embedder's other keys change what an embedding is, not its size
  return out;
}

SweepAxis parse_data_axis_key(const Val& key, const ExperimentConfig& c) {
  const std::string text = key.str();
  const auto dot = text.find('.');
  const std::string section = text.substr(0, dot), name = text.substr(dot + 1);
  const auto names = data_key_names(section);
  if (std::find(names.begin(), names.end(), name) == names.end())
    key.fail(fmt::format("'{}' cannot be swept: {} keys that can are {}; {}", text, section, join(names, ", "),
                         suggest(name, names)));
  auto set = key.ctx.explicit_data.find(text);
  if (set != key.ctx.explicit_data.end())
    key.fail(fmt::format("'{}' is swept here and also set at line {} ({}): keep one", text, set->second.line,
                         set->second.field));
  for (const auto& other : c.data_sweep)
    if (other.param == text) key.fail(fmt::format("sweep key '{}' is given twice (first at line {})", text, other.where.line));
  SweepAxis axis;
  axis.param = text;
  axis.where = key.loc();
  return axis;
}

// A value as the point's name shows it: numbers as parsed (0.70 -> 0.7), so that two spellings of
// one value are caught as a repeat.
std::string data_value_text(const std::string& param, const Val& v) {
  DatasetEntry probe;
  apply_data_value(param, v, probe);  // the key's own type and range check, located at the value
  const std::string raw = v.str();
  char* end = nullptr;
  const double x = std::strtod(raw.c_str(), &end);
  return end && *end == '\0' && !raw.empty() ? fmt::format("{}", x) : raw;
}

// The texts of a data axis's values (each checked against its key's type and range), no two alike.
std::vector<std::string> data_value_texts(const SweepAxis& axis, const std::vector<Val>& values) {
  std::vector<std::string> texts;
  for (std::size_t j = 0; j < values.size(); ++j) {
    texts.push_back(data_value_text(axis.param, values[j]));
    for (std::size_t i = 0; i < j; ++i)
      if (texts[i] == texts[j])
        values[j].fail(fmt::format("sweep {} lists the value {} twice (as '{}' and '{}')", axis.param, texts[j],
                                   values[i].str(), values[j].str()));
  }
  return texts;
}

// Replaces c.datasets by one entry per point of the data grid and dataset, and fills c.data_points.
// `values[i][j]` is value j of data axis i.
void expand_data_points(ExperimentConfig& c, const std::vector<std::vector<Val>>& values) {
  std::vector<std::vector<std::string>> texts;
  for (std::size_t i = 0; i < values.size(); ++i) texts.push_back(data_value_texts(c.data_sweep[i], values[i]));
  const std::vector<DatasetEntry> bases = c.datasets;
  c.datasets.clear();
  c.data_points.clear();
  std::vector<std::size_t> at(values.size(), 0);  // an odometer, the last axis fastest
  for (;;) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < at.size(); ++i) parts.push_back(c.data_sweep[i].param + "=" + texts[i][at[i]]);
    const std::string point = join(parts, ";");
    c.data_points.push_back(point);
    for (const auto& base : bases) {
      DatasetEntry d = base;
      for (std::size_t i = 0; i < at.size(); ++i) apply_data_value(c.data_sweep[i].param, values[i][at[i]], d);
      d.point = point;
      d.spec.name = dataset_at(d.base, point);
      c.datasets.push_back(std::move(d));
    }
    std::size_t k = at.size();
    while (k > 0 && ++at[k - 1] == values[k - 1].size()) at[--k] = 0;
    if (k == 0) break;
  }
}

}  // namespace

void parse_sweep(const Val& v, ExperimentConfig& c) {
  if (!v.node.IsMap()) v.fail("'sweep' expects a mapping Method.parameter (or window.*, split.*, embedder.dim) -> [values]");
  std::vector<std::vector<Val>> data_nodes;
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
    const Val key_val{it->first, v.ctx, v.field + "." + key};
    const Val list{it->second, v.ctx, v.field + "." + key};
    if (is_data_key(key)) {
      SweepAxis axis = parse_data_axis_key(key_val, c);
      parse_axis_values(list, axis);
      data_nodes.emplace_back();
      for (std::size_t i = 0; i < list.node.size(); ++i)
        data_nodes.back().push_back(Val{list.node[i], v.ctx, fmt::format("{}[{}]", list.field, i)});
      c.data_sweep.push_back(std::move(axis));
      continue;
    }
    SweepAxis axis = parse_axis_key(key_val, c);
    parse_axis_values(list, axis);
    c.sweep.push_back(std::move(axis));
  }
  if (!c.data_sweep.empty()) {
    std::size_t points = 1;
    for (const auto& a : c.data_sweep) points *= a.values.size();
    if (points > kMaxDataPoints)
      v.fail(fmt::format("the data sweep has {} points (more than {}): every dataset is prepared once per point",
                         points, kMaxDataPoints));
    expand_data_points(c, data_nodes);
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

namespace {

// (key, value text) of every sweepable setting of one dataset, numbers as data_value_text shows them.
std::vector<std::pair<std::string, std::string>> setting_values(const DatasetEntry& d) {
  const WindowSpec& w = d.spec.window;
  const SplitSpec& s = d.spec.split;
  return {{"window.kind", w.kind},
          {"window.size", fmt::format("{}", w.size)},
          {"window.step", fmt::format("{}", w.step)},
          {"window.span", fmt::format("{}", w.span)},
          {"window.time_step", fmt::format("{}", w.time_step)},
          {"window.max_len", fmt::format("{}", w.max_len)},
          {"split.kind", s.kind},
          {"split.train_ratio", fmt::format("{}", s.train_ratio)},
          {"split.gap_ratio", fmt::format("{}", s.gap_ratio)},
          {"split.pretrain_ratio", fmt::format("{}", s.pretrain_ratio)},
          {"split.max_windows", fmt::format("{}", s.max_windows)},
          {"split.scan_windows", fmt::format("{}", s.scan_windows)},
          {"embedder.dim", fmt::format("{}", d.embedder.dim)}};
}

}  // namespace

std::string data_settings(const DatasetEntry& source, const DatasetEntry& target) {
  const auto src = setting_values(source), tgt = setting_values(target);
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < src.size(); ++i)
    parts.push_back(src[i].first + "=" + (src[i].second == tgt[i].second ? tgt[i].second : src[i].second + ">" + tgt[i].second));
  return join(parts, ";");
}

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
