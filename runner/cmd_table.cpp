// logsweep table / plot: paper-style tables and figures from a results file (results/report/tables.hpp,
// results/report/plots.hpp). Both can restrict the records to one config's current matrix.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "cluster/config/config.hpp"
#include "cluster/matrix.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "experiments/method.hpp"
#include "results/report/cd_diagram.hpp"
#include "results/report/plots.hpp"
#include "results/store/store.hpp"
#include "results/report/tables.hpp"
#include "runner/commands.hpp"
#include "runner/report.hpp"

namespace logsweep {
namespace {

std::vector<std::string> list_option(const cli::Args& a, const std::string& name) {
  std::vector<std::string> out;
  if (!a.has(name)) return out;
  for (const auto& s : split(a.value(name), ','))
    if (!trim(s).empty()) out.emplace_back(trim(s));
  return out;
}

std::vector<double> budgets_option(const cli::Args& a) {
  std::vector<double> out;
  for (const auto& s : list_option(a, "--budgets")) {
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (*end != '\0') throw ConfigError(fmt::format("--budgets expects fractions such as 0.01,0.02; got '{}'", s));
    out.push_back(v);
  }
  return out;
}

std::vector<JobRecord> load_records(const cli::Args& a) {
  const std::string path = a.positionals[0];
  if (!std::filesystem::exists(path) && !std::filesystem::exists(path + ".journal"))
    throw StorageError(fmt::format("no results at {}", path));
  auto records = ResultsStore(path).load();
  if (!a.has("--config")) return records;
  ExperimentConfig cfg = load_config(a.value("--config"));
  std::set<std::string> ids;
  for (const auto& j : expand_jobs(cfg, data_keys(cfg))) ids.insert(j.id);
  std::vector<JobRecord> kept;
  for (auto& r : records)
    if (ids.count(r.id)) kept.push_back(std::move(r));
  return kept;
}

double alpha_option(const cli::Args& a) {
  if (!a.has("--alpha")) return 0.05;
  char* end = nullptr;
  const double v = std::strtod(a.value("--alpha").c_str(), &end);
  if (*end != '\0' || !(v > 0 && v < 1)) throw ConfigError(fmt::format("--alpha expects a level in (0, 1), got '{}'", a.value("--alpha")));
  return v;
}

// A filter value that matches no stored job would give an empty table or figure, indistinguishable
// from "nothing finished yet": a ConfigError listing the values that exist instead.
void check_matches(const std::string& option, const std::vector<std::string>& wanted, const std::set<std::string>& stored) {
  for (const auto& w : wanted)
    if (!stored.count(w))
      throw ConfigError(fmt::format("{} '{}' matches no stored job; stored: {}", option, w,
                                    stored.empty() ? std::string("none") : join(std::vector<std::string>(stored.begin(), stored.end()), ", ")));
}

void check_filters(const std::vector<JobRecord>& records, const std::vector<std::string>& methods,
                   const std::vector<std::string>& pairs, const std::vector<double>& budgets,
                   const DefaultParams& defaults = {}, const std::string& methods_option = "--methods") {
  std::set<std::string> stored_methods, stored_pairs;
  std::vector<double> stored_budgets;
  std::vector<const JobRecord*> all;
  for (const auto& r : records) all.push_back(&r);
  const VariantNames names(all, defaults);
  for (const auto& r : records) {
    stored_methods.insert(r.method);
    stored_methods.insert(names(r));
    stored_pairs.insert(r.source + "->" + r.target);
    stored_budgets.push_back(r.budget);
  }
  check_matches(methods_option, methods, stored_methods);
  check_matches("--pairs", pairs, stored_pairs);
  std::set<std::string> budget_names;
  for (double b : stored_budgets) budget_names.insert(fmt::format("{:g}", b));
  for (double b : budgets)
    if (std::none_of(stored_budgets.begin(), stored_budgets.end(), [&](double x) { return std::fabs(x - b) < 1e-9; }))
      check_matches("--budgets", {fmt::format("{:g}", b)}, budget_names);
}

void emit(const cli::Args& a, const std::string& text) {
  if (a.has("--out")) {
    write_text_file(a.value("--out"), text);
    std::fprintf(stderr, "wrote %s\n", a.value("--out").c_str());
  } else {
    std::fputs(text.c_str(), stdout);
  }
}

int table_main(const cli::Args& a, int, char**) {
  TableOptions o;
  if (a.has("--layout")) o.layout = parse_table_layout(a.value("--layout"));
  if (a.has("--format")) o.format = parse_table_format(a.value("--format"));
  o.metric = a.value("--metric", o.metric);
  o.decimals = static_cast<int>(a.integer("--decimals", o.decimals, 0));
  o.percent = !a.flag("--fractions");
  o.methods = list_option(a, "--methods");
  o.pairs = list_option(a, "--pairs");
  o.budgets = budgets_option(a);
  // The sensitivity layout is about curves with their uncertainty: an interval unless asked otherwise.
  o.ci = parse_table_ci(a.value("--ci", o.layout == TableLayout::Sensitivity ? "t" : "none"));
  o.versus = a.value("--versus");
  o.alpha = alpha_option(a);
  o.x = a.value("--x", o.x);
  if (a.has("--x") && o.layout != TableLayout::Sensitivity)
    throw ConfigError("--x applies to --layout sensitivity");
  auto records = load_records(a);
  o.default_params = method_defaults(records);
  o.families = method_families();
  check_filters(records, o.methods, o.pairs, o.budgets, o.default_params);
  if (!o.versus.empty()) check_filters(records, {o.versus}, {}, {}, o.default_params, "--versus");
  emit(a, render_table(records, o));
  return 0;
}

int plot_main(const cli::Args& a, int, char**) {
  std::string kind = a.value("--kind", "budget");
  const std::vector<std::string> kinds{"budget", "vectors", "cd", "selection"};
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
    throw ConfigError(fmt::format("--kind '{}' is not known; {}", kind, suggest(kind, kinds)));
  if (!a.has("--out")) throw ConfigError("'plot' needs --out FILE.svg");
  auto records = load_records(a);
  std::string svg;
  if (kind == "budget") {
    BudgetCurveOptions o;
    o.metric = a.value("--metric", o.metric);
    o.methods = list_option(a, "--methods");
    o.pairs = list_option(a, "--pairs");
    o.budgets = budgets_option(a);
    o.x = a.value("--x", o.x);
    o.band = a.value("--band", o.band);
    o.x_scale = a.value("--x-scale", o.x_scale);
    o.title = a.value("--title");
    o.default_params = method_defaults(records);
    check_filters(records, o.methods, o.pairs, o.budgets, o.default_params);
    svg = budget_curve_svg(records, o);
  } else if (kind == "selection") {
    SelectionCurveOptions o;
    o.metric = a.value("--metric", o.metric);
    o.methods = list_option(a, "--methods");
    o.pairs = list_option(a, "--pairs");
    o.budgets = budgets_option(a);
    o.title = a.value("--title");
    o.default_params = method_defaults(records);
    check_filters(records, o.methods, o.pairs, o.budgets, o.default_params);
    svg = selection_curve_svg(records, o);
  } else if (kind == "cd") {
    CdOptions o;
    if (!a.has("--budget")) throw ConfigError("--kind cd needs --budget B (a fraction, e.g. 0.02)");
    char* end = nullptr;
    o.budget = std::strtod(a.value("--budget").c_str(), &end);
    if (*end != '\0') throw ConfigError(fmt::format("--budget expects a fraction such as 0.02; got '{}'", a.value("--budget")));
    o.metric = a.value("--metric", o.metric);
    o.methods = list_option(a, "--methods");
    o.pairs = list_option(a, "--pairs");
    o.alpha = alpha_option(a);
    o.title = a.value("--title");
    o.default_params = method_defaults(records);
    check_filters(records, o.methods, o.pairs, {o.budget}, o.default_params);
    const CdAnalysis analysis = cd_analysis(records, o);
    std::fputs(cd_summary(analysis, o).c_str(), stderr);
    svg = cd_diagram_svg(analysis, o);
  } else {
    const JobRecord* rec = nullptr;
    for (const auto& r : records)
      if ((a.has("--job") ? r.id == a.value("--job") : r.result.vectors.rows > 0)) rec = rec ? rec : &r;
    if (!rec)
      throw ConfigError(a.has("--job") ? fmt::format("no stored job with id {}", a.value("--job"))
                                       : "no stored job has log vectors (run with keep_vectors: true)");
    ProjectionOptions o;
    if (a.has("--title")) o.title = a.value("--title");
    svg = projection_svg(*rec, o);
  }
  const std::string out = a.value("--out");
  write_text_file(out, svg);
  std::fprintf(stderr, "wrote %s\n", out.c_str());
  if (a.flag("--png")) {
    std::string png = std::filesystem::path(out).replace_extension(".png").string();
    if (svg_to_png(out, png)) std::fprintf(stderr, "wrote %s\n", png.c_str());
    else std::fprintf(stderr, "no PNG: rsvg-convert is not on PATH (install librsvg2-bin)\n");
  }
  return 0;
}

}  // namespace

SubCommand table_command() {
  return {{"table",
           {"RESULTS"},
           "print paper-style result tables (markdown, LaTeX or CSV)",
           "Cells are mean ± std (n) over finished seeds; failed/skipped jobs are marked, never counted as zero.\n"
           "Settings of one method (different resolved parameters) are separate rows named by what differs.\n"
           "--layout selection: the LogAction family's rounds (bought, anomalous shares, thresholds, test P/R/F1).\n"
           "Statistics: see docs/statistics.md.",
           {{"--layout", "L", join(table_layout_names(), " | ") + " (default methods)"},
            {"--format", "F", join(table_format_names(), " | ") + " (default markdown)"},
            {"--metric", "M", "budget/sensitivity layout and --versus: " + join(table_metric_names(), " | ") + " (default f1)"},
            {"--x", "PARAM", "sensitivity layout: budget or a resolved method parameter (default budget)"},
            {"--ci", "KIND", join(table_ci_names(), " | ") + ": 95% interval of the mean over seeds (default none; t for sensitivity)"},
            {"--versus", "METHOD", "mark each cell better/worse/same than METHOD (Wilcoxon, Holm) + a summary"},
            {"--alpha", "A", "significance level of --versus (default 0.05)"},
            {"--decimals", "N", "decimals shown (default 2)"},
            {"--fractions", "", "show metrics as fractions instead of percentages"},
            {"--methods", "A,B", "only these methods, in this order"},
            {"--pairs", "S->T,...", "only these pairs, in this order"},
            {"--budgets", "B1,B2", "only these budgets (fractions)"},
            {"--config", "CONFIG", "only the jobs of this config's current matrix"},
            {"--out", "FILE", "write to FILE instead of stdout"}}},
          table_main};
}

SubCommand plot_command() {
  return {{"plot",
           {"RESULTS"},
           "write an SVG figure: metric vs budget or a parameter, metric after each selection round, a "
           "critical-difference diagram, or a PCA projection",
           "Statistics: see docs/statistics.md.",
           {{"--kind", "K", "budget | selection | cd | vectors (default budget)"},
            {"--out", "FILE", "output SVG file (required)"},
            {"--png", "", "also convert to PNG (needs rsvg-convert)"},
            {"--metric", "M", "budget: f1 | precision | recall | auc; selection: f1 | precision | recall (default f1)"},
            {"--methods", "A,B", "budget, selection, cd: only these methods (or method settings)"},
            {"--pairs", "S->T,...", "budget, selection, cd: only these pairs"},
            {"--budgets", "B1,B2", "budget, selection: only these budgets (fractions)"},
            {"--x", "PARAM", "budget: x axis, budget or a resolved method parameter (default budget)"},
            {"--band", "B", "budget: std | t | bootstrap: ± 1 std or 95% CI of the mean (default std)"},
            {"--budget", "B", "cd: the budget compared across pairs (fraction, required)"},
            {"--alpha", "A", "cd: significance level of the Nemenyi test (default 0.05)"},
            {"--x-scale", "S", "budget: linear | log | auto"},
            {"--job", "ID", "vectors: the job whose vectors to plot (default: the first with vectors)"},
            {"--title", "TEXT", "figure title"},
            {"--config", "CONFIG", "only the jobs of this config's current matrix"}}},
          plot_main};
}

}  // namespace logsweep
