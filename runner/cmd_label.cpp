// logsweep label start|next|finish: a person labels the windows LogAction buys
// (runner/service/label_session.hpp).
#include <fmt/format.h>

#include <cmath>
#include <cstdio>

#include <cstdlib>
#include <thread>

#include "cluster/threads.hpp"
#include "core/models/compute_threads.hpp"
#include "core/util/strings.hpp"
#include "runner/commands.hpp"
#include "runner/service/label_session.hpp"

namespace logsweep {
namespace {

void print_step(const LabelStep& s) {
  if (s.over) {
    std::printf("every round is answered: run `logsweep label finish %s`\n", s.dir.c_str());
    return;
  }
  std::printf("round %d of %d: label the windows in %s (label column: 0 / 1), then run `logsweep label next %s`\n",
              s.round, s.rounds, s.round_file.c_str(), s.dir.c_str());
}

double budget_value(const std::string& text) {
  try {
    std::size_t used = 0;
    const double b = std::stod(text, &used);
    if (used == text.size() && b > 0 && b <= 1) return b;
  } catch (const std::exception&) {
  }
  throw field_error("--budget", fmt::format("'{}' is not a label budget in (0, 1]", text));
}

int label_main(const cli::Args& a, int, char**) {
  // One process computes: the threads `run` gives a rank unless told (see --threads).
  const int requested = static_cast<int>(a.integer("--threads", 0, 1));
  set_compute_threads(choose_threads(requested, std::getenv("SLURM_CPUS_PER_TASK"), std::thread::hardware_concurrency(), 1));
  const auto& action = a.positionals[0];
  const auto& path = a.positionals[1];
  if (action == "start") {
    LabelStartOptions o;
    o.config = path;
    const auto pair = split(a.value("--pair"), ':');
    if (pair.size() != 2 || pair[0].empty() || pair[1].empty())
      throw field_error("--pair", "give the pair as --pair SOURCE:TARGET (dataset names of the config)");
    o.source = pair[0], o.target = pair[1];
    o.method = a.value("--method", "LogAction");
    if (a.has("--budget")) o.budget = budget_value(a.value("--budget"));
    if (a.has("--seed")) o.seed = static_cast<std::uint64_t>(a.integer("--seed", 0, 0));
    o.dir = a.value("--dir", fmt::format("label-{}-{}", o.source, o.target));
    print_step(label_start(o));
  } else if (action == "next") {
    print_step(label_next(path));
  } else if (action == "finish") {
    const auto r = label_finish(path);
    std::printf("detector written to %s/detector (summary: %s/result.txt)\n", path.c_str(), path.c_str());
    if (!std::isnan(r.f1))
      std::printf("test part: P %.4f R %.4f F1 %.4f over %lld windows\n", r.precision, r.recall, r.f1,
                  static_cast<long long>(r.n_test));
  } else {
    throw field_error("ACTION", fmt::format("'{}' is not start, next or finish", action));
  }
  return 0;
}

}  // namespace

SubCommand label_command() {
  return {{"label",
           {"ACTION", "PATH"},
           "a person labels the windows LogAction buys: start CONFIG, next DIR, finish DIR",
           "start CONFIG --pair SRC:TGT trains the config's job up to its first purchase and writes DIR/round-1.tsv;\n"
           "fill its label column, then `next DIR` trains the round and writes the next file; after the last round\n"
           "`finish DIR` writes DIR/detector. The job is the one `run` computes for that pair, method, budget and\n"
           "seed: answered from the ground truth, a session buys the same windows and scores the same F1.",
           {{"--pair", "SRC:TGT", "start: the pair (dataset names of the config)"},
            {"--method", "NAME", "start: LogAction (default) or an ablation that buys labels"},
            {"--budget", "B", "start: label budget (default: the config's first budget above 0)"},
            {"--seed", "N", "start: seed (default: the config's first)"},
            {"--dir", "DIR", "start: the session directory (default label-SRC-TGT)"},
            {"--threads", "N", "torch threads (default as for `run`); the same count as the batch run gives the same floats"}}},
          label_main};
}

}  // namespace logsweep
