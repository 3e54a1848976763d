// How much a log looks like a real one: the statistics of core/synth/corpus_stats.hpp on the real
// samples in ../shared/data (read through the project's readers + Drain with the format's
// defaults, as `logsweep run` prepares them) and on the generated corpus. docs/synthetic.md
// tabulates its output against the spec the generator is tested on (tests/synth).
// Usage: corpus_stats [SYNTH_LINES] [SEED]     (defaults 20000, 42; SYNTH_LINES 0 skips the corpus)
// One JSON line per stream:
//   lines, templates, templates_per_2k / templates_per_10k (distinct ids per 2,000 / 10,000
//   lines; the whole sample when shorter), top1/top5/top10 (share of lines of the k most
//   frequent ids) -- these over the normal lines --,
//   unique20 (distinct/total normal 20-line windows, step 1), next_h3_top1/next_h3_top5 and
//   next_h10_top9 (n-gram next-event predictor fit on the first 70% of the normal lines,
//   checked on the rest), anomalous_lines, anomalous_windows (20/1), bursts, burst_mean,
//   burst_max (runs of consecutive anomalous lines).
// HDFS adds one line per session view: sessions, unique_sessions_ratio, and the next-event
// accuracy over normal sessions (first 70% of them in order of first line fit, the rest checked).
#include <filesystem>
#include <string>

#include "bench/bench_util.hpp"
#include "core/data/dataset.hpp"
#include "core/synth/corpus_stats.hpp"
#include "core/synth/generator.hpp"

using namespace logsweep;
using namespace logsweep::bench;
namespace cs = logsweep::corpus_stats;

namespace {

const std::string kData = LOGSWEEP_SHARED_DATA;

DatasetSpec spec_for(const std::string& name, const std::string& format, const std::string& path,
                     const std::string& label_file = "") {
  DatasetSpec d;
  d.name = name;
  d.reader.format = format;
  d.reader.path = path;
  d.reader.label_file = label_file;
  d.drain = drain_defaults(format);
  d.window.kind = label_file.empty() ? "fixed" : "session";
  return d;
}

// `chunk` > 0: the mean over consecutive chunk-line pieces (cs::mean_over_chunks).
void print_stream(const std::string& name, const std::string& note, const LineEvents& lines, std::size_t chunk = 0) {
  const auto s = chunk ? cs::mean_over_chunks(lines.event, lines.label, chunk) : cs::stream_stats(lines.event, lines.label);
  const auto [train, test] = cs::normal_stream_split(lines.event, lines.label, 0.7);
  const auto deeplog = cs::next_event_accuracy(train, test, 10, 9);
  JsonLine("corpus_stats").str("dataset", name).str("view", "lines").str("note", note)
      .integer("lines", (long long)s.lines).integer("templates", (long long)s.templates)
      .num("templates_per_2k", s.templates_per_2k, 1).num("templates_per_10k", s.templates_per_10k, 1)
      .num("top1", s.top1_share, 3).num("top5", s.top5_share, 3).num("top10", s.top10_share, 3)
      .num("unique20", s.unique_window_ratio, 3).num("next_h3_top1", s.next_event.top1, 3)
      .num("next_h3_top5", s.next_event.topg, 3).num("next_h10_top9", deeplog.topg, 3)
      .num("anomalous_lines", s.anomalous_line_fraction, 4).num("anomalous_windows", s.anomalous_window_fraction, 3)
      .integer("bursts", (long long)s.bursts.count).num("burst_mean", s.bursts.mean_length, 2)
      .integer("burst_max", (long long)s.bursts.max_length).print();
}

// Per block: the normal sessions' workflow regularity and how often whole sessions repeat.
void print_sessions(const std::string& name, const LineEvents& lines) {
  std::vector<cs::Events> seq(lines.session_names.size());
  std::vector<bool> anomalous(seq.size(), false);
  for (std::size_t i = 0; i < lines.event.size(); ++i) {
    if (lines.session[i] < 0) continue;
    seq[lines.session[i]].push_back(lines.event[i]);
    if (lines.label[i]) anomalous[lines.session[i]] = true;
  }
  std::vector<cs::Events> normal;
  for (std::size_t s = 0; s < seq.size(); ++s)
    if (!anomalous[s]) normal.push_back(seq[s]);
  const std::size_t cut = normal.size() * 7 / 10;
  const std::vector<cs::Events> train(normal.begin(), normal.begin() + cut), test(normal.begin() + cut, normal.end());
  const auto h3 = cs::next_event_accuracy(train, test, 3, 5);
  const auto h10 = cs::next_event_accuracy(train, test, 10, 9);
  JsonLine("corpus_stats").str("dataset", name).str("view", "sessions").integer("sessions", (long long)seq.size())
      .num("unique_sessions_ratio", cs::unique_sequence_ratio(seq), 3)
      .num("unique_normal_sessions_ratio", cs::unique_sequence_ratio(normal), 3)
      .num("next_h3_top1", h3.top1, 3).num("next_h3_top5", h3.topg, 3).num("next_h10_top1", h10.top1, 3)
      .num("next_h10_top9", h10.topg, 3).print();
}

// `chunk` > 0: also the mean over chunk-line pieces (a generated system at its real sample's
// length, since n-gram and template counts depend on the length).
void measure(const DatasetSpec& spec, const std::string& note, std::size_t chunk = 0) {
  if (!std::filesystem::exists(spec.reader.path)) {
    JsonLine("corpus_stats").str("dataset", spec.name).str("skipped", spec.reader.path + " absent").print();
    return;
  }
  const ParsedLog parsed = parse_log(spec);
  print_stream(spec.name, note, parsed.lines);
  if (chunk > 0)
    print_stream(spec.name, note + ", mean over " + std::to_string(chunk) + "-line pieces", parsed.lines, chunk);
  if (spec.window.kind == "session") print_sessions(spec.name, parsed.lines);
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t synth_lines = argc > 1 ? std::stoll(argv[1]) : 20000;
  const std::uint64_t seed = argc > 2 ? std::stoull(argv[2]) : 42;
  measure(spec_for("BGL_head10k", "bgl", kData + "/BGL/BGL_head10k.log"), "contiguous, no alerts");
  measure(spec_for("BGL_2k", "bgl", kData + "/BGL/BGL_2k.log"), "sampled over 7 months");
  measure(spec_for("Thunderbird_2k", "thunderbird", kData + "/Thunderbird/Thunderbird_2k.log"), "contiguous 14 min, no alerts");
  measure(spec_for("Zookeeper_2k", "zookeeper", kData + "/Zookeeper/Zookeeper_2k.log"), "label Level == ERROR");
  measure(spec_for("HDFS_2pct", "hdfs", kData + "/HDFS/HDFS_2pct.log", kData + "/HDFS/anomaly_label_2pct.csv"),
          "2% of blocks, all their lines");
  if (synth_lines <= 0) return 0;
  ScratchDir corpus;
  SynthSpec synth;
  synth.seed = seed;
  synth.lines_per_system = synth_lines;
  for (const auto& sys : generate_corpus(corpus.path(), synth)) {
    const std::string note = "generated, seed " + std::to_string(seed);
    const std::size_t sample = sys.format == "bgl" ? 10000 : 2000;  // BGL_head10k, *_2k
    measure(spec_for(sys.name, sys.format, sys.log_path), note, sample);
  }
  return 0;
}
