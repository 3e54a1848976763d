// Building tables: filtering records, grouping them into cells by method setting, aggregating
// seeds, choosing rows/columns. Rendering is in table_render.cpp, paired tests in
// tables_versus.cpp, the tidy CSV in tables_tidy.cpp.
#include "results/report/tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "results/report/stats.hpp"
#include "results/report/table_grid.hpp"
#include "results/report/tables_tidy.hpp"
#include "results/report/tables_variants.hpp"

namespace logsweep {

namespace {

using table::Bucket;
using table::Cell;
using table::ColumnGroup;
using table::Grid;
using table::PairedCell;

const std::vector<std::string> kLayouts{"methods", "ablation", "budget", "tidy", "sensitivity", "selection"};
const std::vector<std::string> kFormats{"markdown", "latex", "csv"};
const std::vector<std::string> kMetrics{"f1", "precision", "recall", "auc"};
const std::vector<std::string> kCis{"none", "t", "bootstrap"};

bool same_budget(double a, double b) { return std::fabs(a - b) < 1e-9; }
// Budgets parsed from different texts ("0.07" vs 7/100) may differ in the last bit: one key.
double budget_key(double b) { return std::round(b * 1e9) / 1e9; }

std::string pair_key(const std::string& s, const std::string& t) { return s + "->" + t; }

void check_options(const TableOptions& o) {
  if (std::find(kMetrics.begin(), kMetrics.end(), o.metric) == kMetrics.end())
    throw ConfigError(fmt::format("unknown table metric '{}'; {}", o.metric, suggest(o.metric, kMetrics)));
  if (o.decimals < 0 || o.decimals > 6) throw ConfigError(fmt::format("table decimals must be 0..6, got {}", o.decimals));
  if (!(o.alpha > 0 && o.alpha < 1)) throw ConfigError(fmt::format("alpha must be in (0, 1), got {}", o.alpha));
  for (const auto& p : o.pairs)
    if (p.find("->") == std::string::npos || starts_with(p, "->") || p.size() < 4 || p.substr(p.size() - 2) == "->")
      throw ConfigError(fmt::format("pair '{}' is not of the form SOURCE->TARGET", p));
}

bool keep(const JobRecord& r, const TableOptions& o) {
  if (!method_wanted(r.method, o.methods)) return false;
  if (!o.pairs.empty() && std::find(o.pairs.begin(), o.pairs.end(), pair_key(r.source, r.target)) == o.pairs.end())
    return false;
  if (!o.budgets.empty() &&
      std::none_of(o.budgets.begin(), o.budgets.end(), [&](double b) { return same_budget(b, r.budget); }))
    return false;
  if (o.layout == TableLayout::Ablation && !proposed_or_ablation(o.families, r.method)) return false;
  return true;
}

// Distinct values in the order the user gave, else sorted.
std::vector<std::string> ordered(const std::set<std::string>& present, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return {present.begin(), present.end()};
  std::vector<std::string> out;
  for (const auto& w : wanted)
    if (present.count(w) && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
  return out;
}

// One position on a table's axis: a budget, or a parameter value in the sensitivity layout.
struct AxisValue {
  std::string key, label;
  double num = 0;
  bool numeric = false;
};

bool axis_less(const AxisValue& a, const AxisValue& b) {
  if (a.numeric != b.numeric) return a.numeric;
  return a.numeric ? a.num < b.num : a.key < b.key;
}

bool by_parameter(const TableOptions& o) { return o.layout == TableLayout::Sensitivity && o.x != "budget"; }

AxisValue axis_of(const JobRecord& r, const TableOptions& o) {
  AxisValue a;
  if (by_parameter(o)) {
    a.key = a.label = record_axis_value(r, o.x);
    char* end = nullptr;
    a.num = std::strtod(a.key.c_str(), &end);
    a.numeric = !a.key.empty() && *end == '\0';
    return a;
  }
  a.num = budget_key(r.budget);
  a.key = fmt::format("{}", a.num);
  a.label = table::budget_label(a.num);
  a.numeric = true;
  return a;
}

struct Key {
  std::string name, axis, pair;
  bool operator<(const Key& k) const { return std::tie(name, axis, pair) < std::tie(k.name, k.axis, k.pair); }
};

// Everything a grid is built from: the cells' jobs and the rows/columns they span.
struct Collected {
  std::map<Key, Bucket> buckets;
  std::vector<std::string> names;                 // row names (method settings), in order
  std::map<std::string, std::string> base;        // row name -> method
  std::vector<AxisValue> axis;                    // sorted
  std::vector<std::string> pairs;
  std::map<std::string, std::pair<std::string, std::string>> pair_parts;
  int without_x = 0;                              // sensitivity: jobs lacking the x parameter
  const Bucket* find(const std::string& n, const std::string& a, const std::string& p) const {
    auto it = buckets.find(Key{n, a, p});
    return it == buckets.end() ? nullptr : &it->second;
  }
};

void add_reason(std::vector<std::string>& reasons, const std::string& msg) {
  std::string m = msg.empty() ? "no reason recorded" : printable_prefix(msg, 100);
  if (std::find(reasons.begin(), reasons.end(), m) == reasons.end()) reasons.push_back(m);
}

Collected collect(const std::vector<const JobRecord*>& recs, const TableOptions& o, Grid& g) {
  Collected c;
  const VariantNames names(recs, o.default_params, by_parameter(o) ? std::vector<std::string>{o.x} : std::vector<std::string>{});
  std::set<std::string> present, pair_names;
  std::map<std::string, AxisValue> axis;
  for (const JobRecord* r : recs) {
    const AxisValue a = axis_of(*r, o);
    if (a.key.empty()) {
      ++c.without_x;
      continue;
    }
    const std::string name = names(*r), pk = pair_key(r->source, r->target);
    Bucket& b = c.buckets[Key{name, a.key, pk}];
    present.insert(name);
    c.base[name] = r->method;
    axis.emplace(a.key, a);
    pair_names.insert(pk);
    c.pair_parts[pk] = {r->source, r->target};
    if (r->status == JobStatus::Done) b.done.push_back(r);
    if (r->status == JobStatus::Failed) {
      ++b.failed;
      ++g.failed_jobs;
      add_reason(g.failed_reasons, r->message);
    }
    if (r->status == JobStatus::Skipped) {
      ++b.skipped;
      ++g.skipped_jobs;
      add_reason(g.skipped_reasons, r->message);
    }
  }
  for (const auto& [k, a] : axis) c.axis.push_back(a);
  std::sort(c.axis.begin(), c.axis.end(), axis_less);
  c.names = settings_in_filter_order(present, c.base, o.methods);
  if (o.layout == TableLayout::Ablation && o.methods.empty()) {
    // The full model first, then its ablations.
    auto it = std::find_if(c.names.begin(), c.names.end(), [&](const std::string& n) {
      auto f = o.families.find(n);
      return f != o.families.end() && f->second == MethodFamily::Proposed;
    });
    if (it != c.names.end()) std::rotate(c.names.begin(), it, it + 1);
  }
  c.pairs = ordered(pair_names, o.pairs);
  return c;
}

Cell aggregate(const Bucket* b, const std::string& metric, double scale, TableCi ci) {
  Cell c;
  if (!b) return c;
  std::vector<double> v;
  for (const JobRecord* r : b->done) {
    double x = record_metric(*r, metric);
    if (!std::isnan(x)) v.push_back(x * scale);
  }
  if (v.empty()) {
    c.kind = b->failed ? Cell::Kind::Failed : b->skipped ? Cell::Kind::Skipped : Cell::Kind::Missing;
    return c;
  }
  c.kind = Cell::Kind::Value;
  c.n = static_cast<int>(v.size());
  c.mean = stats::mean(v);
  c.std = stats::sample_std(v);
  if (ci != TableCi::None) {
    const stats::Interval in = ci == TableCi::T ? stats::t_interval(v) : stats::bootstrap_interval(v);
    c.has_ci = in.valid;
    c.ci_lo = in.lo;
    c.ci_hi = in.hi;
  }
  c.some_failed = b->failed > 0;
  c.some_skipped = b->skipped > 0;
  return c;
}

// Bolds the best displayed value among >= 2 competing cells.
void bold_best(std::vector<Cell*> cells, int decimals) {
  std::vector<Cell*> vals;
  for (Cell* c : cells)
    if (c->kind == Cell::Kind::Value) vals.push_back(c);
  if (vals.size() < 2) return;
  const double unit = std::pow(10.0, decimals);
  auto shown = [&](const Cell* c) { return std::round(c->mean * unit); };  // compare what is printed
  double best = -std::numeric_limits<double>::infinity();
  for (Cell* c : vals) best = std::max(best, shown(c));
  for (Cell* c : vals) c->bold = shown(c) == best;
}

std::string metric_title(const std::string& m) {
  if (m == "f1") return "F1";
  if (m == "precision") return "P";
  if (m == "recall") return "R";
  return "AUC";
}

// "Target labels read per job (mean over finished jobs): DeepLog 8050; LogAction 2%: 161" for
// the rows whose jobs read any, so that a method that reads every training label is seen as such.
std::string labels_note(const std::vector<std::vector<std::string>>& labels, const std::vector<Bucket>& rows) {
  std::vector<std::string> parts;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].done.empty()) continue;
    double sum = 0;
    for (const JobRecord* j : rows[r].done) sum += static_cast<double>(j->result.n_labelled);
    if (sum <= 0) continue;
    parts.push_back(fmt::format("{} {:.0f}", join(labels[r], " "), sum / static_cast<double>(rows[r].done.size())));
  }
  if (parts.empty()) return "";
  return "Target training labels read per job (mean over finished jobs and pairs): " + join(parts, "; ") + ".";
}

