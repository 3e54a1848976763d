// Building tables: filtering records, aggregating seeds into cells, choosing rows/columns.
#include "results/tables.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "results/table_grid.hpp"

namespace logsweep {

namespace {

using table::Cell;
using table::ColumnGroup;
using table::Grid;

const std::vector<std::string> kLayouts{"methods", "ablation", "budget", "tidy"};
const std::vector<std::string> kFormats{"markdown", "latex", "csv"};
const std::vector<std::string> kMetrics{"f1", "precision", "recall", "auc"};

bool same_budget(double a, double b) { return std::fabs(a - b) < 1e-9; }
// Budgets parsed from different texts ("0.07" vs 7/100) may differ in the last bit: one key.
double budget_key(double b) { return std::round(b * 1e9) / 1e9; }

std::string pair_key(const std::string& s, const std::string& t) { return s + "->" + t; }

// "2%", "0.5%": budgets are fractions, tables speak percent.
std::string budget_label(double b) {
  std::string s = fmt::format("{:.4f}", b * 100.0);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s + "%";
}

void check_options(const TableOptions& o) {
  if (std::find(kMetrics.begin(), kMetrics.end(), o.metric) == kMetrics.end())
    throw ConfigError(fmt::format("unknown table metric '{}'; {}", o.metric, suggest(o.metric, kMetrics)));
  if (o.decimals < 0 || o.decimals > 6) throw ConfigError(fmt::format("table decimals must be 0..6, got {}", o.decimals));
  for (const auto& p : o.pairs)
    if (p.find("->") == std::string::npos || starts_with(p, "->") || p.size() < 4 || p.substr(p.size() - 2) == "->")
      throw ConfigError(fmt::format("pair '{}' is not of the form SOURCE->TARGET", p));
}

bool keep(const JobRecord& r, const TableOptions& o) {
  if (!o.methods.empty() && std::find(o.methods.begin(), o.methods.end(), r.method) == o.methods.end()) return false;
  if (!o.pairs.empty() && std::find(o.pairs.begin(), o.pairs.end(), pair_key(r.source, r.target)) == o.pairs.end())
    return false;
  if (!o.budgets.empty() &&
      std::none_of(o.budgets.begin(), o.budgets.end(), [&](double b) { return same_budget(b, r.budget); }))
    return false;
  if (o.layout == TableLayout::Ablation && !(r.method == "LogAction" || starts_with(r.method, "LogAction_w"))) return false;
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

struct Key {
  std::string method;
  double budget;
  std::string pair;
  bool operator<(const Key& k) const {
    return std::tie(method, budget, pair) < std::tie(k.method, k.budget, k.pair);
  }
};

// Seeds of one (method, budget, pair) cell.
struct Bucket {
  std::vector<const JobRecord*> done;
  int failed = 0, skipped = 0;
};

Cell aggregate(const Bucket* b, const std::string& metric, double scale) {
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
  double sum = 0;
  for (double x : v) sum += x;
  c.mean = sum / v.size();
  double ss = 0;
  for (double x : v) ss += (x - c.mean) * (x - c.mean);
  c.std = v.size() > 1 ? std::sqrt(ss / (v.size() - 1)) : 0.0;
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

void add_reason(std::vector<std::string>& reasons, const std::string& msg) {
  std::string m = msg.empty() ? "no reason recorded" : printable_prefix(msg, 100);
  if (std::find(reasons.begin(), reasons.end(), m) == reasons.end()) reasons.push_back(m);
}

std::string metric_title(const std::string& m) {
  if (m == "f1") return "F1";
  if (m == "precision") return "P";
  if (m == "recall") return "R";
  return "AUC";
}

std::string render_tidy(const std::vector<const JobRecord*>& recs);

// "Target labels read per job (mean over finished jobs): DeepLog 8050; LogAction 2%: 161" for
// the rows whose jobs read any, so that a method that reads every training label is seen as such.
std::string labels_note(const std::vector<std::vector<std::string>>& labels, const std::vector<const Bucket*>& rows) {
  std::vector<std::string> parts;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r] || rows[r]->done.empty()) continue;
    double sum = 0;
    for (const JobRecord* j : rows[r]->done) sum += static_cast<double>(j->result.n_labelled);
    if (sum <= 0) continue;
    parts.push_back(fmt::format("{} {:.0f}", join(labels[r], " "), sum / static_cast<double>(rows[r]->done.size())));
  }
  if (parts.empty()) return "";
  return "Target training labels read per job (mean over finished jobs and pairs): " + join(parts, "; ") + ".";
}

}  // namespace

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

