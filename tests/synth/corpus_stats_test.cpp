// The corpus statistics on hand-made sequences, then the generated corpus against its spec: the
// real samples' values (bench/corpus_stats on ../shared/data, docs/synthetic.md) with stated
// tolerances. The targets come from the real logs, never from method results.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>
#include <stdexcept>

#include "core/logs/reader.hpp"
#include "core/parsing/drain.hpp"
#include "core/synth/corpus_stats.hpp"
#include "core/synth/generator.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

namespace cs = corpus_stats;
using testing::TempDir;

TEST(CorpusStats, TemplatesPerChunkAndTopKShare) {
  const cs::Events e{1, 1, 2, 3, 1, 1, 4, 4};
  // chunks of 4: {1,2,3} -> 3 and {1,4} -> 2: mean 2.5; shorter than a chunk: the whole (4 ids)
  EXPECT_DOUBLE_EQ(cs::templates_per_chunk(e, 4), 2.5);
  EXPECT_DOUBLE_EQ(cs::templates_per_chunk(e, 100), 4.0);
  // counts 1:4, 4:2, 2:1, 3:1 -> top1 4/8, top2 6/8, top10 8/8
  EXPECT_DOUBLE_EQ(cs::top_k_share(e, 1), 0.5);
  EXPECT_DOUBLE_EQ(cs::top_k_share(e, 2), 0.75);
  EXPECT_DOUBLE_EQ(cs::top_k_share(e, 10), 1.0);
}

