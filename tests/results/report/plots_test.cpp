#include "results/report/plots.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "core/util/errors.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::count_occurrences;

JobRecord done(const std::string& method, const std::string& src, double budget, std::uint64_t seed, double f1) {
  JobRecord r;
  r.id = method + src + std::to_string(budget) + std::to_string(seed);
  r.method = method;
  r.source = src;
  r.target = "TB";
  r.budget = budget;
  r.seed = seed;
  r.result.f1 = f1;
  return r;
}

std::vector<JobRecord> sweep() {
  std::vector<JobRecord> v;
  const double budgets[] = {0.005, 0.01, 0.02, 0.05, 0.1};
  for (std::size_t b = 0; b < 5; ++b)
    for (std::uint64_t s = 0; s < 3; ++s) {
      double jitter = 0.02 * (static_cast<double>(s) - 1.0);
      v.push_back(done("LogAction", "BGL", budgets[b], s, 0.70 + 0.05 * b + jitter));
      v.push_back(done("Supervised", "BGL", budgets[b], s, 0.40 + 0.10 * b + 2 * jitter));
      v.push_back(done("LogAction_wt", "BGL", budgets[b], s, 0.60 + 0.04 * b + jitter));
    }
  JobRecord failed = done("Supervised", "BGL", 0.2, 0, 0.0);
  failed.status = JobStatus::Failed;  // must not appear as a zero point
  v.push_back(failed);
  return v;
}

TEST(BudgetCurve, OnePolylineAndBandPerSeriesWithLegendLabels) {
  std::string svg = budget_curve_svg(sweep());
  EXPECT_EQ(count_occurrences(svg, "<polyline class=\"series\""), 3u);
  EXPECT_EQ(count_occurrences(svg, "<path class=\"band\""), 3u);
  EXPECT_EQ(count_occurrences(svg, "class=\"legend-label\""), 3u);
  for (const char* label : {">LogAction<", ">Supervised<", ">LogAction_wt<"}) EXPECT_NE(svg.find(label), std::string::npos) << label;
  EXPECT_NE(svg.find(">F1 vs label budget<"), std::string::npos);
  EXPECT_NE(svg.find("Label budget (% of target pool, log scale)"), std::string::npos);
  EXPECT_NE(svg.find(">F1 (%)<"), std::string::npos);
  EXPECT_NE(svg.find(">0.5%<"), std::string::npos);  // budgets are the x ticks
  EXPECT_NE(svg.find(">10%<"), std::string::npos);
  EXPECT_EQ(svg.find(">20%<"), std::string::npos);   // the failed job is no point
  // Each series has 5 points: 5 "x,y" pairs in its polyline.
  std::size_t p = svg.find("points=\"");
  std::string pts = svg.substr(p + 8, svg.find('"', p + 8) - p - 8);
  EXPECT_EQ(count_occurrences(pts, ","), 5u);
}

TEST(BudgetCurve, SeveralPairsNameThePairInTheLegendAndFiltersApply) {
  auto recs = sweep();
  auto more = sweep();
  for (auto& r : more) r.source = "HDFS";
  recs.insert(recs.end(), more.begin(), more.end());
  BudgetCurveOptions o;
  o.methods = {"LogAction"};
  std::string svg = budget_curve_svg(recs, o);
  EXPECT_EQ(count_occurrences(svg, "<polyline class=\"series\""), 2u);
  EXPECT_NE(svg.find(">LogAction (BGL → TB)<"), std::string::npos);
  EXPECT_NE(svg.find(">LogAction (HDFS → TB)<"), std::string::npos);
  o.pairs = {"HDFS->TB"};
  o.x_scale = "linear";
  svg = budget_curve_svg(recs, o);
  EXPECT_EQ(count_occurrences(svg, "<polyline class=\"series\""), 1u);
  EXPECT_NE(svg.find("Label budget (% of target pool)"), std::string::npos);
}