// What the statistics options add to a legend.
std::string stats_legend(const TableOptions& o) {
  std::string s;
  if (o.ci == TableCi::T) s += "; [lo, hi] = 95% confidence interval of the mean over seeds (Student t)";
  if (o.ci == TableCi::Bootstrap)
    s += "; [lo, hi] = 95% confidence interval of the mean over seeds (percentile bootstrap, 10000 resamples)";
  if (!o.versus.empty())
    s += fmt::format("; versus {} (Wilcoxon signed-rank over the seeds both finished, Holm-corrected per column, "
                     "alpha {}): ▲ significantly better, ▼ significantly worse, ≈ no significant difference, "
                     "? fewer than {} matched seeds to test",
                     o.versus, o.alpha, kMinPairedJobs);
  return s;
}

// Methods / ablation layout: rows = settings (x budget when several), groups = pairs + Average.
void build_methods(const Collected& c, const TableOptions& o, double scale, Grid& g, std::vector<PairedCell>& paired) {
  const std::vector<std::string> metrics{"f1", "precision", "recall"};
  const std::vector<std::string> sub{"F1", "P", "R"};
  const bool many_budgets = c.axis.size() > 1, average = c.pairs.size() > 1;
  g.label_headers = many_budgets ? std::vector<std::string>{"Method", "Budget"} : std::vector<std::string>{"Method"};
  for (const auto& p : c.pairs) g.groups.push_back(ColumnGroup{c.pair_parts.at(p).first, c.pair_parts.at(p).second, "", sub});
  if (average) g.groups.push_back(ColumnGroup{"", "", "Average", sub});
  std::vector<Bucket> row_jobs;  // every finished job of a row, over its pairs
  struct Pending {
    std::size_t row, col;
    PairedCell pc;
  };
  std::vector<Pending> pending;
  for (const auto& m : c.names)
    for (const auto& a : c.axis) {
      std::vector<Cell> row;
      Bucket jobs;
      bool any = false;
      for (const auto& p : c.pairs)
        if (const Bucket* bk = c.find(m, a.key, p)) jobs.done.insert(jobs.done.end(), bk->done.begin(), bk->done.end());
      for (const auto& p : c.pairs)
        for (const auto& metric : metrics) {
          const Bucket* bk = c.find(m, a.key, p);
          row.push_back(aggregate(bk, metric, scale, o.ci));
          any = any || bk;
          if (!o.versus.empty() && m != o.versus)
            pending.push_back({g.cells.size(), row.size() - 1, PairedCell{nullptr, bk, c.find(o.versus, a.key, p), metric, a.key + "|" + p + "|" + metric}});
        }
      if (!any) {  // this setting never ran at this budget
        while (!pending.empty() && pending.back().row == g.cells.size()) pending.pop_back();
        continue;
      }
      if (average)
        for (std::size_t k = 0; k < metrics.size(); ++k) {
          Cell avg;
          double sum = 0;
          bool all = true;
          for (std::size_t p = 0; p < c.pairs.size(); ++p) {
            const Cell& cell = row[p * metrics.size() + k];
            all = all && cell.kind == Cell::Kind::Value;
            sum += cell.mean;
          }
          if (all) {
            avg.kind = Cell::Kind::Value;
            avg.mean = sum / c.pairs.size();
          }
          row.push_back(avg);
        }
      g.labels.push_back(many_budgets ? std::vector<std::string>{m, a.label} : std::vector<std::string>{m});
      g.cells.push_back(std::move(row));
      row_jobs.push_back(std::move(jobs));
    }
  for (auto& pd : pending) {
    pd.pc.cell = &g.cells[pd.row][pd.col];
    paired.push_back(pd.pc);
  }
  g.labels_note = labels_note(g.labels, row_jobs);
  std::size_t ncols = g.cells.empty() ? 0 : g.cells[0].size();
  for (std::size_t col = 0; col < ncols; ++col) {
    std::vector<Cell*> cells;
    for (auto& row : g.cells) cells.push_back(&row[col]);
    bold_best(cells, o.decimals);
  }
  g.legend = fmt::format("F1, precision (P) and recall (R){}: mean ± sample standard deviation over seeds (number of "
                         "seeds){}; best per column in bold{}",
                         o.percent ? " in %" : "", stats_legend(o), average ? "; Average = mean over pairs of the per-pair means" : "");
}