TEST(CorpusStats, UniqueWindowsCountOnlyNormalOnesAndWindowFractionCountsAnomalousOnes) {
  const cs::Events e{5, 5, 5, 5, 7, 5, 5};
  const cs::Labels l{0, 0, 0, 0, 0, 0, 1};
  // windows of 3, step 1: 555 555 557 575 normal, 755 (lines 4-6) holds the anomaly and is left
  // out: distinct normal {555, 557, 575} = 3 of 4
  EXPECT_DOUBLE_EQ(cs::unique_normal_window_ratio(e, l, 3, 1), 0.75);
  // 1 of the 5 windows of 3 holds the anomaly at the end
  EXPECT_DOUBLE_EQ(cs::anomalous_window_fraction(l, 3, 1), 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(cs::unique_sequence_ratio({{1, 2}, {1, 2}, {2, 1}, {1, 2}}), 0.5);
  EXPECT_THROW(cs::unique_normal_window_ratio(e, cs::Labels{0}, 3, 1), std::invalid_argument);
}

TEST(CorpusStats, BurstsAreRunsOfAnomalousLinesWithAnAllowedGap) {
  const cs::Labels l{1, 1, 0, 1, 0, 0, 1, 1, 1};
  // consecutive runs: 2, 1, 3 -> 3 runs, mean 2, max 3
  auto b = cs::anomaly_bursts(l, 0);
  EXPECT_EQ(b.count, 3u);
  EXPECT_DOUBLE_EQ(b.mean_length, 2.0);
  EXPECT_EQ(b.max_length, 3u);
  // a gap of 1 joins the first two runs (3 lines); the gap of 2 does not: runs 3 and 3
  b = cs::anomaly_bursts(l, 1);
  EXPECT_EQ(b.count, 2u);
  EXPECT_DOUBLE_EQ(b.mean_length, 3.0);
}

TEST(CorpusStats, NextEventAccuracyOfTheHistoryPredictor) {
  // history 1 on train "1 2 1 2 1 3" (padded: S): S->1, 1->2 (2x), 1->3 (1x), 2->1 (2x).
  // test "1 2 1 3": S->1 hit; 1->2 hit; 2->1 hit; 1->3: top1 is 2 (miss), 3 is 2nd (top2 hit).
  const auto r = cs::next_event_accuracy({{1, 2, 1, 2, 1, 3}}, {{1, 2, 1, 3}}, 1, 2);
  EXPECT_EQ(r.checked, 4u);
  EXPECT_DOUBLE_EQ(r.top1, 0.75);
  EXPECT_DOUBLE_EQ(r.topg, 1.0);
  // an unseen history is a miss: 9 never occurs in train
  EXPECT_DOUBLE_EQ(cs::next_event_accuracy({{1, 2}}, {{9, 9}}, 1, 5).topg, 0.0);
  // the stream split keeps the normal lines in order: 4 normal lines, 70% -> 2 train
  const auto [train, test] = cs::normal_stream_split({1, 2, 8, 3, 4}, {0, 0, 1, 0, 0}, 0.7);
  EXPECT_EQ(train.front(), (cs::Events{1, 2}));
  EXPECT_EQ(test.front(), (cs::Events{3, 4}));
}

// One generated system read back through its reader and Drain with the format's defaults, as
// `logsweep run` and bench/corpus_stats read logs.
struct Parsed {
  cs::Events events;
  cs::Labels labels;
  std::vector<std::string> templates;
};

Parsed parse(const SynthSystem& sys) {
  ReaderSpec r;
  r.format = sys.format;
  r.path = sys.log_path;
  auto reader = open_reader(r);
  Drain drain(drain_defaults(sys.format));
  Parsed p;
  LogRecord rec;
  while (reader->next(rec)) {
    p.events.push_back(drain.add(rec.content));
    p.labels.push_back(rec.label);
  }
  p.templates = drain.templates();
  return p;
}

// target +- tolerance, from the real sample named in `source`.
struct Target {
  const char* what;
  double target;
  double tolerance;
  const char* source;
};

void expect_near(const std::string& sys, const Target& t, double got) {
  EXPECT_NEAR(got, t.target, t.tolerance) << sys << ": " << t.what << " (target from " << t.source << ")";
  std::cout << "[ info ] " << sys << " " << t.what << ": " << got << " (target " << t.target << " +- " << t.tolerance
            << ", " << t.source << ")\n";
}

// The shape statistics of a generated system at the length of its real sample (n-gram and template
// counts depend on the length): the mean over the file's pieces of that length
// (cs::mean_over_chunks). Keep in step with docs/synthetic.md.
void check_shape(const std::string& sys, const cs::StreamStats& s, const char* src, double templates, double t_tol,
                 double top1, double top5, double top10, double unique, double next1, double next5) {
  const bool per10k = std::string(src) == "BGL_head10k";
  expect_near(sys, {per10k ? "templates per 10k lines" : "templates per 2k lines", templates, t_tol, src},
              per10k ? s.templates_per_10k : s.templates_per_2k);
  // BGL_head10k's top-1 share is a race of two templates in five runs of 741..4,736 lines: its
  // 5,000-line halves give 0.97 and 0.95, its middle half 0.48 (docs/synthetic.md), so a 10k
  // window does not pin it closer than +-0.25.
  expect_near(sys, {"top-1 template share", top1, per10k ? 0.25 : 0.12, src}, s.top1_share);
  expect_near(sys, {"top-5 template share", top5, 0.06, src}, s.top5_share);
  expect_near(sys, {"top-10 template share", top10, 0.06, src}, s.top10_share);
  expect_near(sys, {"unique normal 20-line windows", unique, 0.03, src}, s.unique_window_ratio);
  expect_near(sys, {"next event h3 top-1", next1, 0.12, src}, s.next_event.top1);
  expect_near(sys, {"next event h3 top-5", next5, 0.12, src}, s.next_event.topg);
}

// The anomaly statistics, over the whole default-length file (20,000 lines: enough bursts).
void check_anomalies(const std::string& sys, const cs::StreamStats& s, double windows, double w_tol, double burst_mean,
                     double b_tol, std::size_t burst_max) {
  expect_near(sys, {"anomalous 20-line windows", windows, w_tol, "LogAction Table I"}, s.anomalous_window_fraction);
  expect_near(sys, {"mean burst length", burst_mean, b_tol, "docs/synthetic.md"}, s.bursts.mean_length);
  EXPECT_LE(s.bursts.max_length, burst_max) << sys;
}

class SynthSpecMatchesRealSamples : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(SynthSpecMatchesRealSamples, EveryStatisticWithinItsTolerance) {
  TempDir d;
  SynthSpec spec;  // the defaults: 20,000 lines per system
  spec.seed = GetParam();
  const auto systems = generate_corpus(d.path(), spec);
  ASSERT_EQ(systems.size(), 3u);
  const Parsed a = parse(systems[0]), b = parse(systems[1]), c = parse(systems[2]);

  //                              templates  tol  top1   top5   top10  unique20 next1  next5
  check_shape("synthA", cs::mean_over_chunks(a.events, a.labels, 10000), "BGL_head10k", 11, 6, 0.486, 0.994, 1.000,
              0.032, 0.990, 0.993);
  check_shape("synthB", cs::mean_over_chunks(b.events, b.labels, 2000), "Thunderbird_2k", 167, 30, 0.409, 0.786, 0.834,
              0.987, 0.413, 0.803);
  check_shape("synthC", cs::mean_over_chunks(c.events, c.labels, 2000), "Zookeeper_2k", 44, 8, 0.158, 0.721, 0.859,
              1.000, 0.134, 0.621);

  const auto sa = cs::stream_stats(a.events, a.labels);
  check_anomalies("synthA", sa, 0.247, 0.03, 8.0, 2.0, 40);
  // BGL_2k, a uniform sample of the whole log, has 7.15% anomalous lines: the derived burst
  // length must give it back.
  expect_near("synthA", {"anomalous lines", 0.0715, 0.02, "BGL_2k"}, sa.anomalous_line_fraction);
  check_anomalies("synthB", cs::stream_stats(b.events, b.labels), 0.051, 0.012, 8.0, 3.0, 40);
  check_anomalies("synthC", cs::stream_stats(c.events, c.labels), 0.024, 0.006, 1.62, 0.5, 3);
}

INSTANTIATE_TEST_SUITE_P(SixSeeds, SynthSpecMatchesRealSamples, ::testing::Values(42u, 7u, 0u, 1u, 2u, 3u));

// Every anomaly template of the test period (last 30% of lines) also occurs in the training
// period, at the demo's length for the demo's targets and at the default length for all systems:
// the supervised ceiling can then learn every test anomaly. (Before the redesign, test phrasings
// the training period never showed capped it at ~0.77 F1.)
std::set<std::int32_t> anomalous_events(const Parsed& p, std::size_t from, std::size_t to) {
  std::set<std::int32_t> out;
  for (std::size_t i = from; i < to; ++i)
    if (p.labels[i]) out.insert(p.events[i]);
  return out;
}

void expect_test_anomalies_seen_in_training(const SynthSystem& sys, std::uint64_t seed) {
  SCOPED_TRACE(sys.name + ", seed " + std::to_string(seed) + ", " + std::to_string(sys.lines) + " lines");
  const Parsed p = parse(sys);
  const std::size_t cut = p.events.size() * 7 / 10;
  const auto train = anomalous_events(p, 0, cut), test = anomalous_events(p, cut, p.events.size());
  EXPECT_FALSE(test.empty()) << sys.name;
  for (auto e : test)
    EXPECT_TRUE(train.count(e)) << sys.name << ": test anomaly event " << e << " unseen in training: " << p.templates[e];
}

TEST(SynthCorpus, TestPeriodAnomaliesAllOccurInTheTrainingPeriod) {
  for (std::uint64_t seed : {0u, 1u, 2u, 42u}) {
    TempDir d;
    SynthSpec spec;
    spec.seed = seed;
    for (const auto& sys : generate_corpus(d.path(), spec)) expect_test_anomalies_seen_in_training(sys, seed);
    TempDir demo;
    spec.lines_per_system = 6000;  // the demo (scripts/demo.sh); targets synthA and synthB
    const auto systems = generate_corpus(demo.path(), spec);
    expect_test_anomalies_seen_in_training(systems[0], seed);
    expect_test_anomalies_seen_in_training(systems[1], seed);
  }
}

// Normal drift is "some drift", present in both periods: every recurring normal template of the
// test period (>= 5 lines there; one-off noise and long-tail lines aside) also occurs in the
// training period. (Before the fix, synthA's "generating core" routine was first drawn after
// 70% of the 6,000-line demo log: 154 test lines, all new, capped the supervised ceiling.)
void expect_test_normals_seen_in_training(const SynthSystem& sys, std::uint64_t seed) {
  SCOPED_TRACE(sys.name + ", seed " + std::to_string(seed) + ", " + std::to_string(sys.lines) + " lines");
  const Parsed p = parse(sys);
  const std::size_t cut = p.events.size() * 7 / 10;
  std::set<std::int32_t> train;
  std::map<std::int32_t, int> test;
  for (std::size_t i = 0; i < p.events.size(); ++i)
    if (!p.labels[i]) (i < cut ? void(train.insert(p.events[i])) : void(++test[p.events[i]]));
  for (const auto& [e, n] : test)
    if (n >= 5) {
      EXPECT_TRUE(train.count(e)) << "test normal event seen " << n << " times, never in training: " << p.templates[e];
    }
}

TEST(SynthCorpus, TestPeriodNormalTemplatesAllOccurInTheTrainingPeriod) {
  for (std::uint64_t seed : {0u, 1u, 2u, 42u}) {
    for (std::int64_t lines : {6000, 20000}) {  // the demo (scripts/demo.sh) and the default length
      TempDir d;
      SynthSpec spec;
      spec.seed = seed;
      spec.lines_per_system = lines;
      for (const auto& sys : generate_corpus(d.path(), spec)) expect_test_normals_seen_in_training(sys, seed);
    }
  }
}

}  // namespace
}  // namespace logsweep
