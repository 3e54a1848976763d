// `logsweep detect` against the batch evaluation path, on one thread.
// Usage: detect_bench DETECTOR LOG [REPEATS]
//   DETECTOR: a directory `logsweep label finish` wrote (README, "Labelling the windows LogAction
//   picks"); LOG: a log in the detector's format.
// One JSON line per path (best of REPEATS, default 3), each with lines, windows, seconds,
// windows_per_s and max_rss_mb (the process's peak so far: the paths run in this order):
//   path=detect      detect(): the saved Drain (match, else learn), streaming fixed windows,
//                    scored 2048 at a time (a sequence seen before is not scored again),
//                    flagged rows written to /dev/null
//   path=detect_all  the same writing every window with its lines (--all)
//   path=batch       what a batch job does to score that log: prepare_uncached (a fresh Drain,
//                    embed every template, cut every window) and LogActionScorer over all
//                    windows at once, nothing written
#include <torch/torch.h>

#include <fstream>
#include <string>

#include "bench/bench_util.hpp"
#include "core/data/dataset.hpp"
#include "core/models/compute_threads.hpp"
#include "experiments/logaction/logaction_loop.hpp"
#include "runner/service/detect.hpp"
#include "runner/service/detector.hpp"

using namespace logsweep;
using namespace logsweep::bench;

namespace {

void report(const std::string& path, std::uint64_t lines, std::int64_t windows, double s) {
  JsonLine("detect_bench")
      .str("path", path)
      .integer("lines", static_cast<long long>(lines))
      .integer("windows", windows)
      .num("seconds", s)
      .num("windows_per_s", static_cast<double>(windows) / s, 0)
      .num("max_rss_mb", max_rss_mb(), 0)
      .print();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: detect_bench DETECTOR LOG [REPEATS]\n");
    return 2;
  }
  const std::string det_dir = argv[1], log = argv[2];
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 3;
  set_compute_threads(1);
  try {
    for (const bool all : {false, true}) {
      DetectOptions o;
      o.detector = det_dir;
      o.log = log;
      o.all = all;
      DetectSummary sum;
      const double s = best_of(repeats, [&] {
        std::ofstream null("/dev/null");
        sum = detect(o, null);
      });
      report(all ? "detect_all" : "detect", sum.read.lines, sum.windows(), s);
    }
    const auto m = Detector::open(det_dir).manifest();
    DatasetSpec spec;
    spec.name = "bench";
    spec.reader = m.reader;
    spec.reader.path = log;
    spec.drain = drain_defaults(m.reader.format);
    spec.window = m.window;
    spec.split.max_windows = 0;
    const auto embedder = make_embedder(m.embedder);
    const LogActionScorer scorer(det_dir + "/networks.pt");
    std::int64_t windows = 0;
    std::uint64_t lines = 0;
    const double s = best_of(repeats, [&] {
      const auto d = prepare_uncached(spec, *embedder);
      std::vector<std::int64_t> all(d.windows.size());
      for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int64_t>(i);
      const auto p = scorer.probability(d, all);
      windows = static_cast<std::int64_t>(p.size());
      lines = d.read_stats.lines;
    });
    report("batch", lines, windows, s);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "detect_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
