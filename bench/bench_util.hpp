#pragma once
// Small helpers shared by the benchmarks: a stopwatch, peak memory, the machine's load (printed
// next to every figure, since a busy machine makes a figure meaningless), a scratch directory
// and a one-line JSON writer.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace logsweep::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The best (smallest) wall time of `repeats` runs of f.
template <class F>
double best_of(int repeats, F&& f) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    auto t0 = Clock::now();
    f();
    best = std::min(best, seconds_since(t0));
  }
  return best;
}

inline double max_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// 1-minute load average (/proc/loadavg), -1 when unavailable.
inline double load1() {
  std::ifstream in("/proc/loadavg");
  double l = -1;
  in >> l;
  return l;
}

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at scope exit.
class ScratchDir {
 public:
  ScratchDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/logsweep-bench-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) {
      std::perror("mkdtemp");
      std::exit(2);
    }
    path_ = buf.data();
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One JSON object per line: {"bench":..., <fields in insertion order>, "load1":...}.
class JsonLine {
 public:
  explicit JsonLine(const std::string& bench) { str("bench", bench); }
  JsonLine& str(const std::string& k, const std::string& v) {
    std::string e;
    for (char c : v) {
      if (c == '"' || c == '\\') e += '\\';
      e += c;
    }
    fields_.emplace_back(k, "\"" + e + "\"");
    return *this;
  }
  JsonLine& num(const std::string& k, double v, int decimals = 4) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", decimals, v);
    fields_.emplace_back(k, b);
    return *this;
  }
  JsonLine& integer(const std::string& k, long long v) {
    fields_.emplace_back(k, std::to_string(v));
    return *this;
  }
  void print() {
    num("load1", load1(), 2);
    std::string out = "{";
    for (std::size_t i = 0; i < fields_.size(); ++i)
      out += (i ? "," : "") + std::string("\"") + fields_[i].first + "\":" + fields_[i].second;
    out += "}";
    std::printf("%s\n", out.c_str());
    std::fflush(stdout);
  }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace logsweep::bench