TableFormat parse_table_format(const std::string& name) {
  if (name == "md") return TableFormat::Markdown;
  if (name == "tex") return TableFormat::Latex;
  for (std::size_t i = 0; i < kFormats.size(); ++i)
    if (name == kFormats[i]) return static_cast<TableFormat>(i);
  throw ConfigError(fmt::format("unknown table format '{}'; {}", name, suggest(name, kFormats)));
}

const char* table_layout_name(TableLayout l) { return kLayouts[static_cast<std::size_t>(l)].c_str(); }
const char* table_format_name(TableFormat f) { return kFormats[static_cast<std::size_t>(f)].c_str(); }

std::string render_table(const std::vector<JobRecord>& records, const TableOptions& o) {
  check_options(o);
  std::vector<const JobRecord*> recs;
  for (const auto& r : records)
    if (keep(r, o)) recs.push_back(&r);
  if (o.layout == TableLayout::Tidy) return render_tidy(recs);

  const double scale = o.percent ? 100.0 : 1.0;
  std::map<Key, Bucket> buckets;
  std::set<std::string> methods_present;
  std::map<std::string, std::pair<std::string, std::string>> pairs_present;
  std::set<std::string> pair_names;
  std::vector<double> budgets;
  Grid g;
  for (const JobRecord* r : recs) {
    std::string pk = pair_key(r->source, r->target);
    Bucket& b = buckets[Key{r->method, budget_key(r->budget), pk}];
    methods_present.insert(r->method);
    pairs_present[pk] = {r->source, r->target};
    pair_names.insert(pk);
    if (std::none_of(budgets.begin(), budgets.end(), [&](double x) { return same_budget(x, r->budget); }))
      budgets.push_back(budget_key(r->budget));
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
  std::sort(budgets.begin(), budgets.end());
  std::vector<std::string> methods = ordered(methods_present, o.methods);
  if (o.layout == TableLayout::Ablation) {
    // The full model first, then its ablations.
    auto it = std::find(methods.begin(), methods.end(), "LogAction");
    if (o.methods.empty() && it != methods.end()) std::rotate(methods.begin(), it, it + 1);
  }
  std::vector<std::string> pairs = ordered(pair_names, o.pairs);
  auto find_bucket = [&](const std::string& m, double b, const std::string& p) -> const Bucket* {
    auto it = buckets.find(Key{m, b, p});
    return it == buckets.end() ? nullptr : &it->second;
  };

  std::string unit = o.percent ? " in %" : "";
  if (o.layout == TableLayout::Budget) {
    g.label_headers = {"Budget"};
    for (const auto& p : pairs) g.groups.push_back(ColumnGroup{pairs_present[p].first, pairs_present[p].second, "", methods});
    for (double b : budgets) {
      g.labels.push_back({budget_label(b)});
      std::vector<Cell> row;
      for (const auto& p : pairs)
        for (const auto& m : methods) row.push_back(aggregate(find_bucket(m, b, p), o.metric, scale));
      g.cells.push_back(std::move(row));
    }
    for (auto& row : g.cells) {
      std::vector<Cell*> ptrs;
      for (auto& c : row) ptrs.push_back(&c);
      bold_best(ptrs, o.decimals);
    }
    g.legend = fmt::format("{}{}: mean ± sample standard deviation over seeds (number of seeds); best method per budget in bold",
                           metric_title(o.metric), unit);
  } else {
    const std::vector<std::string> metrics{"f1", "precision", "recall"};
    const std::vector<std::string> sub{"F1", "P", "R"};
    bool many_budgets = budgets.size() > 1;
    g.label_headers = many_budgets ? std::vector<std::string>{"Method", "Budget"} : std::vector<std::string>{"Method"};
    for (const auto& p : pairs) g.groups.push_back(ColumnGroup{pairs_present[p].first, pairs_present[p].second, "", sub});
    bool average = pairs.size() > 1;
    if (average) g.groups.push_back(ColumnGroup{"", "", "Average", sub});
    std::vector<Bucket> row_jobs;  // every finished job of a row, over its pairs
    for (const auto& m : methods)
      for (double b : budgets) {
        std::vector<Cell> row;
        Bucket jobs;
        bool any = false;
        for (const auto& p : pairs)
          if (const Bucket* bk = find_bucket(m, b, p)) jobs.done.insert(jobs.done.end(), bk->done.begin(), bk->done.end());
        for (const auto& p : pairs)
          for (const auto& metric : metrics) {
            row.push_back(aggregate(find_bucket(m, b, p), metric, scale));
            any = any || find_bucket(m, b, p);
          }
        if (!any) continue;  // this method never ran at this budget
        if (average)
          for (std::size_t k = 0; k < metrics.size(); ++k) {
            Cell avg;
            double sum = 0;
            bool all = true;
            for (std::size_t p = 0; p < pairs.size(); ++p) {
              const Cell& c = row[p * metrics.size() + k];
              all = all && c.kind == Cell::Kind::Value;
              sum += c.mean;
            }
            if (all) {
              avg.kind = Cell::Kind::Value;
              avg.mean = sum / pairs.size();
            }
            row.push_back(avg);
          }
        g.labels.push_back(many_budgets ? std::vector<std::string>{m, budget_label(b)} : std::vector<std::string>{m});
        g.cells.push_back(std::move(row));
        row_jobs.push_back(std::move(jobs));
      }
    std::vector<const Bucket*> row_ptrs;
    for (const auto& j : row_jobs) row_ptrs.push_back(&j);
    g.labels_note = labels_note(g.labels, row_ptrs);
    std::size_t ncols = g.cells.empty() ? 0 : g.cells[0].size();
    for (std::size_t c = 0; c < ncols; ++c) {
      std::vector<Cell*> col;
      for (auto& row : g.cells) col.push_back(&row[c]);
      bold_best(col, o.decimals);
    }
    g.legend = fmt::format("F1, precision (P) and recall (R){}: mean ± sample standard deviation over seeds (number of "
                           "seeds); best per column in bold{}",
                           unit, average ? "; Average = mean over pairs of the per-pair means" : "");
  }
  switch (o.format) {
    case TableFormat::Markdown: return table::render_markdown(g, o);
    case TableFormat::Latex: return table::render_latex(g, o);
    case TableFormat::Csv: return table::render_csv(g, o);
  }
  return "";
}

namespace {

std::string render_tidy(const std::vector<const JobRecord*>& recs_in) {
  std::vector<const JobRecord*> recs = recs_in;
  std::sort(recs.begin(), recs.end(), [](const JobRecord* a, const JobRecord* b) {
    return std::tie(a->source, a->target, a->method, a->budget, a->seed, a->id) <
           std::tie(b->source, b->target, b->method, b->budget, b->seed, b->id);
  });
  std::set<std::string> extra_names;
  for (const JobRecord* r : recs)
    for (const auto& [k, v] : r->result.extra) extra_names.insert(k);
  std::vector<std::string> header{"id", "source", "target", "method", "budget", "seed", "status", "message",
                                  "precision", "recall", "f1", "auc", "tp", "fp", "tn", "fn", "n_train", "n_test",
                                  "n_labelled", "rounds", "n_selected", "prepare_seconds", "train_seconds",
                                  "eval_seconds", "finished_at", "rank", "host", "version", "params", "data_key"};
  for (const auto& e : extra_names) header.push_back("extra." + e);
  std::string out;
  for (std::size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + table::csv_field(header[i]);
  out += "\n";
  for (const JobRecord* r : recs) {
    const MethodResult& m = r->result;
    bool done = r->status == JobStatus::Done;
    // Figures of a job that did not finish are blank, never zero.
    auto num = [&](auto v) { return done ? fmt::format("{}", v) : std::string(); };
    std::int64_t n_selected = 0;
    for (const auto& round : m.selected) n_selected += static_cast<std::int64_t>(round.size());
    std::vector<std::string> f{r->id, r->source, r->target, r->method, fmt::format("{}", r->budget),
                               fmt::format("{}", r->seed), status_name(r->status), r->message, num(m.precision),
                               num(m.recall), num(m.f1), done && m.auc >= 0 ? fmt::format("{}", m.auc) : "",
                               num(m.confusion.tp), num(m.confusion.fp), num(m.confusion.tn), num(m.confusion.fn),
                               num(m.n_train), num(m.n_test), num(m.n_labelled), num(m.selected.size()), num(n_selected),
                               fmt::format("{}", r->prepare_seconds), num(m.train_seconds), num(m.eval_seconds),
                               fmt::format("{}", r->finished_at), fmt::format("{}", r->rank), r->host, r->version,
                               r->params, r->data_key};
    for (const auto& e : extra_names) {
      auto it = m.extra.find(e);
      f.push_back(it == m.extra.end() ? "" : fmt::format("{}", it->second));
    }
    for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + table::csv_field(f[i]);
    out += "\n";
  }
  return out;
}

}  // namespace

}  // namespace logsweep
