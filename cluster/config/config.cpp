// The experiment YAML schema table (one Key table per mapping) and the loading entry points.
#include "cluster/config/config.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include "cluster/config/schema.hpp"
#include "core/logs/log_families.hpp"
#include "core/logs/reader.hpp"
#include "core/parsing/drain.hpp"
#include "experiments/method.hpp"

namespace logsweep {
namespace config_detail {

const std::vector<Key<WindowSpec>>& window_keys() {
  static const std::vector<Key<WindowSpec>> k = {
      {"kind", "fixed|session|time", "fixed", "fixed: `size` lines every `step`; session: by session id (HDFS block); time: `span` seconds every `time_step`",
       [](const Val& v, WindowSpec& w, Ctx&) { w.kind = v.choice({"fixed", "session", "time"}); }},
      {"size", "int >= 1", "20", "fixed: lines per window (LogAction 20)",
       [](const Val& v, WindowSpec& w, Ctx&) { w.size = static_cast<int>(v.integer(1, 1e6)); }},
      {"step", "int >= 1", "1", "fixed: lines between window starts (LogAction's code: 1)",
       [](const Val& v, WindowSpec& w, Ctx&) { w.step = static_cast<int>(v.integer(1, 1e6)); }},
      {"span", "int >= 1", "60", "time: seconds per window",
       [](const Val& v, WindowSpec& w, Ctx&) { w.span = v.integer(1, 9e15); }},
      {"time_step", "int >= 1", "60", "time: seconds between window starts",
       [](const Val& v, WindowSpec& w, Ctx&) { w.time_step = v.integer(1, 9e15); }},
      {"max_len", "int >= 0", "0", "session/time: truncate longer windows (0 = 50)",
       [](const Val& v, WindowSpec& w, Ctx&) { w.max_len = static_cast<int>(v.integer(0, 1e6)); }},
  };
  return k;
}

const std::vector<Key<SplitSpec>>& split_keys() {
  static const std::vector<Key<SplitSpec>> k = {
      {"kind", "chronological|stratified_per_class", "chronological",
       "chronological: first part trains, by time (the honest protocol); stratified_per_class: the LogAction code's split, "
       "which uses all labels to give pool and test the same anomaly ratio (docs/methods.md)",
       [](const Val& v, SplitSpec& s, Ctx&) {
         if (v.str() == "logaction")
           v.fail("split kind 'logaction' is now called 'stratified_per_class' (it uses all labels to form pool and test)");
         s.kind = v.choice(split_kinds());
       }},
      {"train_ratio", "0..1", "0.7", "chronological: fraction of windows that train (source) / form the pool (target)",
       [](const Val& v, SplitSpec& s, Ctx&) { s.train_ratio = v.real(0, 1); }},
      {"gap_ratio", "0..1", "0.0", "chronological: fraction skipped between train and test",
       [](const Val& v, SplitSpec& s, Ctx&) { s.gap_ratio = v.real(0, 1); }},
      {"pretrain_ratio", "0..1", "0.5", "stratified_per_class: per class, first part trains the encoder",
       [](const Val& v, SplitSpec& s, Ctx&) { s.pretrain_ratio = v.real(0, 1); }},
      {"max_windows", "int >= 0", "100000",
       "at most this many windows per system (0 = all); stratified_per_class keeps the scanned class ratio",
       [](const Val& v, SplitSpec& s, Ctx&) { s.max_windows = v.integer(0, 9e15); }},
      {"scan_windows", "int >= 0", "0", "stratified_per_class: only the first this many windows count (0 = all; code: 1000001)",
       [](const Val& v, SplitSpec& s, Ctx&) { s.scan_windows = v.integer(0, 9e15); }},
  };
  return k;
}

const std::vector<Key<EmbedSpec>>& embedder_keys() {
  static const std::vector<Key<EmbedSpec>> k = {
      {"kind", "hashed|glove|torchscript", "hashed", "event embedder shared by all systems",
       [](const Val& v, EmbedSpec& e, Ctx&) { e.kind = v.choice({"hashed", "glove", "torchscript"}); }},
      {"path", "file", "none", "glove: vectors file (GloVe text or wink JSON, scripts/get-embeddings.sh); torchscript: module file",
       [](const Val& v, EmbedSpec& e, Ctx&) { e.path = v.path(true, "embedder file"); }},
      {"dim", "int >= 1", "300", "hashed: output dimension",
       [](const Val& v, EmbedSpec& e, Ctx&) { e.dim = static_cast<int>(v.integer(1, 100000)); }},
      {"interpretations", "file", "none", "template<TAB>text file replacing templates before embedding",
       [](const Val& v, EmbedSpec& e, Ctx&) { e.interpretations = v.path(true, "interpretations file"); }},
  };
  return k;
}

// Records the keys a window/split/embedder mapping sets explicitly ("window.size" -> where), so
// that a data sweep of the same key is refused rather than silently overriding it.
void note_explicit(const Val& v, const std::string& section, Ctx& ctx) {
  if (!v.node.IsMap()) return;
  for (auto it = v.node.begin(); it != v.node.end(); ++it)
    if (it->first.IsScalar())
      ctx.explicit_data.emplace(section + "." + it->first.Scalar(), ctx.at(it->first, v.field + "." + it->first.Scalar()));
}

}  // namespace config_detail
namespace {

using namespace config_detail;

struct Defaults {
  WindowSpec window;
  SplitSpec split;
};

const std::vector<Key<Defaults>>& defaults_keys() {
  static const std::vector<Key<Defaults>> k = {
      {"window", "mapping", "{}", "window keys below, for every dataset",
       [](const Val& v, Defaults& d, Ctx& c) {
         parse_child(v, window_keys(), d.window, c);
         note_explicit(v, "window", c);
       }},
      {"split", "mapping", "{}", "split keys below, for every dataset",
       [](const Val& v, Defaults& d, Ctx& c) {
         parse_child(v, split_keys(), d.split, c);
         note_explicit(v, "split", c);
       }},
  };
  return k;
}

const std::vector<Key<DrainParams>>& drain_keys() {
  static const std::vector<Key<DrainParams>> k = {
      {"depth", "int >= 2", "per format", "prefix tree depth incl. root and length layer (Drain3 semantics; <= 3 = no token layer)",
       [](const Val& v, DrainParams& d, Ctx&) { d.depth = static_cast<int>(v.integer(2, 100)); }},
      {"sim_threshold", "0..1", "per format", "similarity needed to join a template group",
       [](const Val& v, DrainParams& d, Ctx&) { d.sim_threshold = v.real(0, 1); }},
      {"max_children", "int >= 1", "100", "children per tree node",
       [](const Val& v, DrainParams& d, Ctx&) { d.max_children = static_cast<int>(v.integer(1, 1e9)); }},
      {"masks", "list of regex", "per format", "replaced by <*> before tokenising",
       [](const Val& v, DrainParams& d, Ctx&) {
         d.masks = v.str_list();
         for (std::size_t i = 0; i < d.masks.size(); ++i) {
           try {
             std::regex re(d.masks[i]);
           } catch (const std::regex_error& e) {
             Val{v.node[i], v.ctx, fmt::format("{}[{}]", v.field, i)}.fail(fmt::format("bad regex: {}", e.what()));
           }
         }
       }},
      {"delimiters", "text", "\" \"", "extra token delimiters besides whitespace",
       [](const Val& v, DrainParams& d, Ctx&) { d.delimiters = v.str(); }},
  };
  return k;
}

const std::vector<Key<DatasetEntry>>& dataset_keys() {
  static const std::vector<Key<DatasetEntry>> k = {
      {"name", "[A-Za-z0-9_.-]+", nullptr, "unique name, used in pairs, tables and the cache file name",
       [](const Val& v, DatasetEntry& d, Ctx&) {
         d.spec.name = v.str();
         if (!std::regex_match(d.spec.name, std::regex("[A-Za-z0-9_.-]+")))
           v.fail(fmt::format("dataset name '{}' may only use letters, digits, '_', '.', '-'", d.spec.name));
       }},
      {"format", "reader format", nullptr, log_family_choices().c_str(),
       [](const Val& v, DatasetEntry& d, Ctx&) {
         d.spec.reader.format = v.choice(reader_formats());
         d.spec.drain = drain_defaults(d.spec.reader.format);
       }},
      {"path", "file", nullptr, "the raw log file",
       [](const Val& v, DatasetEntry& d, Ctx&) { d.spec.reader.path = v.path(true, "log file"); }},
      {"label_file", "file", "none", "hdfs/openstack: BlockId,Label csv; generic: optional",
       [](const Val& v, DatasetEntry& d, Ctx&) { d.spec.reader.label_file = v.path(true, "label file"); }},
      {"line_format", "text", "none", "generic: \"<Date> <Time> <Level>: <Content>\"",
       [](const Val& v, DatasetEntry& d, Ctx&) { d.spec.reader.line_format = v.str(); }},
      {"label_field", "text", "reader's", "a line is anomalous when this field matches label_regex",
       [](const Val& v, DatasetEntry& d, Ctx&) { d.spec.reader.label_field = v.str(); }},
      {"label_regex", "regex", "reader's", "see label_field",
       [](const Val& v, DatasetEntry& d, Ctx&) { d.spec.reader.label_regex = v.str(); }},
      {"strict", "bool", "false", "the first malformed line is fatal",
       [](const Val& v, DatasetEntry& d, Ctx&) { d.spec.reader.strict = v.boolean(); }},
      {"skip_lines", "int >= 0", "0", "skip the file's first lines (a line range with max_lines, as the LogAction configs' start/end)",
       [](const Val& v, DatasetEntry& d, Ctx&) { d.spec.reader.skip_lines = static_cast<std::uint64_t>(v.integer(0, 9e18)); }},
      {"max_lines", "int >= 0", "0", "read at most this many lines after skip_lines (0 = to the end)",
       [](const Val& v, DatasetEntry& d, Ctx&) { d.spec.reader.max_lines = static_cast<std::uint64_t>(v.integer(0, 9e18)); }},
      {"drain", "mapping", "per format", "Drain overrides (keys below)",
       [](const Val& v, DatasetEntry& d, Ctx& c) { parse_child(v, drain_keys(), d.spec.drain, c); }},
      {"window", "mapping", "defaults.window", "per-key overrides of defaults.window",
       [](const Val& v, DatasetEntry& d, Ctx& c) {
         parse_child(v, window_keys(), d.spec.window, c);
         note_explicit(v, "window", c);
       }},
      {"split", "mapping", "defaults.split", "per-key overrides of defaults.split",
       [](const Val& v, DatasetEntry& d, Ctx& c) {
         parse_child(v, split_keys(), d.spec.split, c);
         note_explicit(v, "split", c);
       }},
  };
  return k;
}

std::vector<std::string> dataset_names(const ExperimentConfig& c) {
  std::vector<std::string> names;
  for (const auto& d : c.datasets) names.push_back(d.spec.name);
  return names;
}

void add_pair(ExperimentConfig& c, const Val& src, const Val& tgt, const Location& where) {
  auto names = dataset_names(c);
  PairEntry p{src.str(), tgt.str(), where};
  for (const Val* v : {&src, &tgt}) {
    std::string n = v->str();
    if (std::find(names.begin(), names.end(), n) == names.end())
      v->fail(fmt::format("unknown dataset '{}' in pairs; {}", n, suggest(n, names)));
  }
  if (p.source == p.target && !c.allow_same_pair)
    throw ConfigError(fmt::format("pair {} -> {} has the same source and target (set allow_same_pair: true to allow)",
                                  p.source, p.target),
                      where);
  for (const auto& q : c.pairs)
    if (q.source == p.source && q.target == p.target)
      throw ConfigError(fmt::format("pair {} -> {} is listed twice (first at line {})", p.source, p.target, q.where.line),
                        where);
  c.pairs.push_back(std::move(p));
}

void parse_pairs(const Val& v, ExperimentConfig& c) {
  if (v.node.IsScalar()) {
    if (v.node.Scalar() != "all") v.fail(fmt::format("'{}' expects 'all' or a list of pairs", v.field));
    std::vector<std::string> names;  // the YAML's names, also after a data sweep expanded the entries
    for (const auto& d : c.datasets)
      if (std::find(names.begin(), names.end(), d.base) == names.end()) names.push_back(d.base);
    for (const auto& s : names)
      for (const auto& t : names)
        if (s != t || c.allow_same_pair) c.pairs.push_back(PairEntry{s, t, v.loc()});
    return;
  }
  if (!v.node.IsSequence()) v.fail(fmt::format("'{}' expects 'all' or a list of pairs", v.field));
  for (std::size_t i = 0; i < v.node.size(); ++i) {
    Val e{v.node[i], v.ctx, fmt::format("{}[{}]", v.field, i)};
    if (e.node.IsSequence() && e.node.size() == 2) {
      add_pair(c, Val{e.node[0], e.ctx, e.field + "[0]"}, Val{e.node[1], e.ctx, e.field + "[1]"}, e.loc());
    } else if (e.node.IsMap()) {
      std::vector<std::string> allowed = {"source", "target"};
      for (auto it = e.node.begin(); it != e.node.end(); ++it) {
        std::string key = it->first.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
          throw ConfigError(fmt::format("unknown key '{}' in a pair; {}", key, suggest(key, allowed)),
                            e.ctx.at(it->first, e.field + "." + key));
      }
      if (!e.node["source"] || !e.node["target"]) e.fail("a pair needs both 'source' and 'target'");
      add_pair(c, Val{e.node["source"], e.ctx, e.field + ".source"}, Val{e.node["target"], e.ctx, e.field + ".target"},
               e.loc());
    } else {
      e.fail(fmt::format("'{}' expects [source, target] or {{source: A, target: B}}", e.field));
    }
  }
  if (c.pairs.empty()) v.fail("no pairs");
}

// The reader's own checks of a dataset's settings (line_format, label_field/label_regex,
// label_file against the format), run now on a reader of /dev/null: they are the checks
// prepare would make, so a wrong label_field stops the load instead of every job. Nothing is
// read (an empty log or label file is an InputError of the probe, ignored here); a ConfigError
// is re-located at the key it names in this dataset's entry.
void check_reader_settings(const Val& entry, const DatasetEntry& d) {
  const ReaderSpec& spec = d.spec.reader;
  if (!spec.label_file.empty() && spec.format != "hdfs" && spec.format != "openstack" && spec.format != "generic") {
    const std::string field = entry.field + ".label_file";
    throw ConfigError(fmt::format("format '{}' labels lines itself and never reads a label_file (only hdfs, openstack "
                                  "and generic do); remove label_file or use label_field/label_regex",
                                  spec.format),
                      entry.ctx.at(entry.node["label_file"], field));
  }
  ReaderSpec probe = spec;
  probe.path = "/dev/null";
  if (!probe.label_file.empty()) probe.label_file = "/dev/null";
  try {
    open_reader(probe);
  } catch (const ConfigError& e) {
    const std::string key = e.where().field;
    YAML::Node at = !key.empty() && entry.node[key] ? entry.node[key] : entry.node;
    // The reader says "field 'x'"; this entry's path says it better (datasets[1].label_field).
    throw ConfigError(fmt::format("dataset '{}': {}", d.spec.name, e.message()),
                      entry.ctx.at(at, key.empty() ? entry.field : entry.field + "." + key));
  } catch (const InputError&) {
    // /dev/null is empty: the probe got past every settings check.
  }
}

void parse_datasets(const Val& v, ExperimentConfig& c, Ctx& ctx) {
  if (!v.node.IsSequence() || v.node.size() == 0) v.fail("'datasets' expects a non-empty list of datasets");
  for (std::size_t i = 0; i < v.node.size(); ++i) {
    DatasetEntry d;
    d.spec.window = ctx.default_window;
    d.spec.split = ctx.default_split;
    Val e{v.node[i], ctx, fmt::format("datasets[{}]", i)};
    d.where = e.loc();
    parse_child(e, dataset_keys(), d, ctx);
    d.base = d.spec.name;
    d.embedder = c.embedder;
    check_reader_settings(e, d);
    for (const auto& other : c.datasets)
      if (other.spec.name == d.spec.name)
        e.fail(fmt::format("dataset '{}' is defined twice (first at line {})", d.spec.name, other.where.line));
    c.datasets.push_back(std::move(d));
  }
}

void check_method(const Val& v, const std::string& m) {
  const auto& names = method_names();
  if (std::find(names.begin(), names.end(), m) == names.end())
    v.fail(fmt::format("unknown method '{}'; {}", m, suggest(m, names)));
}

void parse_methods(const Val& v, ExperimentConfig& c) {
  auto list = v.str_list();
  if (list.empty()) v.fail("'methods' is empty");
  for (std::size_t i = 0; i < list.size(); ++i) {
    Val e{v.node[i], v.ctx, fmt::format("{}[{}]", v.field, i)};
    check_method(e, list[i]);
    if (std::find(c.methods.begin(), c.methods.end(), list[i]) != c.methods.end())
      e.fail(fmt::format("method '{}' is listed twice", list[i]));
    c.methods.push_back(list[i]);
  }
}

void parse_method_params(const Val& v, ExperimentConfig& c) {
  if (!v.node.IsMap()) v.fail("'method_params' expects a mapping method -> {parameter: value}");
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    std::string m = it->first.Scalar();
    check_method(Val{it->first, v.ctx, v.field + "." + m}, m);
    Val params{it->second, v.ctx, v.field + "." + m};
    if (!params.node.IsMap()) params.fail(fmt::format("'{}' expects a mapping parameter -> value", params.field));
    auto& raw = c.method_params[m];
    for (auto p = params.node.begin(); p != params.node.end(); ++p) {
      std::string key = p->first.Scalar();
      Val pv{p->second, v.ctx, params.field + "." + key};
      // The key's own position for unknown keys, the value's for bad values: Params::resolve
      // reports both through one location, so point at the key (the value is on that line).
      raw[key] = RawParam{pv.str(), v.ctx.at(p->first, key)};
    }
    Params::resolve(find_method(m).schema(), c.profile, raw);  // throws located ConfigErrors
  }
}

const std::vector<Key<ExperimentConfig>>& top_keys() {
  static const std::vector<Key<ExperimentConfig>> k = {
      {"name", "text", nullptr, "experiment name (shown in tables)",
       [](const Val& v, ExperimentConfig& c, Ctx&) { c.name = v.str(); }},
      {"profile", "paper|quick", "quick", "the methods' default hyper-parameters: the paper's, or small ones for demos/tests",
       [](const Val& v, ExperimentConfig& c, Ctx&) { c.profile = parse_profile(v.str(), v.loc()); }},
      {"output", "file", "out/results.h5", "results file (plus its .journal/ directory)",
       [](const Val& v, ExperimentConfig& c, Ctx&) { c.output = v.path(false, ""); }},
      {"cache_dir", "directory", "out/cache", "prepared-dataset cache, one HDF5 file per dataset",
       [](const Val& v, ExperimentConfig& c, Ctx&) { c.cache_dir = v.path(false, ""); }},
      {"device", "auto|cpu|cuda|cuda:N", "auto",
       "where jobs compute: auto = a GPU when libtorch has CUDA and one is visible, else the CPU; cuda = a GPU, each "
       "worker its own ((local rank - 1) mod GPUs on its node); cuda:N = GPU N for every worker; cpu. `run --device` "
       "overrides it. Not part of a job's id: a job resumed on another device is the same job",
       [](const Val& v, ExperimentConfig& c, Ctx&) {
         c.device = parse_device(v.str(), "'device'", v.loc());
         c.device_where = v.loc();
       }},
      {"embedder", "mapping", "{kind: hashed}", "event embedder (keys below)",
       [](const Val& v, ExperimentConfig& c, Ctx& ctx) {
         parse_child(v, embedder_keys(), c.embedder, ctx);
         note_explicit(v, "embedder", ctx);
         // Else make_embedder says so later, without the YAML line.
         if ((c.embedder.kind == "glove" || c.embedder.kind == "torchscript") && c.embedder.path.empty())
           v.fail(fmt::format("embedder kind '{}' needs 'path' ({})", c.embedder.kind,
                              c.embedder.kind == "glove" ? "the word vectors file" : "the TorchScript module file"));
       }},
      {"defaults", "mapping", "{}", "window and split for every dataset (keys below)",
       [](const Val& v, ExperimentConfig&, Ctx& ctx) {
         Defaults d{ctx.default_window, ctx.default_split};
         parse_child(v, defaults_keys(), d, ctx);
         ctx.default_window = d.window;
         ctx.default_split = d.split;
       }},
      {"datasets", "list", nullptr, "the systems (keys below)",
       [](const Val& v, ExperimentConfig& c, Ctx& ctx) { parse_datasets(v, c, ctx); }},
      {"allow_same_pair", "bool", "false", "allow source == target (in-system runs)",
       [](const Val& v, ExperimentConfig& c, Ctx&) { c.allow_same_pair = v.boolean(); }},
      {"pairs", "all | list", "all", "'all' ordered pairs, or [[A, B], ...] or [{source: A, target: B}, ...]",
       [](const Val& v, ExperimentConfig& c, Ctx&) { parse_pairs(v, c); }},
      {"methods", "list", nullptr, "method names (see below)",
       [](const Val& v, ExperimentConfig& c, Ctx&) { parse_methods(v, c); }},
      {"budgets", "list | range", nullptr, "target label budgets in [0,1]: [0, 0.01] or {from: 0, to: 0.05, step: 0.005}",
       [](const Val& v, ExperimentConfig& c, Ctx&) { c.budgets = parse_budgets(v); }},
      {"seeds", "list | {count, start}", "[0]", "seeds: [0, 1, 2] or {count: 5} (0..4) or {count: 5, start: 10}",
       [](const Val& v, ExperimentConfig& c, Ctx&) { c.seeds = parse_seeds(v); }},
      {"keep_vectors", "bool", "false", "store learned log vectors of test windows (for t-SNE plots)",
       [](const Val& v, ExperimentConfig& c, Ctx&) { c.keep_vectors = v.boolean(); }},
      {"method_params", "mapping", "{}", "method -> {parameter: value} overrides, checked against the method's schema",
       [](const Val& v, ExperimentConfig& c, Ctx&) { parse_method_params(v, c); }},
      {"sweep", "mapping", "{}",
       "method parameters as matrix axes: {Method.parameter: [values], ...}; a method runs once per point of the "
       "grid of its axes (e.g. {LogAction.first_ratio: [0.05, 0.1], LogAction.round_size: [0.005, 0.01]} = 4 "
       "parameter sets); a job keeps its id when its resolved parameters are unchanged. Dataset settings too: "
       "{window.size: [10, 20], split.train_ratio: [0.5, 0.7], embedder.dim: [32, 64]} (any window.* or split.* "
       "key, embedder.dim) prepares every dataset and runs every pair once per point of their grid; such a key may "
       "not also be set in defaults, a dataset or embedder",
       [](const Val& v, ExperimentConfig& c, Ctx&) { parse_sweep(v, c); }},
  };
  return k;
}

template <class T>
std::string markdown(const std::string& title, const std::vector<Key<T>>& keys) {
  std::string out = "### " + title + "\n\n| key | type | default | meaning |\n|---|---|---|---|\n";
  for (const auto& k : keys)
    out += fmt::format("| `{}` | {} | {} | {} |\n", k.name, markdown_cell(k.type),
                       markdown_cell(k.def ? k.def : "**required**"), markdown_cell(k.doc));
  return out + "\n";
}

}  // namespace

