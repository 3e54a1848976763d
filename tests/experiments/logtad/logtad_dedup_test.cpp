// LogTAD end to end on a toy pair whose windows repeat a lot (3 events from a 2-event normal
// vocabulary: 8 distinct normal windows), so de-duplication merges many rows in every batch.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdio>

#include "core/models/compute_threads.hpp"
#include "experiments/registry.hpp"
#include "support/toy_dataset.hpp"

namespace logsweep {
namespace {

const PreparedDataset& repeated_source() {
  static const PreparedDataset d = testing::toy_dataset("repA", 1, 300, 0.1, /*window_len=*/3, /*dim=*/8, /*vocab=*/2);
  return d;
}
const PreparedDataset& repeated_target() {
  static const PreparedDataset d = testing::toy_dataset("repB", 2, 300, 0.15, 3, 8, 2);
  return d;
}

JobInputs logtad_job(Profile profile, bool dedup, double budget = 0.1) {
  JobInputs in;
  in.source = &repeated_source();
  in.target = &repeated_target();
  in.budget = budget;
  in.seed = 11;
  in.params = Params::resolve(find_method("LogTAD").schema(), profile);
  in.params.set("dropout", 0.0);  // dedup draws one dropout mask per merged row: exact only without
  in.params.set("dedup", dedup);
  return in;
}

class LogTadJob : public ::testing::Test {
 protected:
  void SetUp() override { set_compute_threads(1); }
};

TEST_F(LogTadJob, DedupOnAndOffGiveTheSameResultAtQuickProfile) {
  const Method& m = find_method("LogTAD");
  auto on = m.run(logtad_job(Profile::Quick, true));
  auto off = m.run(logtad_job(Profile::Quick, false));
  EXPECT_GT(on.extra.at("target_copies"), 1.0);  // the repeated target normals are in play
  EXPECT_EQ(on.confusion.tp, off.confusion.tp);
  EXPECT_EQ(on.confusion.fp, off.confusion.fp);
  EXPECT_EQ(on.confusion.fn, off.confusion.fn);
  EXPECT_NEAR(on.f1, off.f1, 1e-4);
  EXPECT_NEAR(on.auc, off.auc, 1e-4);
  EXPECT_EQ(on.extra.at("best_epoch"), off.extra.at("best_epoch"));
  for (const char* k : {"radius", "svdd_loss", "domain_loss", "heldout_svdd_loss", "validation_balanced_accuracy"})
    EXPECT_NEAR(on.extra.at(k), off.extra.at(k), 1e-4) << k;
  std::printf("[logtad] quick dedup on/off: F1 %.4f/%.4f AUC %.4f/%.4f radius %.5f/%.5f best epoch %.0f\n", on.f1,
              off.f1, on.auc, off.auc, on.extra.at("radius"), off.extra.at("radius"), on.extra.at("best_epoch"));
}

TEST_F(LogTadJob, PaperProfileRunsAndKeepsAnEpochAfterTheCentreIsFixed) {
  const Method& m = find_method("LogTAD");
  auto r = m.run(logtad_job(Profile::Paper, true));
  EXPECT_GE(r.extra.at("best_epoch"), 9.0);  // checkpoints count from epoch 9 (centre fixed)
  EXPECT_LT(r.extra.at("best_epoch"), 100.0);
  EXPECT_EQ(r.extra.at("radius_searched"), 1.0);
  EXPECT_GE(r.auc, 0.0);
  std::printf("[logtad] paper profile: F1 %.4f AUC %.4f best epoch %.0f radius %.5f\n", r.f1, r.auc,
              r.extra.at("best_epoch"), r.extra.at("radius"));
}

TEST_F(LogTadJob, WithoutBoughtLabelsTrainsOnTheSourceAndTakesTheRadiusFromSourceLabels) {
  const Method& m = find_method("LogTAD");
  auto r = m.run(logtad_job(Profile::Quick, true, 0.0));
  EXPECT_EQ(r.n_labelled, 0);
  EXPECT_EQ(r.extra.at("target_copies"), 0.0);
  EXPECT_EQ(r.extra.at("domain_loss"), 0.0);  // one system: no domain term
  EXPECT_GT(r.extra.at("validation_source_windows"), 0.0);
}

}  // namespace
}  // namespace logsweep