// Budget / sensitivity layout: rows = axis values, groups = pairs, sub-columns = settings.
void build_axis(const Collected& c, const TableOptions& o, double scale, Grid& g, std::vector<PairedCell>& paired) {
  const bool budget_axis = !by_parameter(o);
  g.label_headers = {budget_axis ? "Budget" : o.x};
  for (const auto& p : c.pairs)
    g.groups.push_back(ColumnGroup{c.pair_parts.at(p).first, c.pair_parts.at(p).second, "", c.names});
  g.cells.reserve(c.axis.size());
  for (const auto& a : c.axis) {
    g.labels.push_back({a.label});
    std::vector<Cell> row;
    for (const auto& p : c.pairs)
      for (const auto& m : c.names) row.push_back(aggregate(c.find(m, a.key, p), o.metric, scale, o.ci));
    g.cells.push_back(std::move(row));
  }
  for (std::size_t r = 0; r < g.cells.size(); ++r) {
    std::vector<Cell*> ptrs;
    for (auto& cell : g.cells[r]) ptrs.push_back(&cell);
    bold_best(ptrs, o.decimals);
    if (o.versus.empty()) continue;
    for (std::size_t pi = 0; pi < c.pairs.size(); ++pi)
      for (std::size_t mi = 0; mi < c.names.size(); ++mi)
        if (c.names[mi] != o.versus)
          paired.push_back(PairedCell{&g.cells[r][pi * c.names.size() + mi], c.find(c.names[mi], c.axis[r].key, c.pairs[pi]),
                                      c.find(o.versus, c.axis[r].key, c.pairs[pi]), o.metric, c.axis[r].key + "|" + c.pairs[pi]});
  }
  g.legend = fmt::format("{}{}: mean ± sample standard deviation over seeds (number of seeds){}; best {} in bold",
                         metric_title(o.metric), o.percent ? " in %" : "", stats_legend(o),
                         budget_axis ? "method per budget" : "per row");
  if (c.without_x > 0)
    g.extra_note = fmt::format("{} job(s) have no parameter '{}' and are left out.", c.without_x, o.x);
}

