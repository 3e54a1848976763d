#include <gtest/gtest.h>

#include "core/util/errors.hpp"
#include "core/windows/windows.hpp"

namespace logsweep {
namespace {

using Seq = std::vector<std::int32_t>;

Seq sequence(const WindowSet& w, std::size_t window) {
  auto s = w.window_seq[window];
  return Seq(w.seq_events.begin() + w.seq_offsets[s], w.seq_events.begin() + w.seq_offsets[s + 1]);
}

LineEvents lines_of(Seq events, std::vector<std::int8_t> labels, std::vector<std::int64_t> times = {}) {
  LineEvents l;
  l.event = std::move(events);
  l.label = std::move(labels);
  if (times.empty())
    for (std::size_t i = 0; i < l.event.size(); ++i) times.push_back(100 + static_cast<std::int64_t>(i));
  l.time = std::move(times);
  return l;
}

WindowSpec fixed(int size, int step) {
  WindowSpec s;
  s.size = size;
  s.step = step;
  return s;
}

TEST(FixedWindows, SlideByStepAndDropTheShortTail) {
  auto l = lines_of({1, 2, 3, 4, 5, 6, 7}, {0, 0, 0, 1, 0, 0, 0});
  auto w = cut_windows(l, fixed(3, 2));  // starts 0, 2, 4 (start 6 would be short)
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(sequence(w, 0), (Seq{1, 2, 3}));
  EXPECT_EQ(sequence(w, 1), (Seq{3, 4, 5}));
  EXPECT_EQ(sequence(w, 2), (Seq{5, 6, 7}));
  EXPECT_EQ(w.window_label, (std::vector<std::int8_t>{0, 1, 0}));
  EXPECT_EQ(w.window_time, (std::vector<std::int64_t>{100, 102, 104}));
  EXPECT_TRUE(cut_windows(l, fixed(8, 1)).size() == 0);
}

TEST(FixedWindows, IdenticalWindowsShareOneStoredSequence) {
  auto l = lines_of({1, 2, 1, 2, 1, 2, 3}, {0, 0, 0, 0, 0, 0, 1});
  auto w = cut_windows(l, fixed(2, 1));  // 12 21 12 21 12 23
  ASSERT_EQ(w.size(), 6u);
  EXPECT_EQ(w.unique_sequences(), 3u);
  EXPECT_EQ(w.window_seq, (std::vector<std::int32_t>{0, 1, 0, 1, 0, 2}));
  EXPECT_EQ(w.seq_events, (Seq{1, 2, 2, 1, 2, 3}));
  EXPECT_EQ(w.window_label.back(), 1);
}

TEST(WindowSet, AddAfterFinishOrCopyStillDeduplicates) {
  WindowSet a;
  Seq x{4, 5}, y{6};
  a.add(x.data(), 2, 0, 0);
  a.finish();
  a.add(x.data(), 2, 1, 1);  // index rebuilt from the stored sequences
  EXPECT_EQ(a.unique_sequences(), 1u);
  WindowSet b = a;  // shares the index until one of them adds
  b.add(y.data(), 1, 0, 2);
  a.add(x.data(), 2, 0, 3);
  a.add(y.data(), 1, 0, 4);
  EXPECT_EQ(b.unique_sequences(), 2u);
  EXPECT_EQ(a.unique_sequences(), 2u);
  EXPECT_EQ(a.window_seq, (std::vector<std::int32_t>{0, 0, 0, 1}));
}

TEST(SessionWindows, GroupBySessionInOrderOfFirstAppearance) {
  auto l = lines_of({1, 2, 3, 4, 5, 6, 7}, {0, 0, 1, 0, 0, 0, 0}, {10, 11, 12, 13, 14, 15, 16});
  SessionInterner sessions(l);
  for (const char* s : {"b", "a", "b", "", "a", "c", "b"}) sessions.push(s);
  EXPECT_EQ(l.session, (std::vector<std::int32_t>{0, 1, 0, -1, 1, 2, 0}));
  EXPECT_EQ(l.session_names, (std::vector<std::string>{"b", "a", "c"}));
  WindowSpec s;
  s.kind = "session";
  auto w = cut_windows(l, s);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(sequence(w, 0), (Seq{1, 3, 7}));  // "b"
  EXPECT_EQ(sequence(w, 1), (Seq{2, 5}));     // "a"
  EXPECT_EQ(sequence(w, 2), (Seq{6}));        // "c"; line 4 (no session) ignored
  EXPECT_EQ(w.window_label, (std::vector<std::int8_t>{1, 0, 0}));
  EXPECT_EQ(w.window_time, (std::vector<std::int64_t>{10, 11, 15}));
}

TEST(SessionWindows, TruncateToMaxLenButLabelTheWholeSession) {
  auto l = lines_of({1, 2, 3, 4}, {0, 0, 0, 1});
  l.session = {0, 0, 0, 0};
  l.session_names = {"s"};
  WindowSpec s;
  s.kind = "session";
  s.max_len = 2;
  auto w = cut_windows(l, s);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(sequence(w, 0), (Seq{1, 2}));
  EXPECT_EQ(w.window_label[0], 1);
  l.session.clear();
  EXPECT_THROW(cut_windows(l, s), ConfigError);
}

TEST(TimeWindows, CoverSpansOnTheTimeGridAndSkipEmptyOnes) {
  // times: 0 0 5 9 10 31 (unsorted input order is sorted by time, ties kept in file order)
  auto l = lines_of({1, 2, 3, 4, 5, 6}, {0, 0, 0, 1, 0, 0}, {0, 5, 0, 9, 10, 31});
  WindowSpec s;
  s.kind = "time";
  s.span = 10;
  s.time_step = 5;
  auto w = cut_windows(l, s);
  // [0,10): 1 3 2 4   [5,15): 2 4 5   [10,20): 5   [15,25) empty   [20,30) empty  [25,35): 6  [30,40): 6
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(sequence(w, 0), (Seq{1, 3, 2, 4}));
  EXPECT_EQ(sequence(w, 1), (Seq{2, 4, 5}));
  EXPECT_EQ(sequence(w, 2), (Seq{5}));
  EXPECT_EQ(sequence(w, 3), (Seq{6}));
  EXPECT_EQ(sequence(w, 4), (Seq{6}));
  EXPECT_EQ(w.window_label, (std::vector<std::int8_t>{1, 1, 0, 0, 0}));
  EXPECT_EQ(w.window_time, (std::vector<std::int64_t>{0, 5, 10, 31, 31}));
  EXPECT_EQ(w.unique_sequences(), 4u);
}

TEST(WindowSpecErrors, BadSpecsAreConfigErrorsNamingTheField) {
  auto l = lines_of({1, 2, 3}, {0, 0, 0});
  EXPECT_THROW(cut_windows(l, fixed(0, 1)), ConfigError);
  EXPECT_THROW(cut_windows(l, fixed(2, 0)), ConfigError);
  WindowSpec s;
  s.kind = "sesion";
  try {
    cut_windows(l, s);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.where().field, "kind");
    EXPECT_NE(std::string(e.what()).find("session"), std::string::npos) << e.what();
  }
  s.kind = "time";
  s.span = 0;
  EXPECT_THROW(cut_windows(l, s), ConfigError);
}

WindowSet labelled(const std::vector<std::int8_t>& labels) {
  WindowSet w;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    std::int32_t e = static_cast<std::int32_t>(i);
    w.add(&e, 1, labels[i], static_cast<std::int64_t>(i));
  }
  w.finish();
  return w;
}

