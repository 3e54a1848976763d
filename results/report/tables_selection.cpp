// The selection layout (tables.hpp): the LogAction family's per-round record, one row per round
// of every job, then the mean over seeds per round. It puts what each purchase bought next to
// what the pool held and what the classifier made of it (issue 25): whether the selection finds
// anomalies at more than their base rate, and whether that turns into F1.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "results/report/table_grid.hpp"
#include "results/report/tables_variants.hpp"

namespace logsweep::table {

namespace {
// Own namespace: the folder is compiled as unity translation units, where anonymous names clash.
namespace selection {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

// One row as numbers; NaN = no value (the share of an empty purchase, a step the rule lacks).
struct Values {
  double epoch = kNone, bought = kNone, bought_anomalous = kNone, bought_share = kNone, pool_share = kNone;
  double energy = kNone, margin = kNone, precision = kNone, recall = kNone, f1 = kNone;
};

// How a column prints: counts as integers (means with one decimal), shares in % unless
// --fractions, thresholds (free energies, margins: any scale) with 4 significant digits.
enum class Kind { Count, Share, Threshold };
struct Column {
  const char* title;
  double Values::*field;
  Kind kind;
};
const Column kColumns[] = {
    {"Epoch", &Values::epoch, Kind::Count},
    {"Bought", &Values::bought, Kind::Count},
    {"Anomalous bought", &Values::bought_anomalous, Kind::Count},
    {"Anomalous share of purchase", &Values::bought_share, Kind::Share},
    {"Pool anomalous share", &Values::pool_share, Kind::Share},
    {"Energy threshold", &Values::energy, Kind::Threshold},
    {"Margin threshold", &Values::margin, Kind::Threshold},
    {"P", &Values::precision, Kind::Share},
    {"R", &Values::recall, Kind::Share},
    {"F1", &Values::f1, Kind::Share},
};

double share(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : kNone;
}

Values values_of(const RoundRecord& r) {
  Values v;
  v.epoch = r.epoch;
  v.bought = static_cast<double>(r.bought);
  v.bought_anomalous = static_cast<double>(r.bought_anomalous);
  v.bought_share = share(r.bought_anomalous, r.bought);
  v.pool_share = share(r.pool_anomalous, r.pool);
  v.energy = r.energy_threshold;
  v.margin = r.margin_threshold;
  v.precision = r.precision;
  v.recall = r.recall;
  v.f1 = r.f1;
  return v;
}

// Each value's mean over the seeds that have one: a seed without a value (no energy step, an
// empty purchase) is left out, never counted as zero.
Values mean_of(const std::vector<Values>& seeds) {
  Values out;
  for (const Column& c : kColumns) {
    double sum = 0;
    int n = 0;
    for (const Values& v : seeds)
      if (!std::isnan(v.*c.field)) {
        sum += v.*c.field;
        ++n;
      }
    out.*c.field = n ? sum / n : kNone;
  }
  return out;
}

struct Row {
  std::string name, source, target, budget, seed;  // seed: the seed, or "mean" for the mean over seeds
  int seeds = 1;                                   // seeds behind the row
  std::size_t round = 0;
  Values values;
  bool group_end = false;  // last row of its (setting, pair, budget)
};

// The jobs of one (method setting, pair, budget), in seed order.
struct Group {
  std::string name, source, target;
  double budget = 0;
  std::vector<const JobRecord*> jobs;
};

double budget_key(double b) {
  return std::round(b * 1e9) / 1e9;
}  // "0.07" and 7/100 meet

std::vector<Group> groups_of(const std::vector<const JobRecord*>& shown, const TableOptions& o) {
  const VariantNames names(shown, o.default_params);
  std::map<std::tuple<std::string, std::string, double>, Group> by_key;
  std::set<std::string> present, pairs;
  std::map<std::string, std::string> base;
  for (const JobRecord* r : shown) {
    const std::string name = names(*r), pair = r->source + "->" + r->target;
    Group& g = by_key[{name, pair, budget_key(r->budget)}];
    if (g.jobs.empty()) g = Group{name, r->source, r->target, budget_key(r->budget), {}};
    g.jobs.push_back(r);
    present.insert(name);
    pairs.insert(pair);
    base[name] = r->method;
  }
  std::vector<std::string> pair_order;
  for (const auto& p : o.pairs)
    if (pairs.count(p)) pair_order.push_back(p);
  if (o.pairs.empty()) pair_order.assign(pairs.begin(), pairs.end());
  std::vector<Group> out;
  for (const auto& name : settings_in_filter_order(present, base, o.methods))
    for (const auto& pair : pair_order)
      for (auto& [key, g] : by_key)
        if (std::get<0>(key) == name && std::get<1>(key) == pair) out.push_back(g);  // map order: budgets ascending
  for (auto& g : out)
    std::sort(g.jobs.begin(), g.jobs.end(), [](const JobRecord* a, const JobRecord* b) {
      return std::tie(a->seed, a->id) < std::tie(b->seed, b->id);
    });
  return out;
}

// Every job's rounds, then (for two or more seeds) the mean over seeds of each round; a round
// only some seeds reached is averaged over those.
std::vector<Row> rows_of(const Group& g) {
  std::vector<Row> out;
  const std::string budget = budget_label(g.budget);
  std::size_t most_rounds = 0;
  for (const JobRecord* j : g.jobs) {
    const auto& rounds = j->result.rounds;
    most_rounds = std::max(most_rounds, rounds.size());
    for (std::size_t i = 0; i < rounds.size(); ++i)
      out.push_back(
          Row{g.name, g.source, g.target, budget, std::to_string(j->seed), 1, i, values_of(rounds[i]), false});
  }
  for (std::size_t i = 0; g.jobs.size() > 1 && i < most_rounds; ++i) {
    std::vector<Values> seeds;
    for (const JobRecord* j : g.jobs)
      if (i < j->result.rounds.size()) seeds.push_back(values_of(j->result.rounds[i]));
    out.push_back(
        Row{g.name, g.source, g.target, budget, "mean", static_cast<int>(seeds.size()), i, mean_of(seeds), false});
  }
  if (!out.empty()) out.back().group_end = true;
  return out;
}

// LogAction-family jobs the table cannot show, by why: they have no round record.
std::string left_out_note(const std::vector<const JobRecord*>& recs, const MethodFamilies& families) {
  int failed = 0, skipped = 0, old = 0;
  for (const JobRecord* r : recs) {
    if (!proposed_or_ablation(families, r->method) || !r->result.rounds.empty()) continue;
    failed += r->status == JobStatus::Failed;
    skipped += r->status == JobStatus::Skipped;
    old += r->status == JobStatus::Done;
  }
  if (failed + skipped + old == 0) return "";
  std::vector<std::string> parts;
  if (failed) parts.push_back(fmt::format("{} failed", failed));
  if (skipped) parts.push_back(fmt::format("{} skipped", skipped));
  if (old) parts.push_back(fmt::format("{} finished without a round record (stored before rounds were recorded)", old));
  return fmt::format("{} LogAction-family job(s) have no rounds and are left out: {}.", failed + skipped + old,
                     join(parts, ", "));
}

std::string legend(const TableOptions& o) {
  const std::string unit = o.percent ? " in %" : " as fractions";
  return "One row per selection round of each job. Round 0 = the classifier before its first purchase (nothing "
         "bought; at budget 0 the final source-only classifier), round r = the r-th purchase. Epoch = classifier "
         "epoch after which the round ran; Bought / Anomalous bought = windows bought and how many of them are "
         "anomalous (the simulated oracle's answer); Anomalous share of purchase and Pool anomalous share (the "
         "unlabelled target pool just before the purchase; report only, the selection never sees it)" +
         unit +
         "; Energy threshold = lowest free energy kept by the energy step, Margin threshold = largest energy "
         "margin bought by the margin step (– = the rule has no such step, or nothing was bought); P / R / F1" +
         unit +
         " = target test scores after the training that follows the round (the last round's are the job's). "
         "Seed mean (n) = the mean over the n seeds that reached the round (shown for two or more seeds), a value "
         "a seed lacks left out";
}

// A value as its column prints it; `none` for no value.
std::string value_text(double v, Kind kind, const TableOptions& o, const std::string& none) {
  if (std::isnan(v)) return none;
  switch (kind) {
    case Kind::Count:
      return v == std::round(v) ? fmt::format("{:.0f}", v) : number(v, 1);
    case Kind::Share:
      return number(v * (o.percent ? 100.0 : 1.0), o.decimals);
    case Kind::Threshold:
      return fmt::format("{:.4g}", v);
  }
  return none;
}

std::vector<std::string> value_cells(const Row& r, const TableOptions& o, const std::string& none) {
  std::vector<std::string> out{std::to_string(r.round)};
  for (const Column& c : kColumns) out.push_back(value_text(r.values.*c.field, c.kind, o, none));
  return out;
}

std::vector<std::string> value_titles(const TableOptions& o) {
  std::vector<std::string> out{"Round"};
  for (const Column& c : kColumns)
    out.push_back(std::string(c.title) + (c.kind == Kind::Share && o.percent ? " (%)" : ""));
  return out;
}

std::string seed_text(const Row& r) {
  return r.seed == "mean" ? fmt::format("mean ({})", r.seeds) : r.seed;
}

std::vector<std::string> notes(const std::vector<const JobRecord*>& recs, const std::vector<const JobRecord*>& shown,
                               const TableOptions& o, bool empty) {
  std::vector<std::string> out{legend(o) + "."};
  if (empty) out.push_back("No shown job has a round record (only LogAction-family jobs record rounds).");
  if (auto n = left_out_note(recs, o.families); !n.empty()) out.push_back(n);
  if (auto n = data_settings_note(shown, o.pairs); !n.empty()) out.push_back(n);  // pairs in the rows' order
  return out;
}

std::string markdown(const std::vector<Row>& rows, const std::vector<std::string>& notes, const TableOptions& o) {
  std::vector<std::string> header{"Method", "Pair", "Budget", "Seed"}, align(4, ":---");
  for (const auto& t : value_titles(o)) {
    header.push_back(t);
    align.push_back("---:");
  }
  std::string out = md_row(header) + md_row(align);
  for (const Row& r : rows) {
    std::vector<std::string> cells{md_escape(r.name), md_escape(r.source + " → " + r.target), r.budget, seed_text(r)};
    for (auto& v : value_cells(r, o, "–")) cells.push_back(v);
    out += md_row(cells);
  }
  for (const auto& n : notes) out += "\n" + md_escape(n) + "\n";
  return out;
}

std::string latex(const std::vector<Row>& rows, const std::vector<std::string>& notes, const TableOptions& o) {
  const auto titles = value_titles(o);
  std::string out = "\\begin{tabular}{llll " + std::string(titles.size(), 'r') + "}\n\\toprule\n";
  std::vector<std::string> header{"Method", "Pair", "Budget", "Seed"};
  for (const auto& t : titles) header.push_back(tex_escape(t));
  out += join(header, " & ") + " \\\\\n\\midrule\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    std::vector<std::string> cells{tex_escape(r.name), tex_escape(r.source) + " $\\rightarrow$ " + tex_escape(r.target),
                                   tex_escape(r.budget), seed_text(r)};
    for (auto& v : value_cells(r, o, "--")) cells.push_back(tex_escape(v));
    out += join(cells, " & ") + " \\\\\n";
    if (r.group_end && i + 1 < rows.size()) out += "\\midrule\n";
  }
  out += "\\bottomrule\n\\end{tabular}\n\\par\\smallskip{\\footnotesize";
  for (const auto& n : notes) out += " " + tex_text(n) + "\\par";
  return out + "}\n";
}

// CSV: the pair as "S->T" like the other layouts' headers, the seed column "mean" on mean rows,
// and a Seeds column with how many seeds are behind each row; no value = an empty field.
std::string csv(const std::vector<Row>& rows, const TableOptions& o) {
  std::vector<std::string> header{"Method", "Pair", "Budget", "Seed", "Seeds"};
  for (const auto& t : value_titles(o)) header.push_back(csv_field(t));
  std::string out = join(header, ",") + "\n";
  for (const Row& r : rows) {
    std::vector<std::string> cells{csv_field(r.name), csv_field(r.source + "->" + r.target), r.budget, r.seed,
                                   std::to_string(r.seeds)};
    for (auto& v : value_cells(r, o, "")) cells.push_back(csv_field(v));
    out += join(cells, ",") + "\n";
  }
  return out;
}

}  // namespace selection
}  // namespace

std::string render_selection(const std::vector<const JobRecord*>& recs, const TableOptions& o) {
  std::vector<const JobRecord*> shown;  // jobs with a round record
  for (const JobRecord* r : recs)
    if (r->status == JobStatus::Done && !r->result.rounds.empty()) shown.push_back(r);
  std::vector<selection::Row> rows;
  for (const auto& g : selection::groups_of(shown, o))
    for (auto& row : selection::rows_of(g)) rows.push_back(std::move(row));
  switch (o.format) {
    case TableFormat::Markdown:
      return selection::markdown(rows, selection::notes(recs, shown, o, rows.empty()), o);
    case TableFormat::Latex:
      return selection::latex(rows, selection::notes(recs, shown, o, rows.empty()), o);
    case TableFormat::Csv:
      return selection::csv(rows, o);
  }
  return "";
}

}  // namespace logsweep::table
