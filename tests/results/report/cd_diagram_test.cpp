#include "results/report/cd_diagram.hpp"

#include <gtest/gtest.h>

#include "core/util/errors.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::count_occurrences;

// Demšar (2006) Table 6 as stored jobs: 14 pairs (data sets) x 4 methods, one seed, AUC. The tie
// of C4.5+cf and C4.5+m+cf on "voting" is broken for C4.5+cf as in the paper's ranks (see
// stats_test.cpp), plus a 15th pair where one method has no result.
std::vector<JobRecord> demsar_jobs() {
  const char* names[] = {"C4.5", "C4.5+m", "C4.5+cf", "C4.5+m+cf"};
  const double auc[14][4] = {{0.763, 0.768, 0.771, 0.798}, {0.599, 0.591, 0.590, 0.569}, {0.954, 0.971, 0.968, 0.967},
                             {0.628, 0.661, 0.654, 0.657}, {0.882, 0.888, 0.886, 0.898}, {0.936, 0.931, 0.916, 0.931},
                             {0.661, 0.668, 0.609, 0.685}, {0.583, 0.583, 0.563, 0.625}, {0.775, 0.838, 0.866, 0.875},
                             {1.000, 1.000, 1.000, 1.000}, {0.940, 0.962, 0.965, 0.962}, {0.619, 0.666, 0.614, 0.669},
                             {0.972, 0.981, 0.9751, 0.975}, {0.957, 0.978, 0.946, 0.970}};
  std::vector<JobRecord> out;
  for (int d = 0; d < 15; ++d)
    for (int m = 0; m < 4; ++m) {
      if (d == 14 && m == 3) continue;
      JobRecord r;
      r.method = names[m];
      r.source = "D" + std::to_string(d);
      r.target = "T";
      r.budget = 0.02;
      r.result.auc = d < 14 ? auc[d][m] : 0.5;
      out.push_back(r);
      r.budget = 0.05;  // another budget: ignored
      r.result.auc = 0.1 * m;
      out.push_back(r);
    }
  return out;
}

TEST(CdDiagram, FriedmanAndNemenyiOnDemsarsExample) {
  CdOptions o;
  o.metric = "auc";
  o.budget = 0.02;
  const CdAnalysis a = cd_analysis(demsar_jobs(), o);
  ASSERT_EQ(a.names.size(), 4u);
  EXPECT_EQ(a.pairs_used.size(), 14u);
  ASSERT_EQ(a.pairs_dropped.size(), 1u);
  EXPECT_EQ(a.pairs_dropped[0], "D14->T");
  // Names sort as C4.5, C4.5+cf, C4.5+m, C4.5+m+cf. Paper: 3.143, 2.893, 2.000, 1.964.
  EXPECT_NEAR(a.friedman.mean_ranks[0], 3.143, 1e-3);
  EXPECT_NEAR(a.friedman.mean_ranks[1], 2.893, 1e-3);
  EXPECT_NEAR(a.friedman.mean_ranks[2], 2.000, 1e-3);
  EXPECT_NEAR(a.friedman.mean_ranks[3], 1.964, 1e-3);
  EXPECT_NEAR(a.friedman.chi2, 9.2786, 1e-4);
  EXPECT_NEAR(a.friedman.ff, 3.6863, 1e-4);
  EXPECT_NEAR(a.cd, 1.2535, 1e-3);  // 2.569 * sqrt(4*5 / (6*14))
  // Best first: C4.5+m+cf, C4.5+m, C4.5+cf, C4.5. Best - worst = 1.179 < CD: one group (paper:
  // "the post-hoc test is not powerful enough to detect any significant differences").
  EXPECT_EQ(a.by_rank, (std::vector<std::size_t>{3, 2, 1, 0}));
  ASSERT_EQ(a.groups.size(), 1u);
  EXPECT_EQ(a.groups[0], (std::pair<std::size_t, std::size_t>{0, 3}));
  const std::string svg = cd_diagram_svg(a, o);
  EXPECT_EQ(count_occurrences(svg, "class=\"group\""), 1u);
  EXPECT_EQ(count_occurrences(svg, "class=\"method\""), 4u);
  EXPECT_NE(svg.find("CD = 1.25"), std::string::npos);
  EXPECT_NE(svg.find(">C4.5+m+cf (1.96)<"), std::string::npos);
  EXPECT_NE(svg.find("D14-&gt;T"), std::string::npos);  // the dropped pair is named
  EXPECT_NE(cd_summary(a, o).find("Nemenyi critical difference (alpha 0.05) = 1.254"), std::string::npos);
}

TEST(CdDiagram, AtTenPercentTwoOverlappingGroupsAsInDemsarsFigure) {
  // alpha 0.10: CD = 2.291 * 0.48795 = 1.118. From C4.5+m+cf (1.964): C4.5+m (2.000) and C4.5+cf
  // (2.893) are within CD, C4.5 (3.143, +1.179) is not -> group 0..2; from C4.5+cf: C4.5 (+0.25)
  // -> group 2..3. C4.5 is significantly worse than C4.5+m and C4.5+m+cf (Demšar Fig. 1).
  CdOptions o;
  o.metric = "auc";
  o.budget = 0.02;
  o.alpha = 0.10;
  const CdAnalysis a = cd_analysis(demsar_jobs(), o);
  EXPECT_NEAR(a.cd, 1.1179, 1e-3);
  ASSERT_EQ(a.groups.size(), 2u);
  EXPECT_EQ(a.groups[0], (std::pair<std::size_t, std::size_t>{0, 2}));
  EXPECT_EQ(a.groups[1], (std::pair<std::size_t, std::size_t>{2, 3}));
  EXPECT_EQ(count_occurrences(cd_diagram_svg(a, o), "class=\"group\""), 2u);
}

TEST(CdDiagram, TooFewCompletePairsIsAConfigError) {
  CdOptions o;
  o.metric = "auc";
  o.budget = 0.02;
  o.pairs = {"D0->T", "D14->T"};  // one complete pair only
  EXPECT_THROW(cd_analysis(demsar_jobs(), o), ConfigError);
  o.pairs = {};
  o.budget = 0.5;  // nothing at this budget
  EXPECT_THROW(cd_analysis(demsar_jobs(), o), ConfigError);
}

}  // namespace
}  // namespace logsweep
