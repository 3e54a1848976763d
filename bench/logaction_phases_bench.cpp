// Where a whole LogAction job spends its time, per phase, with the EADA alignment term on and off.
// Usage: logaction_phases_bench [WINDOWS] [ENCODER_EPOCHS] [THREADS] [ALIGN] [CLASSIFY] [TARGET_WINDOWS]
//   WINDOWS         windows per toy system (default 2000; 20-event windows, dim 300, built like
//                   tests/support/toy_dataset.hpp, vocabulary 40 so windows do not repeat)
//   ENCODER_EPOCHS  encoder pre-training epochs (default 2; paper 60, cut so a run takes minutes)
//   THREADS         compute threads as the runner sets them (default 1)
//   ALIGN           both | on | off (default both): align_weight 0.01 (paper) and/or 0
//   CLASSIFY        auto | together | apart (default auto): the `classify_parts` path of the
//                   classifier step (experiments/logaction/logaction_modules.hpp); auto = the measured rule
// Every other parameter is the paper profile (B 512, encoder 512 wide, classifier 64, 60
// classifier epochs with rounds after 10 and 20, one encoder refit epoch per round), budget 0.02.
//
// One JSON line per job: whole job seconds; encoder pre-training seconds and per epoch; classifier
// seconds and per epoch (training steps only: the selection rounds, refits and evaluation are the
// rest of the job); optimiser steps; F1 and the final loss (same on every path: a speed-up must
// not change what is computed).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/bench_util.hpp"
#include "core/models/compute_threads.hpp"
#include "experiments/logaction/logaction_modules.hpp"
#include "experiments/method.hpp"
#include "tests/support/toy_dataset.hpp"

using namespace logsweep;
using namespace logsweep::bench;

namespace {

void run_job(const PreparedDataset& source, const PreparedDataset& target, int encoder_epochs,
             int threads, double align_weight, const std::string& classify) {
  const auto& m = find_method("LogAction");
  JobInputs in;
  in.source = &source;
  in.target = &target;
  in.budget = 0.02;
  in.seed = 1;
  in.params = Params::resolve(m.schema(), Profile::Paper);
  in.params.set("encoder_epochs", static_cast<std::int64_t>(encoder_epochs));
  in.params.set("align_weight", align_weight);
  const auto t0 = Clock::now();
  auto r = m.run(in);
  const double job = seconds_since(t0);
  const auto x = [&](const char* k) { return r.extra.count(k) ? r.extra.at(k) : -1.0; };
  const double enc_epochs = encoder_epochs > 0 ? encoder_epochs : 1;
  JsonLine("logaction_phases")
      .integer("source_windows", static_cast<long long>(source.windows.size()))
      .integer("target_windows", static_cast<long long>(target.windows.size()))
      .integer("threads", threads)
      .num("align_weight", align_weight, 3)
      .str("classify", classify)
      .num("job_seconds", job, 2)
      .num("encoder_seconds", x("encoder_seconds"), 2)
      .num("encoder_epoch_seconds", x("encoder_seconds") / enc_epochs, 3)
      .integer("encoder_steps", static_cast<long long>(x("encoder_steps")))
      .num("classifier_seconds", x("classifier_seconds"), 2)
      .num("classifier_epoch_seconds", x("classifier_seconds") / x("classifier_epochs"), 4)
      .integer("classifier_epochs", static_cast<long long>(x("classifier_epochs")))
      .integer("classifier_steps", static_cast<long long>(x("classifier_steps")))
      .num("rest_seconds", job - x("encoder_seconds") - x("classifier_seconds"), 2)
      .num("final_loss", x("final_loss"), 6)
      .num("f1", r.f1, 4)
      .print();
}

}  // namespace

int main(int argc, char** argv) {
  const int windows = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int encoder_epochs = argc > 2 ? std::atoi(argv[2]) : 2;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
  const std::string align = argc > 4 ? argv[4] : "both";
  const std::string classify = argc > 5 ? argv[5] : "auto";
  const int target_windows = argc > 6 ? std::atoi(argv[6]) : windows;
  set_compute_threads(threads);
  if (classify == "together")
    set_classify_path(ClassifyPath::Together);
  else if (classify == "apart")
    set_classify_path(ClassifyPath::Apart);
  else
    set_classify_path(ClassifyPath::Auto);
  const auto source = testing::toy_dataset("phS", 1, windows, 0.1, 20, 300, 40);
  const auto target = testing::toy_dataset("phT", 2, target_windows, 0.1, 20, 300, 40);
  if (align != "off") run_job(source, target, encoder_epochs, threads, 0.01, classify);
  if (align != "on") run_job(source, target, encoder_epochs, threads, 0.0, classify);
  return 0;
}
