// The whole prepare path, stage by stage, and the dataset cache.
// Usage: prepare_bench [SYNTH_LINES] [REPEATS]
//   Datasets: HDFS_2pct (../shared/data/HDFS/HDFS_2pct.log, format hdfs, label file
//   anomaly_label_2pct.csv, session windows; skipped when absent) and synthA from
//   core/synth/generator.hpp with SYNTH_LINES lines (default 200000; fixed 20/1 windows).
//   Embedder: hashed, dim 300 (the default). Split: chronological defaults.
// One JSON line per dataset and stage (best of REPEATS, default 3):
//   stage=parse    lines, seconds, lines_per_s, templates           (reader + Drain: parse_log)
//   stage=embed    templates, seconds, templates_per_s              (embed_templates)
//   stage=windows  lines, windows, seconds, windows_per_s, lines_per_s (make_windows)
//   stage=total    lines, seconds, lines_per_s                      (sum of the three)
//   stage=unique   windows, unique_sequences, unique_ratio, train_windows, train_units,
//                  train_unique_ratio (deduplicate() over Train windows: (seq, label) pairs)
//   stage=cache    cold_seconds (prepare + write), warm_seconds (best second load_or_prepare),
//                  file_mb, reused ("parse,embed,windows" when all stages came from the cache)
#include <filesystem>
#include <string>

#include "bench/bench_util.hpp"
#include "bench/datasets.hpp"
#include "core/data/dataset.hpp"
#include "core/models/batch.hpp"
#include "core/synth/generator.hpp"
#include "results/store/dataset_cache.hpp"

using namespace logsweep;
using namespace logsweep::bench;

namespace {

void bench_dataset(const DatasetSpec& spec, const Embedder& embedder, int repeats) {
  ParsedLog parsed;
  const double parse_s = best_of(repeats, [&] { parsed = parse_log(spec); });
  const auto lines = static_cast<double>(parsed.lines.event.size());
  JsonLine("prepare").str("dataset", spec.name).str("stage", "parse").integer("lines", (long long)lines)
      .num("seconds", parse_s).num("lines_per_s", lines / parse_s, 0)
      .integer("templates", (long long)parsed.templates.size()).num("max_rss_mb", max_rss_mb(), 1).print();

  Matrix emb;
  const double embed_s = best_of(repeats, [&] { emb = embed_templates(parsed.templates, embedder); });
  JsonLine("prepare").str("dataset", spec.name).str("stage", "embed")
      .integer("templates", (long long)parsed.templates.size()).num("seconds", embed_s)
      .num("templates_per_s", parsed.templates.size() / embed_s, 0).print();

  WindowSet ws;
  const double win_s = best_of(repeats, [&] { ws = make_windows(parsed.lines, spec); });
  JsonLine("prepare").str("dataset", spec.name).str("stage", "windows").integer("lines", (long long)lines)
      .integer("windows", (long long)ws.size()).num("seconds", win_s)
      .num("windows_per_s", ws.size() / win_s, 0).num("lines_per_s", lines / win_s, 0).print();

  const double total = parse_s + embed_s + win_s;
  JsonLine("prepare").str("dataset", spec.name).str("stage", "total").integer("lines", (long long)lines)
      .num("seconds", total).num("lines_per_s", lines / total, 0).print();

  const auto train = ws.indices(SplitRole::Train);
  const auto units = deduplicate(ws, train);
  JsonLine("prepare").str("dataset", spec.name).str("stage", "unique").integer("windows", (long long)ws.size())
      .integer("unique_sequences", (long long)ws.unique_sequences())
      .num("unique_ratio", ws.size() ? double(ws.unique_sequences()) / ws.size() : 0)
      .integer("train_windows", (long long)train.size()).integer("train_units", (long long)units.seq.size())
      .num("train_unique_ratio", train.empty() ? 0 : double(units.seq.size()) / train.size()).print();

  ScratchDir cache;
  CacheReport cold;
  auto t0 = Clock::now();
  load_or_prepare(spec, embedder, cache.path(), &cold);
  const double cold_s = seconds_since(t0);
  CacheReport warm;
  const double warm_s = best_of(repeats, [&] { load_or_prepare(spec, embedder, cache.path(), &warm); });
  const double mb = std::filesystem::file_size(cache_file_path(cache.path(), spec.name)) / 1048576.0;
  std::string reused;
  for (auto [on, name] : {std::pair{warm.parse_reused, "parse"}, {warm.embed_reused, "embed"},
                          {warm.windows_reused, "windows"}})
    if (on) reused += (reused.empty() ? "" : ",") + std::string(name);
  JsonLine("prepare").str("dataset", spec.name).str("stage", "cache").num("cold_seconds", cold_s)
      .num("warm_seconds", warm_s).num("file_mb", mb, 2).str("reused", reused)
      .num("max_rss_mb", max_rss_mb(), 1).print();
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t synth_lines = argc > 1 ? std::stoll(argv[1]) : 200000;
  const int repeats = argc > 2 ? std::stoi(argv[2]) : 3;
  auto embedder = make_embedder(EmbedSpec{});

  if (const auto hdfs = hdfs_2pct_spec()) {
    bench_dataset(*hdfs, *embedder, repeats);
  } else {
    JsonLine("prepare").str("dataset", "HDFS_2pct").str("skipped", std::string(LOGSWEEP_SHARED_DATA) + "/HDFS/HDFS_2pct.log absent").print();
  }

  ScratchDir corpus;
  SynthSpec synth;
  synth.lines_per_system = synth_lines;
  auto t0 = Clock::now();
  const auto systems = generate_corpus(corpus.path(), synth);
  JsonLine("prepare").str("dataset", "synth").str("stage", "generate").integer("lines", synth_lines * (long long)systems.size())
      .num("seconds", seconds_since(t0)).print();
  bench_dataset(synth_spec(systems.front()), *embedder, repeats);
  return 0;
}
