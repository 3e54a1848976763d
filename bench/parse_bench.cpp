// Parsing throughput: streaming reader + Drain on one core, and peak memory.
// Usage: parse_bench [LOG] [FORMAT] [REPEATS]
//   default LOG = ../shared/data/HDFS/HDFS_2pct.log, FORMAT = hdfs (no label file: labels are
//   irrelevant to parsing speed).
// Prints one JSON line per stage and repeat, then the best repeat per stage ("best":1):
//   {"bench":"parse","stage":"read"|"read+drain"|"drain_only","lines":...,"seconds":...,
//    "lines_per_s":...,"templates":...,"max_rss_mb":...,"load1":...}
// drain_only = Drain::add over contents already in memory (the reader's share removed; it holds
// every line in memory, so its max_rss_mb is not the streaming figure: read+drain's is).
#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "core/logs/reader.hpp"
#include "core/parsing/drain.hpp"

using namespace logsweep;
using namespace logsweep::bench;

namespace {

struct Figure {
  double seconds = 1e300;
  std::uint64_t lines = 0;
  std::size_t templates = 0;
  double rss_mb = 0;  // peak RSS of the process when this figure was taken
};

void report(const char* stage, const Figure& f, bool best) {
  JsonLine j("parse");
  j.str("stage", stage).integer("lines", static_cast<long long>(f.lines)).num("seconds", f.seconds);
  j.num("lines_per_s", static_cast<double>(f.lines) / f.seconds, 0);
  if (f.templates) j.integer("templates", static_cast<long long>(f.templates));
  j.num("max_rss_mb", f.rss_mb, 1);
  if (best) j.integer("best", 1);
  j.print();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : std::string(LOGSWEEP_SHARED_DATA) + "/HDFS/HDFS_2pct.log";
  const std::string format = argc > 2 ? argv[2] : "hdfs";
  const int repeats = argc > 3 ? std::stoi(argv[3]) : 3;
  ReaderSpec spec;
  spec.format = format;
  spec.path = path;
  Figure best_read, best_all, best_drain;
  for (int r = 0; r < repeats; ++r) {
    // Stage 1: read only (I/O + header split + session/label extraction).
    Figure read;
    auto t0 = Clock::now();
    {
      auto reader = open_reader(spec);
      LogRecord rec;
      while (reader->next(rec)) ++read.lines;
    }
    read.seconds = seconds_since(t0);
    read.rss_mb = max_rss_mb();
    report("read", read, false);
    if (read.seconds < best_read.seconds) best_read = read;

    // Stage 2: read + Drain, the way parse_log streams them.
    Figure all;
    t0 = Clock::now();
    Drain drain(drain_defaults(format));
    {
      auto reader = open_reader(spec);
      LogRecord rec;
      while (reader->next(rec)) {
        drain.add(rec.content);
        ++all.lines;
      }
    }
    all.seconds = seconds_since(t0);
    all.templates = drain.size();
    all.rss_mb = max_rss_mb();
    report("read+drain", all, false);
    if (all.seconds < best_all.seconds) best_all = all;
  }
  // Stage 3: Drain alone over contents held in memory (costs RSS, so measured last).
  std::vector<std::string> contents;
  {
    auto reader = open_reader(spec);
    LogRecord rec;
    while (reader->next(rec)) contents.push_back(rec.content);
  }
  for (int r = 0; r < repeats; ++r) {
    Figure d;
    auto t0 = Clock::now();
    Drain drain(drain_defaults(format));
    for (const auto& c : contents) drain.add(c);
    d.seconds = seconds_since(t0);
    d.lines = contents.size();
    d.templates = drain.size();
    d.rss_mb = max_rss_mb();
    report("drain_only", d, false);
    if (d.seconds < best_drain.seconds) best_drain = d;
  }
  report("read", best_read, true);
  report("read+drain", best_all, true);
  report("drain_only", best_drain, true);
  return 0;
}