// Paired comparison of every non-reference row with the reference over all its matched jobs.
void summarise_versus(const Collected& c, const TableOptions& o, double scale, Grid& g) {
  std::vector<std::pair<std::string, std::vector<std::pair<const Bucket*, const Bucket*>>>> rows;
  for (const auto& m : c.names) {
    if (m == o.versus) continue;
    std::vector<std::pair<const Bucket*, const Bucket*>> buckets;
    for (const auto& a : c.axis)
      for (const auto& p : c.pairs) buckets.emplace_back(c.find(m, a.key, p), c.find(o.versus, a.key, p));
    rows.emplace_back(m, std::move(buckets));
  }
  g.versus = o.versus;
  g.versus_metric = metric_title(o.metric);
  g.versus_rows = table::versus_summary(rows, o.metric, scale);
}

}  // namespace

// "2%", "0.5%": budgets are fractions, tables speak percent.
std::string table::budget_label(double b) {
  std::string s = fmt::format("{:.4f}", b * 100.0);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s + "%";
}

double record_metric(const JobRecord& rec, const std::string& metric) {
  const MethodResult& r = rec.result;
  if (metric == "f1") return r.f1;
  if (metric == "precision") return r.precision;
  if (metric == "recall") return r.recall;
  if (metric == "auc") return r.auc < 0 ? std::numeric_limits<double>::quiet_NaN() : r.auc;
  throw ConfigError(fmt::format("unknown metric '{}'; {}", metric, suggest(metric, kMetrics)));
}