// 6 methods x 2 pairs would repeat colours in an 8-colour palette: the colour names the method
// and the dash pattern the pair instead.
TEST(BudgetCurve, SameMethodSharesAColourAndPairsDifferInDash) {
  auto recs = sweep();
  auto more = sweep();
  for (auto& r : more) r.source = "HDFS";
  recs.insert(recs.end(), more.begin(), more.end());
  std::string svg = budget_curve_svg(recs);
  auto stroke_of = [&](const std::string& label) {
    auto p = svg.find("data-label=\"" + label + "\"");
    EXPECT_NE(p, std::string::npos) << label;
    auto s = svg.find("stroke=\"", p) + 8;
    auto end = svg.find("/>", p);
    return std::make_pair(svg.substr(s, svg.find('"', s) - s), svg.substr(p, end - p).find("stroke-dasharray") != std::string::npos);
  };
  auto a = stroke_of("LogAction (BGL → TB)"), b = stroke_of("LogAction (HDFS → TB)"),
       c = stroke_of("Supervised (BGL → TB)");
  EXPECT_EQ(a.first, b.first);
  EXPECT_NE(a.first, c.first);
  EXPECT_NE(a.second, b.second);  // one solid, one dashed
  EXPECT_EQ(a.second, c.second);
  EXPECT_EQ(count_occurrences(svg, "stroke-dasharray"), 3u + 3u);  // 3 dashed polylines + their legend lines
}

TEST(BudgetCurve, NoRecordsStillGivesAValidFigure) {
  std::string svg = budget_curve_svg({});
  EXPECT_NE(svg.find("no finished jobs"), std::string::npos);
  EXPECT_EQ(svg.rfind("</svg>\n"), svg.size() - 7);
}

TEST(Pca, RecoversTheDirectionOfARankOneDataset) {
  // x_i = mean + a_i * u with u a known unit vector: PC1 must be u and carry all the variance.
  const std::vector<double> u{0.48, -0.6, 0.64, 0.0};  // |u| = 1
  Matrix x(50, 4);
  for (std::size_t i = 0; i < 50; ++i) {
    double a = std::sin(0.7 * i) * 3.0 + 0.1 * i;
    for (std::size_t c = 0; c < 4; ++c) x.at(i, c) = static_cast<float>(1.0 + c + a * u[c]);
  }
  Pca p = pca(x, 2);
  ASSERT_EQ(p.components.rows, 2u);
  for (std::size_t c = 0; c < 4; ++c) EXPECT_NEAR(p.components.at(0, c), u[c], 1e-4) << c;  // sign: largest |entry| > 0
  EXPECT_NEAR(p.variance[0] / p.total_variance, 1.0, 1e-6);
  EXPECT_NEAR(p.variance[1], 0.0, 1e-6);
  // Projections are the centred a_i.
  double mean_a = 0;
  for (std::size_t i = 0; i < 50; ++i) mean_a += std::sin(0.7 * i) * 3.0 + 0.1 * i;
  mean_a /= 50;
  EXPECT_NEAR(p.projected.at(7, 0), std::sin(0.7 * 7) * 3.0 + 0.7 - mean_a, 1e-4);
}

TEST(Pca, SecondComponentIsOrthogonalAndOrderedByVariance) {
  std::mt19937 rng(7);
  std::normal_distribution<float> g(0.0f, 1.0f);
  Matrix x(400, 3);
  for (std::size_t i = 0; i < 400; ++i) {
    x.at(i, 0) = 5.0f * g(rng);
    x.at(i, 1) = 2.0f * g(rng);
    x.at(i, 2) = 0.5f * g(rng);
  }
  Pca p = pca(x, 2);
  EXPECT_GT(std::fabs(p.components.at(0, 0)), 0.99);
  EXPECT_GT(std::fabs(p.components.at(1, 1)), 0.99);
  double dot = 0;
  for (std::size_t c = 0; c < 3; ++c) dot += p.components.at(0, c) * p.components.at(1, c);
  EXPECT_NEAR(dot, 0.0, 1e-5);
  EXPECT_GT(p.variance[0], p.variance[1]);
}

