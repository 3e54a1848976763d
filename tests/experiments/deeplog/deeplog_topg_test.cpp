#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "experiments/deeplog/deeplog_model.hpp"

namespace logsweep {
namespace {

TEST(DeepLogTopG, RanksOnHandBuiltProbabilityTable) {
  // 12 events; row 0: p_j ∝ 12 − j (event 0 most likely); row 1: uniform; row 2: one-hot on 11.
  std::vector<double> row0;
  for (int j = 0; j < 12; ++j) row0.push_back(12 - j);
  auto p0 = torch::tensor(row0) / 78.0;
  auto p1 = torch::full({12}, 1.0 / 12, torch::kFloat64);
  auto p2 = torch::zeros({12}, torch::kFloat64);
  p2[11] = 1.0;
  auto probs = torch::stack({p0, p0, p1, p2, p2});
  auto ranks = true_event_ranks(probs, {8, 9, 5, 11, 0});
  EXPECT_EQ(ranks, (std::vector<std::int64_t>{9, 10, 1, 1, 2}));  // ties share the best rank
  const std::int64_t g = 9;
  EXPECT_FALSE(deeplog_position_anomalous(ranks[0], true, g));  // rank 9 <= g: normal
  EXPECT_TRUE(deeplog_position_anomalous(ranks[1], true, g));   // rank 10 > g: anomalous
  EXPECT_FALSE(deeplog_position_anomalous(ranks[2], true, g));
  EXPECT_TRUE(deeplog_position_anomalous(ranks[3], false, g));  // the padding is no class: anomalous
}

TEST(DeepLogNet, LearnsADeterministicCycle) {
  set_compute_threads(1);
  torch::manual_seed(0);
  std::vector<std::vector<std::int32_t>> seqs;
  for (int s = 0; s < 4; ++s) {
    std::vector<std::int32_t> seq;
    for (int t = 0; t < 12; ++t) seq.push_back((s + t) % 4);  // 0,1,2,3,0,...
    seqs.push_back(seq);
  }
  NextEventExamples ex;
  ex.history = 3;
  for (const auto& s : seqs) append_next_event_examples(ex, s.data(), s.size(), 5, ShortWindows::End, true);
  DeepLogNet net(DeepLogShape{5, 16, 1});
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(0.05));
  auto ctx = context_tensor(ex);
  auto next = torch::tensor(std::vector<std::int64_t>(ex.next.begin(), ex.next.end()));
  for (int i = 0; i < 150; ++i) {
    opt.zero_grad();
    auto loss = torch::nn::functional::cross_entropy(net->forward(ctx), next);
    loss.backward();
    opt.step();
  }
  torch::NoGradGuard ng;
  auto probs = torch::softmax(net->forward(ctx), 1);
  auto ranks = true_event_ranks(probs, ex.next);
  for (auto r : ranks) EXPECT_EQ(r, 1);
  // Event 4 never follows in training: its rank after 0,1,2 is beyond the top 1.
  auto q = torch::softmax(net->forward(torch::tensor({{0, 1, 2}}, torch::kInt64)), 1);
  EXPECT_GT(true_event_ranks(q, {4})[0], 1);
}

}  // namespace
}  // namespace logsweep