std::vector<std::int8_t> roles(const WindowSet& w) { return w.window_role; }

constexpr std::int8_t X = -1, TR = 0, TE = 1, PR = 2;

TEST(ChronologicalSplit, TrainThenGapThenTest) {
  auto w = labelled(std::vector<std::int8_t>(10, 0));
  SplitSpec s;
  s.train_ratio = 0.6;
  s.gap_ratio = 0.2;
  assign_split(w, s);
  EXPECT_EQ(roles(w), (std::vector<std::int8_t>{TR, TR, TR, TR, TR, TR, X, X, TE, TE}));
  s.gap_ratio = 0.0;
  s.train_ratio = 0.7;
  assign_split(w, s);
  EXPECT_EQ(roles(w), (std::vector<std::int8_t>{TR, TR, TR, TR, TR, TR, TR, TE, TE, TE}));
}

TEST(ChronologicalSplit, MaxWindowsKeepsTheFirstAndExcludesTheRest) {
  auto w = labelled(std::vector<std::int8_t>(10, 0));
  SplitSpec s;
  s.train_ratio = 0.5;
  s.max_windows = 6;
  assign_split(w, s);
  EXPECT_EQ(roles(w), (std::vector<std::int8_t>{TR, TR, TR, TE, TE, TE, X, X, X, X}));
  EXPECT_EQ(w.indices(SplitRole::Test), (std::vector<std::int64_t>{3, 4, 5}));
}

TEST(StratifiedPerClassSplit, SplitsEachClassInIndexOrder) {
  // normal windows at 0 1 3 4 6 7 8 9 (8), anomalous at 2 5 10 11 (4)
  auto w = labelled({0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1});
  SplitSpec s;
  s.kind = "stratified_per_class";
  s.pretrain_ratio = 0.5;
  s.train_ratio = 0.5;
  assign_split(w, s);
  // pretrain: floor(.5*12)=6 in all, floor(.5*8)=4 normal (0 1 3 4), 6-4=2 anomalous (2 5);
  // train over the other 6 (4 normal): floor(.5*6)=3, floor(.5*4)=2 normal (6 7), 1 anomalous (10)
  EXPECT_EQ(roles(w), (std::vector<std::int8_t>{PR, PR, PR, PR, PR, PR, TR, TR, TE, TE, TR, TE}));
  EXPECT_EQ(w.indices(SplitRole::Train, 1), (std::vector<std::int64_t>{10}));
  EXPECT_EQ(w.indices(SplitRole::Pretrain, 0), (std::vector<std::int64_t>{0, 1, 3, 4}));
}