TableLayout parse_table_layout(const std::string& name) {
  for (std::size_t i = 0; i < kLayouts.size(); ++i)
    if (name == kLayouts[i]) return static_cast<TableLayout>(i);
  throw ConfigError(fmt::format("unknown table layout '{}'; {}", name, suggest(name, kLayouts)));
}

TableCi parse_table_ci(const std::string& name) {
  for (std::size_t i = 0; i < kCis.size(); ++i)
    if (name == kCis[i]) return static_cast<TableCi>(i);
  throw ConfigError(fmt::format("unknown confidence interval '{}'; {}", name, suggest(name, kCis)));
}

TableFormat parse_table_format(const std::string& name) {
  if (name == "md") return TableFormat::Markdown;
  if (name == "tex") return TableFormat::Latex;
  for (std::size_t i = 0; i < kFormats.size(); ++i)
    if (name == kFormats[i]) return static_cast<TableFormat>(i);
  throw ConfigError(fmt::format("unknown table format '{}'; {}", name, suggest(name, kFormats)));
}

const std::vector<std::string>& table_layout_names() { return kLayouts; }
const std::vector<std::string>& table_format_names() { return kFormats; }
const std::vector<std::string>& table_ci_names() { return kCis; }
const std::vector<std::string>& table_metric_names() { return kMetrics; }

const char* table_layout_name(TableLayout l) { return kLayouts[static_cast<std::size_t>(l)].c_str(); }
const char* table_format_name(TableFormat f) { return kFormats[static_cast<std::size_t>(f)].c_str(); }

std::string render_table(const std::vector<JobRecord>& records, const TableOptions& o) {
  check_options(o);
  std::vector<const JobRecord*> recs;
  for (const auto& r : records)
    if (keep(r, o)) recs.push_back(&r);
  if (o.layout == TableLayout::Tidy) return table::render_tidy(recs);
  if (o.layout == TableLayout::Selection) return table::render_selection(recs, o);

  Grid g;
  const Collected c = collect(recs, o, g);
  if (by_parameter(o)) {
    if (c.axis.empty() && !recs.empty())
      throw ConfigError(fmt::format("no shown job has a parameter '{}' (use 'budget' or a key of the stored params)", o.x));
    std::set<double> budgets;
    for (const JobRecord* r : recs) budgets.insert(budget_key(r->budget));
    if (budgets.size() > 1)
      throw ConfigError(fmt::format("a sensitivity table over '{}' needs one budget; the shown jobs have {}: choose one with --budgets",
                                    o.x, budgets.size()));
  }
  if (!o.versus.empty() && std::find(c.names.begin(), c.names.end(), o.versus) == c.names.end())
    throw ConfigError(fmt::format("--versus '{}' is not a row of this table; rows: {}", o.versus,
                                  c.names.empty() ? std::string("none") : join(c.names, ", ")));
  const double scale = o.percent ? 100.0 : 1.0;
  std::vector<PairedCell> paired;
  if (o.layout == TableLayout::Budget || o.layout == TableLayout::Sensitivity) build_axis(c, o, scale, g, paired);
  else build_methods(c, o, scale, g, paired);
  g.ci_columns = o.ci != TableCi::None;
  g.settings_note = data_settings_note(recs, c.pairs);
  if (!o.versus.empty()) {
    table::mark_versus(paired, o.alpha);
    summarise_versus(c, o, scale, g);
  }
  switch (o.format) {
    case TableFormat::Markdown: return table::render_markdown(g, o);
    case TableFormat::Latex: return table::render_latex(g, o);
    case TableFormat::Csv: return table::render_csv(g, o);
  }
  return "";
}

}  // namespace logsweep
