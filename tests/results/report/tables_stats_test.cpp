// Issue 17: confidence intervals, --versus paired comparisons and the sensitivity layout in tables,
// and parameter sweeps in figures.
#include <gtest/gtest.h>

#include "core/util/errors.hpp"
#include "results/job_fixture.hpp"
#include "results/report/plots.hpp"
#include "results/report/tables.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

JobRecord job(const std::string& method, std::uint64_t seed, double f1, const std::string& params = "", double budget = 0.02) {
  return test::job_record(method, params, seed, f1, budget);
}

using testing::count_occurrences;

TEST(TableStats, TConfidenceIntervalInCellsAndCsvColumns) {
  // F1 90, 92, 94: mean 92, s = 2, t_{0.975,2} = 4.30265 -> 92 ± 4.30265 * 2 / sqrt(3) = [87.03, 96.97].
  std::vector<JobRecord> recs{job("LogAction", 1, 0.90), job("LogAction", 2, 0.92), job("LogAction", 3, 0.94),
                              job("Supervised", 1, 0.5)};
  TableOptions o;
  o.ci = TableCi::T;
  const std::string md = render_table(recs, o);
  EXPECT_NE(md.find("| LogAction | **92.00** ± 2.00 [87.03, 96.97] (3) |"), std::string::npos) << md;
  EXPECT_NE(md.find("| Supervised | 50.00 (1) |"), std::string::npos) << md;  // one seed: no interval
  EXPECT_NE(md.find("[lo, hi] = 95% confidence interval of the mean over seeds (Student t)"), std::string::npos);
  o.format = TableFormat::Csv;
  const std::string csv = render_table(recs, o);
  EXPECT_NE(csv.find("BGL->TB F1 ci lo,BGL->TB F1 ci hi"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nLogAction,92.00,2.00,3,87.03,96.97,"), std::string::npos) << csv;
  // The default output is unchanged (no interval).
  EXPECT_EQ(render_table(recs, TableOptions{}).find("87.03"), std::string::npos);
  EXPECT_EQ(parse_table_ci("bootstrap"), TableCi::Bootstrap);
  EXPECT_THROW(parse_table_ci("normal"), ConfigError);
}

// Reference Ref: F1 0.50 on seeds 0..6.
//   W: 0.40 - 0.01 s on 0..6 -> 7 losses, W+ = 0: exact p = 2/2^7 = 0.015625
//   X: 0.60 + 0.01 s on 0..5 -> 6 wins:          exact p = 2/2^6 = 0.03125
//   Y: 0.50 + (+1,-2,+3,-4,+5,-6,+7)/100 -> W+ = 16, W- = 12: p large
//   Z: 0.90 on 0..2 -> 3 matched seeds < 6: too few
// Holm over W, X, Y: 0.015625 * 3 = 0.046875 <= 0.05 -> W worse; 0.03125 * 2 = 0.0625 -> X no
// significant difference (its raw p alone would be < 0.05); Y no difference.
std::vector<JobRecord> versus_records() {
  std::vector<JobRecord> v;
  const int y[] = {1, -2, 3, -4, 5, -6, 7};
  for (std::uint64_t s = 0; s < 7; ++s) {
    v.push_back(job("Ref", s, 0.50));
    v.push_back(job("W", s, 0.40 - 0.01 * s));
    if (s < 6) v.push_back(job("X", s, 0.60 + 0.01 * s));
    v.push_back(job("Y", s, 0.50 + y[s] / 100.0));
    if (s < 3) v.push_back(job("Z", s, 0.90));
  }
  return v;
}

TEST(TableStats, VersusMarksCellsWithHolmCorrectedWilcoxon) {
  TableOptions o;
  o.layout = TableLayout::Budget;
  o.format = TableFormat::Csv;
  o.versus = "Ref";
  const std::string csv = render_table(versus_records(), o);
  EXPECT_NE(csv.find("BGL->TB W vs Ref"), std::string::npos) << csv;
  EXPECT_NE(csv.find("2%,50.00,0.00,7,,37.00,2.16,7,worse,62.50,1.87,6,same,50.57,4.79,7,same,90.00,0.00,3,too few\n"),
            std::string::npos)
      << csv;
  o.format = TableFormat::Markdown;
  const std::string md = render_table(versus_records(), o);
  EXPECT_NE(md.find("| 2% | 50.00 ± 0.00 (7) | 37.00 ± 2.16 (7) ▼ | 62.50 ± 1.87 (6) ≈ | 50.57 ± 4.79 (7) ≈ | **90.00** ± 0.00 (3) ? |"),
            std::string::npos)
      << md;
  // Summary: one row per compared method over all matched jobs.
  EXPECT_NE(md.find("| W | 7 | 0 / 0 / 7 | -13.00 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| significantly worse |"), std::string::npos) << md;
  EXPECT_NE(md.find("| X | 6 | 6 / 0 / 0 | 12.50 | 0.03125 | 0.0625 | no significant difference |"), std::string::npos) << md;
  EXPECT_NE(md.find("| Z | 3 | 3 / 0 / 0 | 40.00 | — | — | too few matched jobs (3 < 6) |"), std::string::npos) << md;
  // The methods layout marks every metric column the same way.
  o.layout = TableLayout::Methods;
  EXPECT_EQ(count_occurrences(render_table(versus_records(), o), "(7) ▼"), 3u);
  // LaTeX spells the marks with math symbols (no extra package) and prints the summary as a tabular.
  o.layout = TableLayout::Budget;
  o.format = TableFormat::Latex;
  const std::string tex = render_table(versus_records(), o);
  EXPECT_NE(tex.find("37.00 $\\pm$ 2.16 (7) $\\downarrow$"), std::string::npos) << tex;
  EXPECT_NE(tex.find("W & 7 & 0 / 0 / 7 & -13.00 &"), std::string::npos) << tex;
  EXPECT_NE(tex.find("$\\downarrow$ significantly worse"), std::string::npos) << tex;  // legend
  o.versus = "Nope";
  EXPECT_THROW(render_table(versus_records(), o), ConfigError);
}

// LogAction at lr 0.001 (F1 .5, .6), 0.01 (.7, .8), 0.1 (.4); Supervised at lr 0.001 (.3).
std::vector<JobRecord> sweep_records() {
  return {job("LogAction", 1, 0.5, "epochs=5;lr=0.001"), job("LogAction", 2, 0.6, "epochs=5;lr=0.001"),
          job("LogAction", 1, 0.7, "epochs=5;lr=0.01"),  job("LogAction", 2, 0.8, "epochs=5;lr=0.01"),
          job("LogAction", 1, 0.4, "epochs=5;lr=0.1"),   job("Supervised", 1, 0.3, "lr=0.001")};
}

TEST(TableStats, SensitivityLayoutPutsAParameterOnTheRows) {
  // lr 0.001: LogAction 55 ± 7.07, t_{0.975,1} = 12.7062 -> 55 ± 63.531 = [-8.53, 118.53].
  TableOptions o;
  o.layout = TableLayout::Sensitivity;
  o.x = "lr";
  o.ci = TableCi::T;
  o.format = TableFormat::Csv;
  const std::string csv = render_table(sweep_records(), o);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "lr,BGL->TB LogAction,BGL->TB LogAction std,BGL->TB LogAction n,BGL->TB LogAction ci lo,BGL->TB LogAction ci hi,"
            "BGL->TB Supervised,BGL->TB Supervised std,BGL->TB Supervised n,BGL->TB Supervised ci lo,BGL->TB Supervised ci hi");
  EXPECT_NE(csv.find("\n0.001,55.00,7.07,2,-8.53,118.53,30.00,,1,,\n0.01,75.00,7.07,2,11.47,138.53,,,,,\n0.1,40.00,,1,,,,,,,\n"),
            std::string::npos)
      << csv;
  // x = budget is the budget layout with intervals.
  o.x = "budget";
  EXPECT_NE(render_table(sweep_records(), o).find("Budget,"), std::string::npos);
  o.x = "momentum";
  EXPECT_THROW(render_table(sweep_records(), o), ConfigError);  // no job has it
  o.x = "lr";
  auto two_budgets = sweep_records();
  two_budgets.push_back(job("LogAction", 1, 0.4, "epochs=5;lr=0.1", 0.05));
  EXPECT_THROW(render_table(two_budgets, o), ConfigError);  // pick one with --budgets
  o.budgets = {0.02};
  EXPECT_NO_THROW(render_table(two_budgets, o));
}

TEST(TableStats, ParameterCurvesOneSeriesPerSettingWithAConfidenceBand) {
  BudgetCurveOptions o;
  o.x = "lr";
  o.band = "t";
  const std::string svg = budget_curve_svg(sweep_records(), o);
  EXPECT_EQ(count_occurrences(svg, "<polyline class=\"series\""), 2u);  // LogAction (lr left out of its name), Supervised
  EXPECT_NE(svg.find(">F1 vs lr<"), std::string::npos);
  EXPECT_NE(svg.find(">lr (log scale)<"), std::string::npos);  // 0.001..0.1 spans 100x
  EXPECT_NE(svg.find("band: 95% CI of the mean (t)"), std::string::npos);
  EXPECT_NE(svg.find(">0.01<"), std::string::npos);
  // Text values are categories in sorted order.
  std::vector<JobRecord> cats{job("LogTransfer", 1, 0.6, "finetune=lstm"), job("LogTransfer", 1, 0.4, "finetune=fc")};
  o.x = "finetune";
  const std::string c = budget_curve_svg(cats, o);
  EXPECT_NE(c.find(">fc<"), std::string::npos);
  EXPECT_NE(c.find(">lstm<"), std::string::npos);
  EXPECT_EQ(count_occurrences(c, "<polyline class=\"series\""), 1u);
  o.band = "sd";
  EXPECT_THROW(budget_curve_svg(cats, o), ConfigError);
}

}  // namespace
}  // namespace logsweep