TEST(Projection, PointsAreColouredByLabelAndShapedBySystem) {
  Matrix v(6, 3);
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t c = 0; c < 3; ++c) v.at(i, c) = static_cast<float>((i + 1) * (c + 1) % 5);
  std::string svg = projection_svg(v, {0, 0, 1, 0, 1, 0}, {0, 0, 0, 1, 1, 1});
  EXPECT_EQ(count_occurrences(svg, "class=\"normal\""), 4u);
  EXPECT_EQ(count_occurrences(svg, "class=\"anomalous\""), 2u);
  std::size_t g0 = svg.find("<g class=\"points\">"), g1 = svg.find("</g>", g0);
  std::string points = svg.substr(g0, g1 - g0);
  EXPECT_EQ(count_occurrences(points, "<circle"), 3u);  // source
  EXPECT_EQ(count_occurrences(points, "<path"), 3u);    // target triangles
  EXPECT_NE(svg.find(">normal (4)<"), std::string::npos);
  EXPECT_NE(svg.find(">anomalous (2)<"), std::string::npos);
  EXPECT_NE(svg.find(">source<"), std::string::npos);
  EXPECT_NE(svg.find(">target<"), std::string::npos);
  EXPECT_NE(svg.find("PC1 ("), std::string::npos);
  EXPECT_THROW(projection_svg(v, {0, 1}, {}), InputError);
}

TEST(Projection, LargeSetsAreThinnedDeterministically) {
  Matrix v(1000, 2);
  for (std::size_t i = 0; i < 1000; ++i) v.at(i, 0) = static_cast<float>(i), v.at(i, 1) = static_cast<float>(i % 7);
  ProjectionOptions o;
  o.max_points = 100;
  std::string svg = projection_svg(v, std::vector<std::int8_t>(1000, 0), {}, o);
  EXPECT_EQ(count_occurrences(svg, "class=\"normal\""), 100u);
  EXPECT_EQ(svg, projection_svg(v, std::vector<std::int8_t>(1000, 0), {}, o));
}

TEST(Png, ConvertsWhenRsvgConvertIsAvailable) {
  if (!png_converter_available()) GTEST_SKIP() << "rsvg-convert not on PATH";
  testing::TempDir dir;
  write_text_file(dir.file("c.svg"), budget_curve_svg(sweep()));
  ASSERT_TRUE(svg_to_png(dir.file("c.svg"), dir.file("c.png")));
  std::string png = testing::read_file(dir.file("c.png"));
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  // Examples for a human to look at: LOGSWEEP_PLOT_EXAMPLES=/some/dir.
  if (const char* out = std::getenv("LOGSWEEP_PLOT_EXAMPLES")) {
    std::string d = out;
    std::filesystem::create_directories(d);
    auto recs = sweep();
    write_text_file(d + "/budget_curve.svg", budget_curve_svg(recs));
    svg_to_png(d + "/budget_curve.svg", d + "/budget_curve.png");
    std::mt19937 rng(3);
    std::normal_distribution<float> g(0.0f, 1.0f);
    Matrix v(600, 16);
    std::vector<std::int8_t> lab(600), sys(600);
    for (std::size_t i = 0; i < 600; ++i) {
      lab[i] = i % 9 == 0;
      sys[i] = i % 2;
      for (std::size_t c = 0; c < 16; ++c) v.at(i, c) = g(rng) + (lab[i] ? 2.5f : 0.0f) * (c < 4) + (sys[i] ? 1.0f : 0.0f) * (c == 5);
    }
    JobRecord r = done("LogAction", "BGL", 0.02, 1, 0.9);
    r.result.vectors = v;
    r.result.vector_labels = lab;
    r.result.vector_system = sys;
    write_text_file(d + "/projection.svg", projection_svg(r));
    svg_to_png(d + "/projection.svg", d + "/projection.png");
  }
}

}  // namespace
}  // namespace logsweep
