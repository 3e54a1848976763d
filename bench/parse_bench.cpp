// Parsing throughput: streaming reader + Drain on one core, and peak memory.
// Usage: parse_bench [LOG] [FORMAT] [REPEATS]
//   default LOG = ../shared/data/HDFS/HDFS_2pct.log, FORMAT = hdfs (label file not needed here).
// Prints one JSON line per stage: {"bench":"parse", "stage":..., "lines":..., "seconds":...,
// "lines_per_s":..., "templates":..., "max_rss_mb":...}
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "core/logs/reader.hpp"
#include "core/parsing/drain.hpp"

using namespace logsweep;

static double max_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : std::string(LOGSWEEP_SHARED_DATA) + "/HDFS/HDFS_2pct.log";
  std::string format = argc > 2 ? argv[2] : "hdfs";
  int repeats = argc > 3 ? std::stoi(argv[3]) : 3;
  ReaderSpec spec;
  spec.format = format;
  spec.path = path;
  for (int r = 0; r < repeats; ++r) {
    // Stage 1: read only (I/O + header split).
    auto t0 = std::chrono::steady_clock::now();
    std::uint64_t n = 0;
    {
      auto reader = open_reader(spec);
      LogRecord rec;
      while (reader->next(rec)) ++n;
    }
    double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"bench\":\"parse\",\"stage\":\"read\",\"lines\":%llu,\"seconds\":%.4f,\"lines_per_s\":%.0f,\"max_rss_mb\":%.1f}\n",
                (unsigned long long)n, read_s, n / read_s, max_rss_mb());
    // Stage 2: read + Drain.
    t0 = std::chrono::steady_clock::now();
    Drain drain(drain_defaults(format));
    {
      auto reader = open_reader(spec);
      LogRecord rec;
      while (reader->next(rec)) drain.add(rec.content);
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"bench\":\"parse\",\"stage\":\"read+drain\",\"lines\":%llu,\"seconds\":%.4f,\"lines_per_s\":%.0f,\"templates\":%zu,\"max_rss_mb\":%.1f}\n",
                (unsigned long long)n, s, n / s, drain.size(), max_rss_mb());
  }
  return 0;
}
