// DeepLog as wuyifan18/DeepLog slides and pads, and as the papers choose its training windows.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <numeric>

#include "core/models/common_train.hpp"
#include "core/models/compute_threads.hpp"
#include "experiments/deeplog/deeplog_model.hpp"
#include "core/util/errors.hpp"

namespace logsweep {
namespace {

constexpr std::int32_t kPad = 99;

NextEventExamples examples_of(const std::vector<std::int32_t>& seq, ShortWindows rule, bool training,
                              std::int64_t h = 10) {
  NextEventExamples ex;
  ex.history = h;
  append_next_event_examples(ex, seq.data(), seq.size(), kPad, rule, training);
  return ex;
}

std::vector<std::int32_t> events(int n) {
  std::vector<std::int32_t> s(n);
  std::iota(s.begin(), s.end(), 0);  // event t at position t, so "next" names the position
  return s;
}

TEST(DeepLogPositions, TwentyEventsCheckPositionsTenToNineteen) {
  // h = 10, n = 20: the code's range(len − h) gives i = 0..9, history line[i:i+10] -> line[i+10],
  // i.e. positions t = 10..19 (10 checks), never a padded history.
  for (auto rule : {ShortWindows::End, ShortWindows::Start}) {
    const auto seq = events(20);
    const auto ex = examples_of(seq, rule, false);
    ASSERT_EQ(ex.size(), 10u);
    for (std::size_t i = 0; i < 10; ++i) {
      EXPECT_EQ(ex.next[i], static_cast<std::int32_t>(10 + i));
      EXPECT_EQ(std::vector<std::int32_t>(ex.context.begin() + i * 10, ex.context.begin() + (i + 1) * 10),
                std::vector<std::int32_t>(seq.begin() + i, seq.begin() + i + 10));
    }
    EXPECT_EQ(examples_of(seq, rule, true).next, ex.next);  // training uses the same positions
  }
}

TEST(DeepLogPositions, ElevenEventsCheckOnlyPositionTen) {
  // n = h + 1 = 11: no padding, one check, events 0..9 -> event 10.
  for (auto rule : {ShortWindows::End, ShortWindows::Start}) {
    const auto ex = examples_of(events(11), rule, false);
    ASSERT_EQ(ex.size(), 1u);
    EXPECT_EQ(ex.next[0], 10);
    EXPECT_EQ(ex.context, events(10));
  }
}

TEST(DeepLogPositions, ShortWindowsArePaddedToOneCheck) {
  // n = 5 < h + 1. The code pads after the events, ln + [-1]·(h + 1 − n): [0 1 2 3 4 p p p p p p],
  // and checks t = 10: history [0 1 2 3 4 p p p p p] -> p, which is no class (flagged).
  auto end = examples_of(events(5), ShortWindows::End, false);
  ASSERT_EQ(end.size(), 1u);
  EXPECT_EQ(end.context, (std::vector<std::int32_t>{0, 1, 2, 3, 4, kPad, kPad, kPad, kPad, kPad}));
  EXPECT_EQ(end.next[0], kPad);
  // The code trains on unpadded sequences only: no training example from a short window.
  EXPECT_EQ(examples_of(events(5), ShortWindows::End, true).size(), 0u);
  // pad_start: [p p p p p p 0 1 2 3 4], t = 10: history [p p p p p p 0 1 2 3] -> 4; trains too.
  for (bool training : {false, true}) {
    auto start = examples_of(events(5), ShortWindows::Start, training);
    ASSERT_EQ(start.size(), 1u);
    EXPECT_EQ(start.context, (std::vector<std::int32_t>{kPad, kPad, kPad, kPad, kPad, kPad, 0, 1, 2, 3}));
    EXPECT_EQ(start.next[0], 4);
  }
  // Lengths 1..10 all give exactly one check; an empty window gives none.
  for (int n = 1; n <= 10; ++n) EXPECT_EQ(examples_of(events(n), ShortWindows::End, false).size(), 1u) << n;
  EXPECT_EQ(examples_of({}, ShortWindows::Start, false).size(), 0u);
  EXPECT_EQ(parse_short_windows("pad_end"), ShortWindows::End);
  EXPECT_THROW(parse_short_windows("left"), ConfigError);
}

TEST(DeepLogBatches, DedupMergesRepeatedExamplesWithTheSameLoss) {
  // History 2. Examples a=(1,2)->3, b=(2,3)->1, c=(4,4)->0; batch positions a b a c a:
  // merged rows a (weight 3), b (1), c (1) in first-appearance order.
  set_compute_threads(1);
  NextEventExamples all;
  all.history = 2;
  all.context = {1, 2, 2, 3, 4, 4};
  all.next = {3, 1, 0};
  all.weight = {1, 1, 1};
  const std::vector<std::int64_t> pos{0, 1, 0, 2, 0};
  const auto plain = example_batch(all, pos, false);
  const auto merged = example_batch(all, pos, true);
  EXPECT_EQ(plain.size(), 5u);
  EXPECT_EQ(merged.next, (std::vector<std::int32_t>{3, 1, 0}));
  EXPECT_EQ(merged.context, (std::vector<std::int32_t>{1, 2, 2, 3, 4, 4}));
  EXPECT_EQ(merged.weight, (std::vector<float>{3, 1, 1}));
  // (3·ce_a + ce_b + ce_c) / 5 is the plain mean over a b a c a.
  torch::manual_seed(0);
  DeepLogNet net(DeepLogShape{5, 4, 1});
  auto loss = [&](const NextEventExamples& b) {
    return weighted_cross_entropy(net->forward(context_tensor(b)),
                                  torch::tensor(std::vector<std::int64_t>(b.next.begin(), b.next.end())),
                                  torch::tensor(b.weight))
        .item<double>();
  };
  EXPECT_NEAR(loss(plain), loss(merged), 1e-6);
}

TEST(DeepLogTrainingWindows, NormalTrainsOnEveryNormalPoolWindowAndReadsAllPoolLabels) {
  // Windows 0..5 labelled 0 1 0 0 1 0; pool = 0..3; bought = {1, 2}; window 5 is not in the pool.
  WindowSet w;
  const std::vector<std::int8_t> labels{0, 1, 0, 0, 1, 0};
  for (int i = 0; i < 6; ++i) {
    const std::int32_t e[2] = {i, i + 1};
    w.add(e, 2, labels[i], i);
  }
  w.finish();
  const std::vector<std::int64_t> pool{0, 1, 2, 3}, bought{1, 2};
  const auto normal = deeplog_training_windows(w, pool, bought, parse_train_on("normal"));
  EXPECT_EQ(normal.windows, (std::vector<std::int64_t>{0, 2, 3}));
  EXPECT_EQ(normal.labels_read, 4);  // every pool label was read to find the normals
  const auto unl = deeplog_training_windows(w, pool, bought, DeepLogTrainOn::Pool);
  EXPECT_EQ(unl.windows, pool);
  EXPECT_EQ(unl.labels_read, 0);
  const auto few = deeplog_training_windows(w, pool, bought, DeepLogTrainOn::LabelledNormals);
  EXPECT_EQ(few.windows, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(few.labels_read, 2);
  EXPECT_THROW(parse_train_on("labelled"), ConfigError);
}

}  // namespace
}  // namespace logsweep
