// Issue 25 item 1: the selection layout, the LogAction family's per-round record.
#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "core/util/errors.hpp"
#include "results/job_fixture.hpp"
#include "results/report/plots.hpp"
#include "results/report/tables.hpp"

namespace logsweep {
namespace {

const double kNoStep = std::numeric_limits<double>::quiet_NaN();

RoundRecord round_of(int epoch, std::int64_t bought, std::int64_t anomalous, double energy, double margin, double p,
                     double r, double f1) {
  return RoundRecord{epoch, bought, anomalous, 100, 25, energy, margin, p, r, f1};
}

JobRecord with_rounds(const std::string& method, std::uint64_t seed, double budget, std::vector<RoundRecord> rounds) {
  JobRecord j = test::job_record(method, "epochs=4", seed, rounds.back().f1, budget);
  j.result.rounds = std::move(rounds);
  return j;
}

// Hand-computed (percent): LogAction 2%, two seeds, pool 25 of 100 anomalous in every round:
//   seed 1  round 0: P 50 R 100 F1 60; round 1: 3 of 4 anomalous (75%), energy -4.5, margin 0.25, F1 70
//   seed 2  round 0: P 40 R 100 F1 50; round 1: 1 of 4 anomalous (25%), energy -5.5, margin 0.75, F1 90
//   mean    round 0: share – (nothing bought), P 45 R 100 F1 55;
//           round 1: 2 anomalous bought, share 50, energy -5, margin 0.5, P 70 R 70 F1 80
// LogAction 0% (seed 1): round 0 only, the final source-only classifier (epoch 12).
// LogAction_wa 2% (seed 1): random selection has neither threshold; one seed, so no mean rows.
// Not shown: DeepLog (no rounds), a failed LogAction seed.
std::vector<JobRecord> selection_records() {
  JobRecord failed = test::job_record("LogAction", "epochs=4", 3, 0, 0.02);
  failed.status = JobStatus::Failed;
  failed.message = "out of memory";
  return {
      with_rounds("LogAction", 2, 0.02,
                  {round_of(2, 0, 0, kNoStep, kNoStep, 0.4, 1.0, 0.5), round_of(2, 4, 1, -5.5, 0.75, 0.6, 0.8, 0.9)}),
      with_rounds("LogAction", 1, 0.02,
                  {round_of(2, 0, 0, kNoStep, kNoStep, 0.5, 1.0, 0.6), round_of(2, 4, 3, -4.5, 0.25, 0.8, 0.6, 0.7)}),
      with_rounds("LogAction", 1, 0.0, {round_of(12, 0, 0, kNoStep, kNoStep, 0.3, 1.0, 0.4)}),
      with_rounds(
          "LogAction_wa", 1, 0.02,
          {round_of(2, 0, 0, kNoStep, kNoStep, 0.5, 1.0, 0.6), round_of(2, 4, 1, kNoStep, kNoStep, 0.5, 0.5, 0.5)}),
      test::job_record("DeepLog", "epochs=4", 1, 0.8, 0.02),
      failed,
  };
}

TableOptions selection_options(TableFormat format) {
  TableOptions o;
  o.layout = parse_table_layout("selection");
  o.families = test::fixture_families();
  o.format = format;
  return o;
}

TEST(SelectionTable, CsvHasOneRowPerRoundThenTheMeanOverSeeds) {
  EXPECT_EQ(
      render_table(selection_records(), selection_options(TableFormat::Csv)),
      R"golden(Method,Pair,Budget,Seed,Seeds,Round,Epoch,Bought,Anomalous bought,Anomalous share of purchase (%),Pool anomalous share (%),Energy threshold,Margin threshold,P (%),R (%),F1 (%)
LogAction,BGL->TB,0%,1,1,0,12,0,0,,25.00,,,30.00,100.00,40.00
LogAction,BGL->TB,2%,1,1,0,2,0,0,,25.00,,,50.00,100.00,60.00
LogAction,BGL->TB,2%,1,1,1,2,4,3,75.00,25.00,-4.5,0.25,80.00,60.00,70.00
LogAction,BGL->TB,2%,2,1,0,2,0,0,,25.00,,,40.00,100.00,50.00
LogAction,BGL->TB,2%,2,1,1,2,4,1,25.00,25.00,-5.5,0.75,60.00,80.00,90.00
LogAction,BGL->TB,2%,mean,2,0,2,0,0,,25.00,,,45.00,100.00,55.00
LogAction,BGL->TB,2%,mean,2,1,2,4,2,50.00,25.00,-5,0.5,70.00,70.00,80.00
LogAction_wa,BGL->TB,2%,1,1,0,2,0,0,,25.00,,,50.00,100.00,60.00
LogAction_wa,BGL->TB,2%,1,1,1,2,4,1,25.00,25.00,,,50.00,50.00,50.00
)golden");
}

TEST(SelectionTable, MarkdownShowsNoValueAsADashAndExplainsWhatIsLeftOut) {
  const std::string t = render_table(selection_records(), selection_options(TableFormat::Markdown));
  EXPECT_EQ(
      t.rfind(
          "| Method | Pair | Budget | Seed | Round | Epoch | Bought | Anomalous bought | Anomalous share of "
          "purchase (%) | Pool anomalous share (%) | Energy threshold | Margin threshold | P (%) | R (%) | F1 (%) |\n",
          0),
      0u)
      << t;
  EXPECT_NE(
      t.find(
          "\n| LogAction | BGL → TB | 2% | mean (2) | 0 | 2 | 0 | 0 | – | 25.00 | – | – | 45.00 | 100.00 | 55.00 |\n"),
      std::string::npos)
      << t;
  EXPECT_NE(t.find("\n| LogAction | BGL → TB | 2% | mean (2) | 1 | 2 | 4 | 2 | 50.00 | 25.00 | -5 | 0.5 | 70.00 | "
                   "70.00 | 80.00 |\n"),
            std::string::npos)
      << t;
  EXPECT_NE(
      t.find(
          "\n| LogAction_wa | BGL → TB | 2% | 1 | 1 | 2 | 4 | 1 | 25.00 | 25.00 | – | – | 50.00 | 50.00 | 50.00 |\n"),
      std::string::npos)
      << t;
  EXPECT_EQ(t.find("LogAction_wa | BGL → TB | 2% | mean"), std::string::npos) << t;  // one seed: no mean rows
  EXPECT_EQ(t.find("DeepLog"), std::string::npos) << t;
  EXPECT_NE(t.find("1 LogAction-family job(s) have no rounds and are left out: 1 failed."), std::string::npos) << t;
}

TEST(SelectionTable, LatexUsesBooktabsAndFiltersApply) {
  TableOptions o = selection_options(TableFormat::Latex);
  o.methods = {"LogAction"};
  o.budgets = {0.02};
  o.percent = false;
  o.decimals = 3;
  const std::string t = render_table(selection_records(), o);
  EXPECT_NE(t.find("\\toprule\nMethod & Pair & Budget & Seed & Round & Epoch & Bought & Anomalous bought & Anomalous "
                   "share of purchase & Pool anomalous share & "),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("\nLogAction & BGL $\\rightarrow$ TB & 2\\% & mean (2) & 1 & 2 & 4 & 2 & 0.500 & 0.250 & -5 & 0.5 & "
                   "0.700 & 0.700 & 0.800 \\\\\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find(" & -- & -- & "), std::string::npos) << t;  // round 0: no thresholds
  EXPECT_EQ(t.find("LogAction_wa"), std::string::npos) << t;
  EXPECT_EQ(t.find(" 0\\% "), std::string::npos) << t;
}

TEST(SelectionTable, WithoutRoundRecordsItSaysSo) {
  const std::string t =
      render_table({test::job_record("DeepLog", "epochs=4", 1, 0.8, 0.02)}, selection_options(TableFormat::Markdown));
  EXPECT_NE(t.find("No shown job has a round record"), std::string::npos) << t;
  EXPECT_THROW(parse_table_layout("selectoin"), ConfigError);
  try {
    parse_table_layout("selectoin");
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("selection"), std::string::npos) << e.what();
  }
}

// The points="x,y x,y" of the polyline whose data-label is `label`; empty when there is none.
std::vector<std::pair<double, double>> polyline_points(const std::string& svg, const std::string& label) {
  const auto at = svg.find("data-label=\"" + label + "\"");
  if (at == std::string::npos) return {};
  const auto from = svg.find("points=\"", at) + 8, to = svg.find('"', from);
  std::vector<std::pair<double, double>> out;
  std::istringstream in(svg.substr(from, to - from));
  for (std::string xy; in >> xy;)
    out.emplace_back(std::stod(xy.substr(0, xy.find(','))), std::stod(xy.substr(xy.find(',') + 1)));
  return out;
}

TEST(SelectionCurve, OneCurvePerSettingAndBudgetStartingAtRoundZero) {
  const std::string svg = selection_curve_svg(selection_records());
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find(">LogAction<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">LogAction_wa<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">BGL → TB</text>"), std::string::npos) << svg;  // the pair's panel
  EXPECT_EQ(svg.find("DeepLog"), std::string::npos) << svg;
  // Mean F1 55 at round 0, 80 after round 1: two points, the second higher (smaller y).
  const auto full = polyline_points(svg, "LogAction, budget 2%");
  ASSERT_EQ(full.size(), 2u) << svg;
  EXPECT_LT(full[0].first, full[1].first);
  EXPECT_GT(full[0].second, full[1].second);
  // Budget 0 is its round-0 point, at the x of every curve's first point.
  const auto source_only = polyline_points(svg, "LogAction, budget 0%");
  ASSERT_EQ(source_only.size(), 1u) << svg;
  EXPECT_DOUBLE_EQ(source_only[0].first, full[0].first);
  EXPECT_EQ(polyline_points(svg, "LogAction_wa, budget 2%").size(), 2u) << svg;
  SelectionCurveOptions o;
  o.methods = {"LogAction_wa"};
  EXPECT_EQ(selection_curve_svg(selection_records(), o).find(">LogAction<"), std::string::npos);
  o.metric = "auc";
  EXPECT_THROW(selection_curve_svg(selection_records(), o), ConfigError);
  EXPECT_NE(selection_curve_svg({}).find("no finished job has a round record"), std::string::npos);
}

}  // namespace
}  // namespace logsweep