TEST(StratifiedPerClassSplit, DefaultRatiosFollowTheAuthorsCode) {
  auto w = labelled(std::vector<std::int8_t>(20, 0));
  SplitSpec s;
  s.kind = "stratified_per_class";
  s.max_windows = 0;
  assign_split(w, s);  // 10 pretrain, 7 train, 3 test
  EXPECT_EQ(w.indices(SplitRole::Pretrain).size(), 10u);
  EXPECT_EQ(w.indices(SplitRole::Train), (std::vector<std::int64_t>{10, 11, 12, 13, 14, 15, 16}));
  EXPECT_EQ(w.indices(SplitRole::Test), (std::vector<std::int64_t>{17, 18, 19}));
}

TEST(StratifiedPerClassSplit, AnomalousCountIsTotalMinusNormalAsInTheCode) {
  // 5 normal (0..4), 2 anomalous (5 6): floor(.5*7)=3 pretrain, floor(.5*5)=2 normal, 1 anomalous.
  auto w = labelled({0, 0, 0, 0, 0, 1, 1});
  SplitSpec s;
  s.kind = "stratified_per_class";
  s.pretrain_ratio = 0.5;
  s.train_ratio = 0.5;
  s.max_windows = 0;
  assign_split(w, s);
  // rest: normal 2 3 4, anomalous 6 -> train floor(.5*4)=2, floor(.5*3)=1 normal (2), 1 anomalous (6)
  EXPECT_EQ(roles(w), (std::vector<std::int8_t>{PR, PR, TR, TE, TE, PR, TR}));
}

TEST(StratifiedPerClassSplit, MaxWindowsKeepsTheScannedClassRatioLikeTheCode) {
  // 16 windows, 12 normal / 4 anomalous (ratio .75); the anomalies come late (12..15).
  std::vector<std::int8_t> labels(16, 0);
  for (int i = 12; i < 16; ++i) labels[i] = 1;
  auto w = labelled(labels);
  SplitSpec s;
  s.kind = "stratified_per_class";
  s.pretrain_ratio = 0.0;
  s.train_ratio = 0.5;
  s.max_windows = 8;  // keep floor(.75*8)=6 first normal (0..5) + 2 first anomalous (12 13)
  assign_split(w, s);
  for (int i = 6; i < 12; ++i) EXPECT_EQ(w.window_role[i], X) << i;
  EXPECT_EQ(w.window_role[14], X);
  EXPECT_EQ(w.window_role[15], X);
  // Pool and test have the same anomaly ratio (the labels formed them): train 3 normal + 1 anomalous.
  EXPECT_EQ(w.indices(SplitRole::Train), (std::vector<std::int64_t>{0, 1, 2, 12}));
  EXPECT_EQ(w.indices(SplitRole::Test), (std::vector<std::int64_t>{3, 4, 5, 13}));
  // scan_windows limits what the ratio and the kept windows come from (the code stops windowing).
  s.scan_windows = 12;  // all normal: keep 8 normal, no anomaly
  assign_split(w, s);
  EXPECT_TRUE(w.indices(SplitRole::Train, 1).empty());
  EXPECT_EQ(w.indices(SplitRole::Train).size() + w.indices(SplitRole::Test).size(), 8u);
}

TEST(StratifiedPerClassSplit, TheFormerNameLogactionSaysTheNewOne) {
  auto w = labelled({0, 1});
  SplitSpec s;
  s.kind = "logaction";
  try {
    assign_split(w, s);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("stratified_per_class"), std::string::npos) << e.what();
  }
}

TEST(SplitSpecErrors, BadRatiosAndKindsAreConfigErrors) {
  auto w = labelled({0, 1});
  SplitSpec s;
  s.train_ratio = 1.5;
  EXPECT_THROW(assign_split(w, s), ConfigError);
  s.train_ratio = 0.8;
  s.gap_ratio = 0.3;
  EXPECT_THROW(assign_split(w, s), ConfigError);
  s = SplitSpec{};
  s.kind = "random";
  EXPECT_THROW(assign_split(w, s), ConfigError);
  s = SplitSpec{};
  s.max_windows = -1;
  EXPECT_THROW(assign_split(w, s), ConfigError);
}

}  // namespace
}  // namespace logsweep
