// The soundness check of the generated corpus and the models: with every target training label,
// the supervised ceiling must detect the generator's anomalies (issue: F1 >= 0.9). Not a tuned
// result: the demo's quick settings, one seed, the generator's default 20,000 lines per system.
// (The generator guarantees that every test-period anomaly template and recurring normal template
// also occurs in the training period, tests/synth/corpus_stats_test.cpp; docs/synthetic.md.)
#include <gtest/gtest.h>

#include <iostream>
#include <map>

#include "core/data/dataset.hpp"
#include "core/models/compute_threads.hpp"
#include "core/synth/generator.hpp"
#include "experiments/method.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

TEST(SupervisedOnGeneratedData, FullTargetLabelsReachF1AboveNinetyFiveOnTheDemoCorpus) {
  set_compute_threads(1);
  testing::TempDir dir;
  SynthSpec synth;  // seed 42
  synth.lines_per_system = 6000;  // as scripts/demo.sh
  auto systems = generate_corpus(dir.path(), synth);
  EmbedSpec e;
  e.dim = 64;
  auto embedder = make_embedder(e);
  const auto& sys = systems.at(1);  // synthB, Thunderbird-like
  DatasetSpec spec;
  spec.name = sys.name;
  spec.reader.format = sys.format;
  spec.reader.path = sys.log_path;
  spec.drain = drain_defaults(sys.format);
  const auto target = prepare_uncached(spec, *embedder);

  JobInputs in;
  in.source = &target;  // unused by the ceiling
  in.target = &target;
  in.seed = 0;
  in.params = Params::resolve(find_method("Supervised").schema(), Profile::Quick, {});
  auto r = find_method("Supervised").run(in);
  std::cout << "Supervised on " << sys.name << " (" << target.windows.size() << " windows): F1 " << r.f1 << ", P "
            << r.precision << ", R " << r.recall << ", " << r.train_seconds << " s\n";
  EXPECT_GE(r.f1, 0.95);
}

}  // namespace
}  // namespace logsweep
