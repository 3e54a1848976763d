// Streaming detection with a trained detector (detect.hpp).
#include "runner/service/detect.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <ostream>

#include "cluster/prepare.hpp"
#include "core/logs/utf8.hpp"
#include "runner/service/detector.hpp"
#include "runner/service/round_file.hpp"

namespace logsweep {
namespace {

struct Line {
  std::uint64_t line_no = 0;
  std::int64_t time = 0;
  std::int8_t label = 0;
  std::int32_t event = 0;
  std::string raw;
};

struct ScoredWindow {
  std::int64_t index = 0;
  const std::deque<Line>* lines = nullptr;
  std::size_t first = 0;  // its lines: (*lines)[first .. first + size)
  int size = 0;
  double score = 0;
  int anomalous_lines = 0;
  const Line& line(int i) const { return (*lines)[first + static_cast<std::size_t>(i)]; }
};

std::string json_quoted(std::string_view s) {
  const auto text = utf8_escaped(s);  // JSON text is UTF-8: a byte that is not becomes "\xNN"
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c < 0x20) out += fmt::format("\\u{:04x}", c);
    else out += static_cast<char>(c);
  }
  return out + "\"";
}

void write_tsv(std::ostream& out, const ScoredWindow& w) {
  const Line& a = w.line(0);
  const Line& b = w.line(w.size - 1);
  out << w.index << '\t' << a.line_no << '\t' << b.line_no << '\t' << a.time << '\t' << b.time << '\t'
      << fmt::format("{:.6f}", w.score) << '\t' << (w.score > 0.5 ? 1 : 0) << '\t' << w.anomalous_lines << '\t';
  for (int i = 0; i < w.size; ++i) {
    if (i) out << kLineJoin;
    for (char c : w.line(i).raw) out << (c == '\t' ? ' ' : c);
  }
  out << '\n';
}

void write_json(std::ostream& out, const ScoredWindow& w) {
  const Line& a = w.line(0);
  const Line& b = w.line(w.size - 1);
  out << fmt::format(R"({{"window":{},"first_line":{},"last_line":{},"start_time":{},"end_time":{},"score":{:.6f},)"
                     R"("flagged":{},"anomalous_lines":{},"lines":[)",
                     w.index, a.line_no, b.line_no, a.time, b.time, w.score, w.score > 0.5 ? "true" : "false",
                     w.anomalous_lines);
  for (int i = 0; i < w.size; ++i) out << (i ? "," : "") << json_quoted(w.line(i).raw);
  out << "]}\n";
}

// Cuts the detector's fixed windows from lines as they come and scores them a chunk at a time:
// window k is lines [k*step, k*step + size) of the log read. Holds the lines of the windows not
// yet scored, and no others.
class WindowStream {
 public:
  WindowStream(Detector& det, const DetectOptions& o, std::ostream& out, DetectSummary& sum)
      : det_(det), o_(o), out_(out), sum_(sum), size_(det.manifest().window.size), step_(det.manifest().window.step) {}

  void push(Line line) {
    lines_.push_back(std::move(line));
    ++records_;
    if (records_ >= size_ && (records_ - size_) % step_ == 0) ++cut_;
    if (cut_ - scored_ >= static_cast<std::int64_t>(o_.chunk)) score_cut();
  }

  // Scores and writes every window cut so far.
  void score_cut() {
    if (cut_ == scored_) return;
    std::vector<std::vector<std::int32_t>> events;
    for (auto k = scored_; k < cut_; ++k) {
      std::vector<std::int32_t> e(static_cast<std::size_t>(size_));
      for (int i = 0; i < size_; ++i) e[static_cast<std::size_t>(i)] = lines_[offset(k) + static_cast<std::size_t>(i)].event;
      events.push_back(std::move(e));
    }
    const auto p = det_.score(events, o_.remember);
    for (auto k = scored_; k < cut_; ++k) write(k, p[static_cast<std::size_t>(k - scored_)]);
    out_.flush();
    scored_ = cut_;
    while (first_line_ < scored_ * step_) lines_.pop_front(), ++first_line_;
  }

