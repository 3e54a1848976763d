// End-to-end training of each method with and without de-duplication (every method's `dedup`
// parameter: the same batches and steps, each batch's repeated windows computed once and
// weighted by their count).
// Usage: dedup_bench [SYNTH_LINES] [BUDGET] [SEEDS] [PROFILE] [PAIRS] [METHODS]
//   defaults: 20000 lines per generated system (SynthSpec's default), budget 0.02, seeds 1,
//   profile quick, all pairs (PAIRS: comma-separated, e.g. "HDFS_2pct->synthB"), METHODS
//   comma-separated (default LogAction; "all" = every registered method). 1 torch thread (the
//   runner's per-job setting on a loaded node).
// Pairs:
//   synthA -> HDFS_2pct  source = generated bgl-like system (fixed 20/1 windows), target =
//                        ../shared/data/HDFS/HDFS_2pct.log with anomaly_label_2pct.csv, session
//                        windows (skipped when the file is absent)
//   HDFS_2pct -> synthB  a repetitive real source (Train unique ratio ~0.18): where dedup can
//                        cut the encoder's and the source batches' work
//   synthA -> synthB     both generated, fixed 20/1 windows
// Datasets are prepared uncached with the default hashed embedder (dim 300) and default split.
// One JSON line per pair, seed and setting: seconds (whole run()), train_seconds, f1, then per
// pair and seed a "compare" line: speedup = seconds(dedup=false) / seconds(dedup=true), f1 of both.
#include <torch/torch.h>

#include <filesystem>
#include <string>

#include "bench/bench_util.hpp"
#include "bench/datasets.hpp"
#include "core/data/dataset.hpp"
#include "core/models/batch.hpp"
#include "core/models/compute_threads.hpp"
#include "core/synth/generator.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "experiments/method.hpp"

using namespace logsweep;
using namespace logsweep::bench;

namespace {

double train_unique_ratio(const PreparedDataset& d) {
  const auto train = d.windows.indices(SplitRole::Train);
  return train.empty() ? 0 : double(deduplicate(d.windows, train).seq.size()) / double(train.size());
}

std::string g_pairs;  // empty = all
std::vector<std::string> g_methods{"LogAction"};

bool listed(const std::string& list, const std::string& name) {
  return list.empty() || ("," + list + ",").find("," + name + ",") != std::string::npos;
}

void compare_method(const Method& m, const std::string& pair, const PreparedDataset& src, const PreparedDataset& tgt,
                    double budget, int seeds, Profile profile);

void compare(const std::string& pair, const PreparedDataset& src, const PreparedDataset& tgt, double budget,
             int seeds, Profile profile) {
  if (!listed(g_pairs, pair)) return;
  for (const auto& name : g_methods) compare_method(find_method(name), pair, src, tgt, budget, seeds, profile);
}

void compare_method(const Method& m, const std::string& pair, const PreparedDataset& src, const PreparedDataset& tgt,
                    double budget, int seeds, Profile profile) {
  if (!m.schema().find("dedup")) {
    JsonLine("dedup").str("pair", pair).str("method", m.name()).str("skipped", "no dedup parameter").print();
    return;
  }
  for (int seed = 1; seed <= seeds; ++seed) {
    double seconds[2] = {0, 0}, f1[2] = {0, 0};
    bool ok = true;
    // Alternate which setting runs first (odd seeds: dedup first), so warm-up and drifting load
    // do not always favour the same one.
    for (int k = 0; k < 2; ++k) {
      const int dedup = (seed % 2 == 1) == (k == 0) ? 1 : 0;
      JobInputs in;
      in.source = &src;
      in.target = &tgt;
      in.budget = budget;
      in.seed = static_cast<std::uint64_t>(seed);
      in.params = Params::resolve(m.schema(), profile);
      in.params.set("dedup", dedup == 1);
      JsonLine j("dedup");
      j.str("pair", pair).str("method", m.name()).str("profile", profile_name(profile)).integer("seed", seed)
          .integer("dedup", dedup)
          .num("budget", budget, 3);
      try {
        auto t0 = Clock::now();
        auto r = m.run(in);
        seconds[dedup] = seconds_since(t0);
        f1[dedup] = r.f1;
        j.num("seconds", seconds[dedup], 3).num("train_seconds", r.train_seconds, 3).num("f1", r.f1, 4)
            .integer("n_train", r.n_train).num("max_rss_mb", max_rss_mb(), 1);
      } catch (const JobSkipped& e) {
        ok = false;
        j.str("skipped", e.what());
      }
      j.print();
    }
    if (ok)
      JsonLine("dedup").str("pair", pair).str("method", m.name()).str("profile", profile_name(profile))
          .integer("seed", seed).str("stage", "compare").num("speedup", seconds[0] / seconds[1], 2).num("f1_dedup", f1[1], 4)
          .num("f1_plain", f1[0], 4).num("source_train_unique_ratio", train_unique_ratio(src), 4)
          .num("target_train_unique_ratio", train_unique_ratio(tgt), 4).print();
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t synth_lines = argc > 1 ? std::stoll(argv[1]) : 20000;
  const double budget = argc > 2 ? std::stod(argv[2]) : 0.02;
  const int seeds = argc > 3 ? std::stoi(argv[3]) : 1;
  const Profile profile = parse_profile(argc > 4 ? argv[4] : "quick");
  g_pairs = argc > 5 ? argv[5] : "";
  if (argc > 6) g_methods = std::string(argv[6]) == "all" ? method_names() : split(argv[6], ',');
  set_compute_threads(1);  // as the runner sets a rank with one thread
  auto embedder = make_embedder(EmbedSpec{});

  ScratchDir corpus;
  SynthSpec synth;
  synth.lines_per_system = synth_lines;
  const auto systems = generate_corpus(corpus.path(), synth);
  const auto a = prepare_uncached(synth_spec(systems.at(0)), *embedder);
  const auto b = prepare_uncached(synth_spec(systems.at(1)), *embedder);

  if (const auto hdfs = hdfs_2pct_spec()) {
    const auto h = prepare_uncached(*hdfs, *embedder);
    compare(a.name + "->HDFS_2pct", a, h, budget, seeds, profile);
    compare("HDFS_2pct->" + b.name, h, b, budget, seeds, profile);
  } else {
    JsonLine("dedup").str("pair", "synthA->HDFS_2pct").str("skipped", "HDFS_2pct.log absent").print();
  }
  compare(a.name + "->" + b.name, a, b, budget, seeds, profile);
  return 0;
}