const DatasetEntry& ExperimentConfig::dataset(const std::string& n) const {
  for (const auto& d : datasets)
    if (d.spec.name == n) return d;
  throw Error(fmt::format("unknown dataset '{}'; {}", n, suggest(n, dataset_names(*this))));
}

std::string dataset_at(const std::string& base, const std::string& point) {
  return point.empty() ? base : base + "@" + point;
}

std::vector<std::string> ExperimentConfig::used_datasets() const {
  std::vector<std::string> out;
  for (const auto& d : datasets)
    for (const auto& p : pairs)
      if (p.source == d.base || p.target == d.base) {
        out.push_back(d.spec.name);
        break;
      }
  return out;
}

Params ExperimentConfig::params_for(const std::string& method) const {
  static const std::map<std::string, RawParam> none;
  auto it = method_params.find(method);
  return Params::resolve(find_method(method).schema(), profile, it == method_params.end() ? none : it->second);
}

ExperimentConfig parse_config(const std::string& yaml_text, const std::string& file, const std::string& base_dir,
                              const LoadOptions& opts) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError("YAML syntax error: " + e.msg,
                      Location{file, static_cast<std::uint64_t>(e.mark.line + 1),
                               static_cast<std::uint64_t>(e.mark.column + 1), ""});
  }
  ExperimentConfig cfg;
  cfg.file = file;
  cfg.base_dir = base_dir;
  cfg.output = (fs::path(base_dir) / "out/results.h5").lexically_normal().string();
  cfg.cache_dir = (fs::path(base_dir) / "out/cache").lexically_normal().string();
  cfg.seeds = {0};
  Ctx ctx;
  ctx.file = file;
  ctx.base_dir = base_dir;
  ctx.opts = opts;
  ctx.cfg = &cfg;
  if (!root || root.IsNull()) throw ConfigError("the experiment file is empty", Location{file, 0, 0, ""});
  parse_map(root, top_keys(), cfg, ctx, "");
  if (!root["pairs"]) {  // default 'all'
    YAML::Node all("all");
    parse_pairs(Val{all, ctx, "pairs"}, cfg);
    if (cfg.pairs.empty())
      throw ConfigError("'pairs' defaults to all ordered pairs, but there is only one dataset", Location{file, 1, 1, "pairs"});
  }
  return cfg;
}

ExperimentConfig load_config(const std::string& path, const LoadOptions& opts) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("cannot read experiment file '{}'", path));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string base = fs::absolute(fs::path(path)).parent_path().lexically_normal().string();
  return parse_config(ss.str(), path, base, opts);
}

std::string config_reference(bool with_method_params) {
  std::string out = "## Experiment YAML reference\n\nRelative paths resolve against the YAML file's directory.\n\n";
  out += markdown("Top level", top_keys());
  out += markdown("embedder", embedder_keys());
  out += markdown("defaults", defaults_keys());
  out += markdown("datasets[] (each entry)", dataset_keys());
  out += markdown("drain (datasets[].drain)", drain_keys());
  out += markdown("window (defaults.window, datasets[].window)", window_keys());
  out += markdown("split (defaults.split, datasets[].split)", split_keys());
  if (with_method_params) {
    out += "### Methods and their parameters (method_params)\n\n"
           "Defaults are the papers' / authors' code values (`paper`) and small ones (`quick`). Where a method "
           "differs from its paper or its authors' code, and why: docs/methods.md.\n\n";
    for (const auto& m : method_names())
      out += "#### " + m + "\n\n" + find_method(m).schema().markdown() + "\n";
  }
  return out;
}

}  // namespace logsweep
