// logsweep detect DETECTOR LOG: a trained detector on a new log (runner/service/detect.hpp).
#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "cluster/threads.hpp"
#include "core/models/compute_threads.hpp"
#include "runner/commands.hpp"
#include "runner/service/detect.hpp"

namespace logsweep {
namespace {

std::atomic<bool> g_stop{false};
// The first Ctrl-C ends the reading with the summary; a second one ends the process at once.
extern "C" void on_stop_signal(int sig) {
  if (g_stop) std::_Exit(128 + sig);
  g_stop = true;
}

int detect_main(const cli::Args& a, int, char**) {
  const int requested = static_cast<int>(a.integer("--threads", 0, 1));
  set_compute_threads(choose_threads(requested, std::getenv("SLURM_CPUS_PER_TASK"), std::thread::hardware_concurrency(), 1));
  DetectOptions o;
  o.detector = a.positionals[0];
  o.log = a.positionals[1];
  o.format = a.value("--format", "");
  o.line_format = a.value("--line-format", "");
  o.label_file = a.value("--label-file", "");
  if (!o.line_format.empty() && o.format.empty()) o.format = "generic";
  o.skip_lines = static_cast<std::uint64_t>(a.integer("--skip-lines", 0, 0));
  o.max_lines = static_cast<std::uint64_t>(a.integer("--max-lines", 0, 0));
  o.chunk = static_cast<std::size_t>(a.integer("--chunk", 2048, 1));
  o.remember = static_cast<std::size_t>(a.integer("--remember", 200000, 0));
  o.jsonl = a.flag("--jsonl");
  o.all = a.flag("--all");
  const double idle_exit = a.has("--idle-exit") ? static_cast<double>(a.integer("--idle-exit", 0, 1)) : 0.0;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  o.stop = &g_stop;
  if (a.flag("--follow") || idle_exit > 0)
    o.follow = [idle_exit](double idle) { return idle_exit > 0 && idle >= idle_exit; };
  const auto out_path = a.value("--out", "-");
  std::ofstream file;
  if (out_path != "-") {
    file.open(out_path, std::ios::trunc);
    if (!file) throw StorageError("cannot create the output file", Location::in_file(out_path, 0, "--out"));
  }
  std::ostream& out = out_path == "-" ? std::cout : file;
  const auto summary = detect(o, out);
  out.flush();
  std::fputs(describe(summary, o).c_str(), stderr);
  return 0;
}

}  // namespace

SubCommand detect_command() {
  return {{"detect",
           {"DETECTOR", "LOG"},
           "score a new log with a detector `label finish` wrote; flagged windows out, streaming",
           "Reads LOG line by line (any size), parses it with the detector's Drain (a line no template covers is\n"
           "learnt, and a new template is embedded as the batch path embeds), cuts the detector's windows (fixed:\n"
           "as they come; session: when the log ends),\n"
           "scores them as the job scored its test part and writes the flagged ones (p > 0.5): TSV by default,\n"
           "JSON lines with --jsonl. A summary goes to stderr, with P/R/F1 when the format's label rule marks lines.",
           {{"--out", "FILE", "where the windows go (default: standard output)"},
            {"--jsonl", "", "JSON lines instead of TSV"},
            {"--all", "", "every window, flagged or not (with its score)"},
            {"--format", "NAME", "the log's format (default: the one the detector was trained on)"},
            {"--line-format", "SPEC", "generic format string, e.g. \"<Date> <Time> <Level>: <Content>\""},
            {"--label-file", "CSV", "session labels (HDFS anomaly_label.csv) for the summary's P/R/F1"},
            {"--skip-lines", "N", "read past lines 1..N first (line numbers stay the file's)"},
            {"--max-lines", "N", "then read at most N lines"},
            {"--follow", "", "LOG grows: wait at its end for more lines (Ctrl-C ends, with the summary)"},
            {"--idle-exit", "S", "with --follow: end once LOG has not grown for S seconds"},
            {"--chunk", "N", "windows scored at once (default 2048; changes no score)"},
            {"--remember", "N", "distinct window sequences whose score is kept, not recomputed (default 200000; 0 = none)"},
            {"--threads", "N", "torch threads (default as for `run`)"}}},
          detect_main};
}

}  // namespace logsweep
