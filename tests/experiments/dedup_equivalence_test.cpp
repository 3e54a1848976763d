// De-duplication is an exact shortcut for every registered method: the same job with `dedup`
// on and off gives the same predictions, metrics, purchases and losses (float tolerance).
// The toy systems have a 2-event normal vocabulary and 4-event windows, so most batches hold
// repeated windows that dedup merges.
#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>

#include <cmath>

#include "experiments/method.hpp"
#include "support/toy_dataset.hpp"

namespace logsweep {
namespace {

const PreparedDataset& repetitive(int which) {
  static const PreparedDataset a = testing::toy_dataset("repA", 1, 300, 0.15, 4, 16, 2);
  static const PreparedDataset b = testing::toy_dataset("repB", 2, 300, 0.15, 4, 16, 2);
  return which == 0 ? a : b;
}

MethodResult run_with(const Method& m, bool dedup) {
  JobInputs in;
  in.source = &repetitive(0);
  in.target = &repetitive(1);
  in.budget = 0.1;
  in.seed = 3;
  in.params = Params::resolve(m.schema(), Profile::Quick);
  // Dropout draws one mask per row, so a merged row cannot equal its repeats: compare without.
  if (m.schema().find("dropout")) in.params.set("dropout", 0.0);
  in.params.set("dedup", dedup);
  return m.run(in);
}

class DedupEquivalence : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { set_compute_threads(1); }
};

TEST(DedupEquivalenceData, TheToySystemsRepeatWindows) {
  const auto& w = repetitive(0).windows;
  EXPECT_LT(w.unique_sequences() * 3, w.size());
}

TEST_P(DedupEquivalence, SameRunWithAndWithoutDeduplication) {
  const Method& m = find_method(GetParam());
  ASSERT_TRUE(m.schema().find("dedup")) << m.name() << " has no dedup parameter";
  const auto on = run_with(m, true), off = run_with(m, false);
  EXPECT_EQ(on.confusion.tp, off.confusion.tp);
  EXPECT_EQ(on.confusion.fp, off.confusion.fp);
  EXPECT_EQ(on.confusion.fn, off.confusion.fn);
  EXPECT_NEAR(on.f1, off.f1, 1e-9);
  EXPECT_NEAR(on.auc, off.auc, 1e-3);
  EXPECT_EQ(on.selected, off.selected);
  EXPECT_EQ(on.n_labelled, off.n_labelled);
  ASSERT_EQ(on.extra.size(), off.extra.size());
  for (const auto& [key, v] : on.extra) {
    if (key.find("seconds") != std::string::npos) continue;
    ASSERT_TRUE(off.extra.count(key)) << key;
    const double w = off.extra.at(key);
    EXPECT_NEAR(v, w, 1e-4 * std::max(1.0, std::fabs(w))) << m.name() << " extra '" << key << "'";
  }
}

INSTANTIATE_TEST_SUITE_P(EveryMethod, DedupEquivalence, ::testing::ValuesIn(method_names()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace logsweep
