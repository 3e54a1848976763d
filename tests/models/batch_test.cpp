#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/models/batch.hpp"
#include "core/models/common_train.hpp"
#include "core/util/errors.hpp"

namespace logsweep {
namespace {

// Embeddings e0 = (1,2), e1 = (3,4), e2 = (5,6); windows [0,1,2] n, [2] a, [0,1,2] a, [2] a.
PreparedDataset tiny() {
  PreparedDataset d;
  d.name = "tiny";
  d.embeddings = Matrix(3, 2);
  for (int i = 0; i < 6; ++i) d.embeddings.data[i] = static_cast<float>(i + 1);
  const std::int32_t a[] = {0, 1, 2}, b[] = {2};
  d.windows.add(a, 3, 0, 0);
  d.windows.add(b, 1, 1, 1);
  d.windows.add(a, 3, 1, 2);
  d.windows.add(b, 1, 1, 3);
  d.windows.finish();
  return d;
}

TEST(WindowBatcher, GatherEqualsEmbeddingRowsAndPads) {
  set_compute_threads(1);
  auto d = tiny();
  WindowBatcher batcher(d);
  EXPECT_EQ(batcher.max_len(), 3);  // longest window
  EXPECT_EQ(batcher.dim(), 2);
  EXPECT_EQ(batcher.vocab(), 3);
  auto batch = batcher.make({0, 1});
  ASSERT_EQ(batch.x.sizes(), (std::vector<std::int64_t>{2, 3, 2}));
  auto expected = torch::tensor({1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 5.f, 6.f, 0.f, 0.f, 0.f, 0.f}).view({2, 3, 2});
  EXPECT_TRUE(torch::equal(batch.x, expected));
  EXPECT_TRUE(torch::equal(batch.events, torch::tensor({0, 1, 2, 2, -1, -1}, torch::kInt64).view({2, 3})));
  EXPECT_TRUE(torch::equal(batch.mask, torch::tensor({1, 1, 1, 1, 0, 0}).to(torch::kBool).view({2, 3})));
  EXPECT_TRUE(torch::equal(batch.y, torch::tensor({0, 1}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(batch.weight, torch::ones({2})));
}

TEST(WindowBatcher, TruncatesToMaxLenKeepingTheStart) {
  auto d = tiny();
  WindowBatcher batcher(d, 2);
  auto batch = batcher.make({2});
  EXPECT_TRUE(torch::equal(batch.events, torch::tensor({0, 1}, torch::kInt64).view({1, 2})));
  EXPECT_TRUE(torch::equal(batch.x, torch::tensor({1.f, 2.f, 3.f, 4.f}).view({1, 2, 2})));
}

TEST(WindowBatcher, MakeUniqueCarriesLabelsAndWeights) {
  auto d = tiny();
  WindowBatcher batcher(d);
  auto batch = batcher.make_unique({1, 0}, {1, 0}, {2.f, 5.f});
  EXPECT_TRUE(torch::equal(batch.y, torch::tensor({1, 0}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(batch.weight, torch::tensor({2.f, 5.f})));
  EXPECT_TRUE(torch::equal(batch.x[1][2], torch::tensor({5.f, 6.f})));
  EXPECT_THROW(batcher.make_unique({0}, {0, 1}, {1.f}), Error);
  EXPECT_THROW(batcher.make({9}), Error);
}

TEST(WindowBatcher, UnknownEventIsAnInputError) {
  auto d = tiny();
  d.embeddings = Matrix(2, 2);  // event 2 now has no row
  WindowBatcher batcher(d);
  EXPECT_THROW(batcher.make({0}), InputError);
}

TEST(Deduplicate, GroupsBySequenceAndLabel) {
  auto d = tiny();
  auto u = deduplicate(d.windows, {0, 1, 2, 3});
  // (seq of [0,1,2], normal) x1, ([2], anomalous) x2, ([0,1,2], anomalous) x1.
  ASSERT_EQ(u.seq.size(), 3u);
  EXPECT_EQ(u.seq[0], u.seq[2]);
  EXPECT_NE(u.seq[0], u.seq[1]);
  EXPECT_EQ(u.label, (std::vector<std::int8_t>{0, 1, 1}));
  EXPECT_EQ(u.count, (std::vector<float>{1, 2, 1}));
  auto sub = deduplicate(d.windows, {3});
  EXPECT_EQ(sub.count, (std::vector<float>{1}));
}

TEST(UnitBatch, DedupMergesRepeatsWithinTheBatchOnly) {
  auto d = tiny();
  WindowBatcher batcher(d);
  // Windows 1 and 3 are the same (sequence, label); window 2 shares 0's sequence, not its label.
  auto units = window_units(d.windows, {0, 1, 2, 3});
  EXPECT_EQ(units.count, (std::vector<float>{1, 1, 1, 1}));
  auto plain = unit_batch(batcher, units, {3, 1, 0, 2}, false);
  auto merged = unit_batch(batcher, units, {3, 1, 0, 2}, true);
  EXPECT_EQ(plain.x.size(0), 4);
  ASSERT_EQ(merged.x.size(0), 3);  // [2]a x2, [0,1,2]n, [0,1,2]a
  EXPECT_TRUE(torch::equal(merged.weight, torch::tensor({2.0f, 1.0f, 1.0f})));
  EXPECT_TRUE(torch::equal(merged.y, torch::tensor({1, 0, 1}, torch::kInt64)));
  // A batch without repeats is the plain batch.
  auto single = unit_batch(batcher, units, {0, 1}, true);
  EXPECT_TRUE(torch::equal(single.x, unit_batch(batcher, units, {0, 1}, false).x));
}

TEST(UnitBatch, WeightedLossOfTheMergedBatchIsThePlainBatchLoss) {
  auto d = tiny();
  WindowBatcher batcher(d);
  auto units = window_units(d.windows, {0, 1, 2, 3, 1, 3});
  const std::vector<std::int64_t> pos{5, 0, 1, 4, 2, 3};
  auto w = torch::tensor({{0.3f, -0.2f}, {0.1f, 0.4f}});
  auto logits = [&](const Batch& b) { return b.x.sum(1).matmul(w); };
  auto plain = unit_batch(batcher, units, pos, false);
  auto merged = unit_batch(batcher, units, pos, true);
  EXPECT_LT(merged.x.size(0), plain.x.size(0));
  const double a = weighted_cross_entropy(logits(plain), plain.y, plain.weight).item<double>();
  const double b = weighted_cross_entropy(logits(merged), merged.y, merged.weight).item<double>();
  EXPECT_NEAR(a, b, 1e-6);
  EXPECT_FLOAT_EQ(merged.weight.sum().item<float>(), 6.0f);
}

TEST(GroupBySequence, IgnoresLabels) {
  auto d = tiny();
  auto g = group_by_sequence(d.windows, {0, 1, 2, 3});
  ASSERT_EQ(g.seq.size(), 2u);
  EXPECT_EQ(g.group_of, (std::vector<std::int64_t>{0, 1, 0, 1}));
  EXPECT_EQ(g.count, (std::vector<float>{2, 2}));
}

}  // namespace
}  // namespace logsweep
