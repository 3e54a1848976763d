#include "cluster/progress.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>

namespace logsweep {

std::string format_duration(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  auto t = static_cast<long long>(std::llround(s));
  if (t < 60) return fmt::format("{}s", t);
  if (t < 3600) return fmt::format("{}m{:02}s", t / 60, t % 60);
  return fmt::format("{}h{:02}m", t / 3600, (t % 3600) / 60);
}

Progress::Progress(std::size_t total, std::size_t already_stored, bool quiet, std::FILE* out)
    : quiet_(quiet), out_(out), start_(std::chrono::steady_clock::now()), last_print_(start_) {
  c_.total = total;
  c_.stored = already_stored;
  terminal = isatty(fileno(out)) != 0;
}

std::string Progress::line(double elapsed) const {
  std::size_t finished = c_.done + c_.failed + c_.skipped;
  std::size_t remaining = c_.total - c_.stored - finished;
  std::string eta = "?";
  if (remaining == 0) eta = "0s";
  else if (finished > 0) eta = format_duration(elapsed / static_cast<double>(finished) * static_cast<double>(remaining));
  std::string s = fmt::format("[{}/{}] done {} failed {} skipped {}", c_.stored + finished, c_.total, c_.done,
                              c_.failed, c_.skipped);
  if (c_.stored) s += fmt::format(" (stored before {})", c_.stored);
  s += fmt::format(" running {} | {} elapsed, ETA {}", running_.size(), format_duration(elapsed), eta);
  for (const auto& [rank, name] : running_) s += fmt::format(" | r{}: {}", rank, name);
  return s;
}

void Progress::started(int rank, const std::string& name) {
  running_[rank] = name;
  if (terminal) print(true);  // show the new job at once on a terminal
}

void Progress::finished(int rank, JobStatus status, const std::string& name, const std::string& message,
                        bool print_now) {
  running_.erase(rank);
  switch (status) {
    case JobStatus::Done: ++c_.done; break;
    case JobStatus::Failed: ++c_.failed; break;
    case JobStatus::Skipped: ++c_.skipped; break;
  }
  if (status == JobStatus::Failed && !quiet_) {
    if (terminal && last_width_) std::fputc('\n', out_);
    last_width_ = 0;
    std::fprintf(out_, "job failed: %s (rank %d): %s\n", name.c_str(), rank, message.c_str());
  }
  if (print_now) print(true);
}

void Progress::tick() { print(false); }

void Progress::print(bool force) {
  if (quiet_) return;
  auto now = std::chrono::steady_clock::now();
  double since = std::chrono::duration<double>(now - last_print_).count();
  double elapsed = std::chrono::duration<double>(now - start_).count();
  if (terminal) {
    if (!force && since < 0.5) return;
    std::string s = line(elapsed);
    winsize ws{};
    std::size_t width = 0;
    if (ioctl(fileno(out_), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1) width = ws.ws_col - 1;
    if (width && s.size() > width) s.resize(width);
    std::string pad(last_width_ > s.size() ? last_width_ - s.size() : 0, ' ');
    std::fprintf(out_, "\r%s%s", s.c_str(), pad.c_str());
    last_width_ = s.size();
  } else {
    if (!force && since < interval) return;
    std::fprintf(out_, "%s\n", line(elapsed).c_str());
  }
  std::fflush(out_);
  last_print_ = now;
}

void Progress::finish() {
  if (!quiet_ && terminal && last_width_) std::fputc('\n', out_);
  last_width_ = 0;
  std::fflush(out_);
}

}  // namespace logsweep
