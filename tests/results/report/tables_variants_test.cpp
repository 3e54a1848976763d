// Issue 14 item 4 / issue 17: settings of one method are distinct rows, never extra seeds.
#include <gtest/gtest.h>

#include "results/job_fixture.hpp"
#include "results/report/plots.hpp"
#include "results/report/tables.hpp"
#include "results/report/tables_variants.hpp"

namespace logsweep {
namespace {

JobRecord job(const std::string& method, const std::string& params, std::uint64_t seed, double f1, double budget = 0.02) {
  return test::job_record(method, params, seed, f1, budget);
}

// Two LogTransfer settings with two seeds each (the "(4)"): F1 lstm 0.60, 0.62 -> 61.00 ±
// 1.41 (2); fc 0.40, 0.44 -> 42.00 ± 2.83 (2).
std::vector<JobRecord> two_settings() {
  return {job("LogTransfer", "epochs=5;finetune=lstm", 1, 0.60), job("LogTransfer", "epochs=5;finetune=lstm", 2, 0.62),
          job("LogTransfer", "epochs=5;finetune=fc", 1, 0.40), job("LogTransfer", "epochs=5;finetune=fc", 2, 0.44)};
}

TEST(TableVariants, SettingsOfOneMethodAreDistinctRowsNotExtraSeeds) {
  TableOptions o;
  o.format = TableFormat::Csv;
  const std::string t = render_table(two_settings(), o);
  // Without known defaults each setting is named by the key that varies.
  EXPECT_NE(t.find("\nLogTransfer (finetune=fc),42.00,2.83,2,"), std::string::npos) << t;
  EXPECT_NE(t.find("\nLogTransfer (finetune=lstm),61.00,1.41,2,"), std::string::npos) << t;
  EXPECT_EQ(t.find(",4,"), std::string::npos) << t;  // never pooled into four "seeds"
}

TEST(TableVariants, TheDefaultSettingKeepsThePlainName) {
  TableOptions o;
  o.format = TableFormat::Csv;
  o.default_params = {{"LogTransfer", {"epochs=5;finetune=lstm", "epochs=1;finetune=lstm"}}};
  auto recs = two_settings();
  recs.push_back(job("LogTransfer", "epochs=10;finetune=all", 1, 0.5));
  const std::string t = render_table(recs, o);
  EXPECT_NE(t.find("\nLogTransfer,61.00,1.41,2,"), std::string::npos) << t;
  EXPECT_NE(t.find("\nLogTransfer (finetune=fc),42.00,2.83,2,"), std::string::npos) << t;
  // Differs from the default in two keys: both named.
  EXPECT_NE(t.find("\nLogTransfer (epochs=10; finetune=all),50.00,,1,"), std::string::npos) << t;
  // A method filter with a setting's name keeps that row only; with the method, all its rows.
  o.methods = {"LogTransfer (finetune=fc)"};
  const std::string only = render_table(recs, o);
  EXPECT_NE(only.find("\nLogTransfer (finetune=fc),"), std::string::npos) << only;
  EXPECT_EQ(only.find("\nLogTransfer,"), std::string::npos) << only;
  o.methods = {"LogTransfer"};
  EXPECT_NE(render_table(recs, o).find("\nLogTransfer (epochs=10; finetune=all),"), std::string::npos);
}

TEST(TableVariants, OneSettingPerMethodKeepsThePlainName) {
  TableOptions o;
  o.format = TableFormat::Csv;
  const std::string t = render_table({job("LogAction", "epochs=10", 1, 0.5), job("LogAction", "epochs=10", 2, 0.7)}, o);
  EXPECT_NE(t.find("\nLogAction,60.00,14.14,2,"), std::string::npos) << t;
}

TEST(TableVariants, BudgetCurvesDrawOneSeriesPerSetting) {
  auto recs = two_settings();
  for (auto r : two_settings()) {
    r.budget = 0.05;
    r.id += "b";
    recs.push_back(r);
  }
  const std::string svg = budget_curve_svg(recs);
  EXPECT_NE(svg.find(">LogTransfer (finetune=fc)<"), std::string::npos);
  EXPECT_NE(svg.find(">LogTransfer (finetune=lstm)<"), std::string::npos);
}

TEST(TableVariants, DataSweepPointsAreSettingsAndSensitivityAxes) {
  // Same parameters at two data points (window.size 10 and 20): two rows, and window.size is an x.
  auto at = [](const std::string& point, std::uint64_t seed, double f1) {
    JobRecord r = job("DeepLog", "epochs=5", seed, f1);
    r.data_settings = point;
    return r;
  };
  const std::vector<JobRecord> recs{at("window.size=10", 1, 0.5), at("window.size=10", 2, 0.7),
                                    at("window.size=20", 1, 0.9)};
  TableOptions o;
  o.format = TableFormat::Csv;
  const std::string t = render_table(recs, o);
  EXPECT_NE(t.find("\nDeepLog (window.size=10),60.00,14.14,2,"), std::string::npos) << t;
  EXPECT_NE(t.find("\nDeepLog (window.size=20),90.00,,1,"), std::string::npos) << t;
  EXPECT_EQ(record_axis_value(recs[2], "window.size"), "20");
  o.layout = TableLayout::Sensitivity;
  o.x = "window.size";
  const std::string x = render_table(recs, o);
  EXPECT_NE(x.find("\n10,60.00,14.14,2\n20,90.00,,1\n"), std::string::npos) << x;
}

// Issue 25 item 3: pairs whose data settings differ (one target in fixed windows, another in
// sessions) keep one row per method with an Average; the settings are listed per pair below.
JobRecord on_pair(const std::string& source, const std::string& target, const std::string& data, std::uint64_t seed,
                  double f1) {
  JobRecord r = job("DeepLog", "epochs=5", seed, f1);
  r.source = source;
  r.target = target;
  r.data_settings = data;
  r.id += source + target + data;
  return r;
}

// BGL -> TB (fixed): F1 50, 70 -> 60.00 ± 14.14 (2); TB -> HDFS (fixed>session): 80, 90 -> 85.00 ±
// 7.07 (2); Average (60 + 85) / 2 = 72.50.
std::vector<JobRecord> mixed_window_kinds() {
  return {on_pair("BGL", "TB", "window.kind=fixed;window.size=20", 1, 0.5),
          on_pair("BGL", "TB", "window.kind=fixed;window.size=20", 2, 0.7),
          on_pair("TB", "HDFS", "window.kind=fixed>session;window.size=20", 1, 0.8),
          on_pair("TB", "HDFS", "window.kind=fixed>session;window.size=20", 2, 0.9)};
}

TEST(TableVariants, DataSettingsThatDifferOnlyBetweenPairsNameNoRow) {
  TableOptions o;
  o.format = TableFormat::Csv;
  const std::string t = render_table(mixed_window_kinds(), o);
  EXPECT_NE(t.find("\nDeepLog,60.00,14.14,2,60.00,14.14,2,60.00,14.14,2,85.00,7.07,2,85.00,7.07,2,85.00,7.07,2,"
                   "72.50,,,72.50,,,72.50,,\n"),
            std::string::npos)
      << t;
  EXPECT_EQ(t.find("window.kind"), std::string::npos) << t;
  o.format = TableFormat::Markdown;
  const std::string md = render_table(mixed_window_kinds(), o);
  EXPECT_NE(md.find("| DeepLog | 60.00 ± 14.14 (2) |"), std::string::npos) << md;
  // window.size is the same everywhere: it tells no pair apart and is not listed.
  EXPECT_NE(md.find(": BGL → TB window.kind=fixed; TB → HDFS window.kind=fixed>session.\n"), std::string::npos) << md;
  o.format = TableFormat::Latex;
  EXPECT_NE(render_table(mixed_window_kinds(), o).find("TB $\\rightarrow$ HDFS window.kind=fixed>session"),
            std::string::npos);
  // The budget curve draws one series per pair of the one setting, not one per window kind.
  const std::string svg = budget_curve_svg(mixed_window_kinds());
  EXPECT_NE(svg.find(">DeepLog (BGL → TB)<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">DeepLog (TB → HDFS)<"), std::string::npos) << svg;
}

TEST(TableVariants, ADataSettingSweptWithinAPairStillNamesItsRows) {
  // window.size swept 10 / 20 on both pairs (window.kind still differs between them): two rows,
  // named by window.size only, each with an Average.
  std::vector<JobRecord> recs;
  for (const auto& size : {std::string("10"), std::string("20")}) {
    const double lift = size == "20" ? 0.1 : 0.0;
    recs.push_back(on_pair("BGL", "TB", "window.kind=fixed;window.size=" + size, 1, 0.5 + lift));
    recs.push_back(on_pair("TB", "HDFS", "window.kind=fixed>session;window.size=" + size, 1, 0.7 + lift));
  }
  TableOptions o;
  o.format = TableFormat::Csv;
  const std::string t = render_table(recs, o);
  EXPECT_NE(t.find("\nDeepLog (window.size=10),50.00,,1,50.00,,1,50.00,,1,70.00,,1,70.00,,1,70.00,,1,60.00,,,"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("\nDeepLog (window.size=20),60.00,,1,60.00,,1,60.00,,1,80.00,,1,80.00,,1,80.00,,1,70.00,,,"),
            std::string::npos)
      << t;
  EXPECT_EQ(t.find("window.kind"), std::string::npos) << t;
}

TEST(TableVariants, ParseCanonicalParams) {
  auto p = parse_canonical_params("a=1;b=x y;c=");
  EXPECT_EQ(p.size(), 3u);
  EXPECT_EQ(p["b"], "x y");
  EXPECT_EQ(p["c"], "");
  EXPECT_TRUE(parse_canonical_params("").empty());
}

}  // namespace
}  // namespace logsweep
