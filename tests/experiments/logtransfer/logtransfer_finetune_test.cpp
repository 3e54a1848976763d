// LogTransfer's fine-tuning: which half of the source-trained network the target labels move.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <numeric>

#include "core/models/common_train.hpp"
#include "core/models/compute_threads.hpp"
#include "experiments/logtransfer/logtransfer_model.hpp"
#include "core/util/errors.hpp"
#include "support/toy_dataset.hpp"

namespace logsweep {
namespace {

std::vector<torch::Tensor> snapshot(const std::vector<torch::Tensor>& ps) {
  std::vector<torch::Tensor> out;
  for (const auto& p : ps) out.push_back(p.detach().clone());
  return out;
}

bool unchanged(const std::vector<torch::Tensor>& before, const std::vector<torch::Tensor>& now) {
  for (std::size_t i = 0; i < now.size(); ++i)
    if (!torch::equal(before[i], now[i].detach())) return false;
  return true;
}

struct FineTuneRun {
  bool lstm_unchanged, fc_unchanged;
};

// Fine-tunes a fresh toy network for 2 epochs on 40 windows and reports which half moved.
FineTuneRun fine_tune(FineTune part) {
  set_compute_threads(1);
  static const PreparedDataset d = testing::toy_dataset("ft", 5, 60);
  torch::manual_seed(1);
  LogTransferNet net(LogTransferShape{16, 8, 1, 8});
  std::vector<std::int64_t> idx(40);
  std::iota(idx.begin(), idx.end(), 0);
  const WindowBatcher batcher(d);
  const auto units = window_units(d.windows, idx);
  const auto lstm0 = snapshot(net->lstm_parameters()), fc0 = snapshot(net->fc_parameters());
  torch::optim::Adam opt(fine_tuned_parameters(net, part), torch::optim::AdamOptions(1e-2));
  std::mt19937_64 rng(3);
  train_logtransfer(net, batcher, units, opt, part, 2, 16, true, rng);
  return {unchanged(lstm0, net->lstm_parameters()), unchanged(fc0, net->fc_parameters())};
}

TEST(LogTransferFineTune, DefaultLstmMovesTheLstmAndKeepsTheSharedFc) {
  const auto r = fine_tune(parse_fine_tune("lstm"));
  EXPECT_FALSE(r.lstm_unchanged);
  EXPECT_TRUE(r.fc_unchanged);
}

TEST(LogTransferFineTune, FcMovesTheFcAndKeepsTheLstm) {
  const auto r = fine_tune(FineTune::Fc);
  EXPECT_TRUE(r.lstm_unchanged);
  EXPECT_FALSE(r.fc_unchanged);
}

TEST(LogTransferFineTune, AllMovesBoth) {
  const auto r = fine_tune(FineTune::All);
  EXPECT_FALSE(r.lstm_unchanged);
  EXPECT_FALSE(r.fc_unchanged);
  EXPECT_THROW(parse_fine_tune("first_half"), ConfigError);
}

TEST(LogTransferFineTune, DedupGivesTheSameTrainingAsPlainBatches) {
  // Units with heavy repeats (window 0 six times, window 1 three times, ...): merged rows carry
  // their counts, so each step's weighted mean equals the plain batch's mean and the weights end
  // up equal up to float rounding.
  set_compute_threads(1);
  static const PreparedDataset d = testing::toy_dataset("ftd", 6, 20);
  const WindowBatcher batcher(d);
  const auto units = window_units(d.windows, {0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 3, 3, 4, 5, 5, 5});
  std::vector<std::vector<torch::Tensor>> params;
  std::vector<double> losses;
  for (bool dedup : {false, true}) {
    torch::manual_seed(2);
    LogTransferNet net(LogTransferShape{16, 8, 1, 8});
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(1e-2));
    std::mt19937_64 rng(4);
    losses.push_back(train_logtransfer(net, batcher, units, opt, FineTune::All, 3, 8, dedup, rng));
    params.push_back(snapshot(net->parameters()));
  }
  EXPECT_NEAR(losses[0], losses[1], 1e-5);
  for (std::size_t i = 0; i < params[0].size(); ++i)
    EXPECT_TRUE(torch::allclose(params[0][i], params[1][i], 1e-4, 1e-5)) << "parameter " << i;
}

}  // namespace
}  // namespace logsweep
