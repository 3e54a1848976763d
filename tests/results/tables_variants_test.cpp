// Issue 14 item 4 / issue 17: settings of one method are distinct rows, never extra seeds.
#include <gtest/gtest.h>

#include "results/job_fixture.hpp"
#include "results/plots.hpp"
#include "results/tables.hpp"
#include "results/tables_variants.hpp"

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

TEST(TableVariants, ParseCanonicalParams) {
  auto p = parse_canonical_params("a=1;b=x y;c=");
  EXPECT_EQ(p.size(), 3u);
  EXPECT_EQ(p["b"], "x y");
  EXPECT_EQ(p["c"], "");
  EXPECT_TRUE(parse_canonical_params("").empty());
}

}  // namespace
}  // namespace logsweep
