#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/models/common_train.hpp"
#include "experiments/logaction/logaction_units.hpp"
#include "support/toy_dataset.hpp"

namespace logsweep {
namespace {

using namespace logaction_units;

// Three windows of sequence A (labels 0, 1, 0) and one of sequence B.
PreparedDataset repeats() {
  PreparedDataset d;
  d.name = "rep";
  d.embeddings = Matrix(2, 3);
  for (int e = 0; e < 2; ++e)
    for (int k = 0; k < 3; ++k) d.embeddings.at(e, k) = static_cast<float>(e * 3 + k);
  d.templates = {"a", "b"};
  const std::int32_t a[2] = {0, 1}, b[2] = {1, 1};
  d.windows.add(a, 2, 0, 0);
  d.windows.add(a, 2, 1, 1);
  d.windows.add(b, 2, 0, 2);
  d.windows.add(a, 2, 0, 3);
  d.windows.finish();
  return d;
}

// row_sequences must name unit_batch's rows in its order: with dedup the batch over positions
// {3, 1, 0, 2} has rows (A,0) x2 [windows 3, 0], (A,1) [1], (B,0) [2] -> sequences A, A, B.
TEST(LogActionUnits, RowSequencesFollowUnitBatch) {
  auto d = repeats();
  WindowBatcher batcher(d, 0);
  const auto units = window_units(d.windows, {0, 1, 2, 3});
  const std::vector<std::int64_t> pos{3, 1, 0, 2};
  const auto A = d.windows.window_seq[0], B = d.windows.window_seq[2];
  for (bool dedup : {false, true}) {
    auto b = unit_batch(batcher, units, pos, dedup);
    auto seqs = row_sequences(units, pos, dedup);
    ASSERT_EQ(static_cast<std::int64_t>(seqs.size()), b.x.size(0)) << dedup;
    auto again = batcher.make_unique(seqs, std::vector<std::int8_t>(seqs.size(), 0), std::vector<float>(seqs.size(), 1));
    EXPECT_TRUE(torch::equal(b.events, again.events)) << dedup;
  }
  EXPECT_EQ(row_sequences(units, pos, true), (std::vector<std::int32_t>{A, A, B}));
  EXPECT_EQ(row_sequences(units, pos, false), (std::vector<std::int32_t>{A, A, A, B}));
}

// Pool windows merge by sequence only: the three A windows (whatever their labels) are one row
// of weight 3, B one row of weight 1; every unit has label 0.
TEST(LogActionUnits, LabelFreeUnitsMergeBySequenceOnly) {
  auto d = repeats();
  WindowBatcher batcher(d, 0);
  const auto units = label_free_units(d.windows, {0, 1, 2, 3});
  ASSERT_EQ(units.seq.size(), 4u);
  for (auto l : units.label) EXPECT_EQ(l, 0);
  auto b = unit_batch(batcher, units, {0, 1, 2, 3}, true);
  ASSERT_EQ(b.x.size(0), 2);
  EXPECT_FLOAT_EQ(b.weight[0].item<float>(), 3.0f);
  EXPECT_FLOAT_EQ(b.weight[1].item<float>(), 1.0f);
}

}  // namespace
}  // namespace logsweep
