#pragma once
// The coordinator's live progress line.
//
// On a terminal (stderr is a tty) one line is redrawn in place with '\r'; otherwise (batch
// logs) a plain line is printed after every finished job and at most every `interval` seconds
// in between, so Slurm/PBS output files stay readable.
#include <chrono>
#include <cstdio>
#include <map>
#include <string>

#include "results/store/record.hpp"

namespace logsweep {

struct ProgressCounts {
  std::size_t total = 0;     // jobs of the matrix
  std::size_t stored = 0;    // already stored before this run (done/skipped, or failed not retried)
  std::size_t done = 0, failed = 0, skipped = 0;  // finished in this run
};

class Progress {
 public:
  Progress(std::size_t total, std::size_t already_stored, bool quiet, std::FILE* out = stderr);
  void started(int rank, const std::string& job_name);
  // `print` = false defers the status line to the next started()/flush() (the coordinator hands
  // the worker its next job first, so the line shows every rank busy).
  void finished(int rank, JobStatus status, const std::string& job_name, const std::string& message,
                bool print = true);
  void flush() { print(true); }
  // Called often while idle: redraws on a terminal, prints a heartbeat line otherwise.
  void tick();
  void finish();  // ends the redrawn line
  const ProgressCounts& counts() const { return c_; }
  // The status text (without '\r'), exposed for tests. `elapsed_s` is seconds since start.
  std::string line(double elapsed_s) const;

  bool terminal = false;  // decided from isatty(stderr); tests may set it
  double interval = 10.0;

 private:
  void print(bool force);
  ProgressCounts c_;
  std::map<int, std::string> running_;
  bool quiet_;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_, last_print_;
  std::size_t last_width_ = 0;
};

std::string format_duration(double seconds);  // "45s", "3m05s", "2h07m"

}  // namespace logsweep