 private:
  std::size_t offset(std::int64_t window) const { return static_cast<std::size_t>(window * step_ - first_line_); }

  void write(std::int64_t k, double score) {
    ScoredWindow w{k, &lines_, offset(k), static_cast<int>(size_), score, 0};
    for (int i = 0; i < size_; ++i) w.anomalous_lines += w.line(i).label;
    const bool flagged = score > 0.5, anomalous = w.anomalous_lines > 0;
    ++sum_.windows;
    sum_.flagged += flagged;
    sum_.labelled_anomalous += anomalous;
    sum_.true_positives += flagged && anomalous;
    if (!flagged && !o_.all) return;
    if (o_.jsonl) write_json(out_, w);
    else write_tsv(out_, w);
  }

  Detector& det_;
  const DetectOptions& o_;
  std::ostream& out_;
  DetectSummary& sum_;
  const std::int64_t size_, step_;
  std::deque<Line> lines_;
  std::int64_t first_line_ = 0;     // record index of lines_.front()
  std::int64_t records_ = 0, cut_ = 0, scored_ = 0;
};

}  // namespace

DetectSummary detect(const DetectOptions& o, std::ostream& out) {
  const auto t0 = std::chrono::steady_clock::now();
  auto det = Detector::open(o.detector);
  ReaderSpec spec = det.manifest().reader;
  spec.path = o.log;
  if (!o.format.empty()) spec.format = o.format, spec.line_format = o.line_format;
  spec.skip_lines = o.skip_lines, spec.max_lines = o.max_lines;
  spec.keep_raw = true;
  DetectSummary sum;
  WindowStream windows(det, o, out, sum);
  if (o.follow) {
    spec.follow.poll_seconds = o.poll_seconds;
    spec.follow.waiting = [&](double idle) {
      windows.score_cut();  // a quiet log still shows what it has
      return o.follow(idle);
    };
  }
  if (!o.jsonl)
    out << "window\tfirst_line\tlast_line\tstart_time\tend_time\tscore\tflagged\tanomalous_lines\tlines\n";
  auto reader = open_reader(spec);
  LogRecord rec;
  while (reader->next(rec))
    windows.push({rec.line_no, rec.timestamp, rec.label, det.event_of(rec.content), std::move(rec.raw)});
  windows.score_cut();
  sum.read = reader->stats();
  sum.templates_known = det.known_templates();
  sum.templates_new = det.templates() - det.known_templates();
  const double tp = static_cast<double>(sum.true_positives);
  sum.precision = sum.flagged ? tp / static_cast<double>(sum.flagged) : 0.0;
  sum.recall = sum.labelled_anomalous ? tp / static_cast<double>(sum.labelled_anomalous) : NAN;
  sum.f1 = !sum.labelled_anomalous ? NAN : tp == 0 ? 0.0 : 2 * sum.precision * sum.recall / (sum.precision + sum.recall);
  if (!sum.labelled_anomalous) sum.precision = NAN;
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return sum;
}

std::string describe(const DetectSummary& s, const DetectOptions& o) {
  std::string text = fmt::format("{}: {} lines ({} malformed), {} windows, {} flagged; templates: {} known, {} new; {:.1f} s",
                                 o.log, s.read.lines, s.read.malformed, s.windows, s.flagged, s.templates_known,
                                 s.templates_new, s.seconds);
  if (o.follow) text += " (following: waiting included)\n";
  else text += fmt::format(" ({:.0f} windows/s)\n", s.seconds > 0 ? static_cast<double>(s.windows) / s.seconds : 0.0);
  if (s.labelled_anomalous)
    text += fmt::format("  against the format's label rule: {} windows anomalous; P {:.4f} R {:.4f} F1 {:.4f}\n",
                        s.labelled_anomalous, s.precision, s.recall, s.f1);
  else
    text += "  the format's label rule marks no line anomalous: no P/R/F1\n";
  if (s.read.malformed) text += "  malformed lines (skipped):" + describe_malformed(s.read) + "\n";
  return text;
}

}  // namespace logsweep
