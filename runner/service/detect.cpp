// Streaming detection with a trained detector (detect.hpp).
#include "runner/service/detect.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <algorithm>
#include <deque>
#include <unordered_map>
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

// One scored window as written: its lines are the log's (fixed windows) or a session's first
// max_len ones (`more` counts the rest).
struct WindowRow {
  std::int64_t index = 0;
  std::string_view session;
  std::uint64_t first_line = 0, last_line = 0;
  std::int64_t start_time = 0, end_time = 0;
  double score = 0;
  int anomalous_lines = 0;
  std::vector<const std::string*> lines;
  std::int64_t more = 0;
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

void write_tsv(std::ostream& out, const WindowRow& w) {
  out << w.index << '\t' << w.session << '\t' << w.first_line << '\t' << w.last_line << '\t' << w.start_time << '\t'
      << w.end_time << '\t' << fmt::format("{:.6f}", w.score) << '\t' << (w.score > 0.5 ? 1 : 0) << '\t'
      << w.anomalous_lines << '\t';
  for (std::size_t i = 0; i < w.lines.size(); ++i) {
    if (i) out << kLineJoin;
    for (char c : *w.lines[i]) out << (c == '\t' ? ' ' : c);
  }
  if (w.more) out << kLineJoin << fmt::format("... {} more lines", w.more);
  out << '\n';
}

void write_json(std::ostream& out, const WindowRow& w) {
  out << fmt::format(R"({{"window":{},"session":{},"first_line":{},"last_line":{},"start_time":{},"end_time":{},)"
                     R"("score":{:.6f},"flagged":{},"anomalous_lines":{},"more_lines":{},"lines":[)",
                     w.index, json_quoted(w.session), w.first_line, w.last_line, w.start_time, w.end_time, w.score,
                     w.score > 0.5 ? "true" : "false", w.anomalous_lines, w.more);
  for (std::size_t i = 0; i < w.lines.size(); ++i) out << (i ? "," : "") << json_quoted(*w.lines[i]);
  out << "]}\n";
}

// Scores windows a chunk at a time and writes them in order, counting them into the summary.
class WindowWriter {
 public:
  WindowWriter(Detector& det, const DetectOptions& o, std::ostream& out, DetectSummary& sum)
      : det_(det), o_(o), out_(out), sum_(sum) {}

  void write(const std::vector<std::vector<std::int32_t>>& events, std::vector<WindowRow>& rows) {
    const auto p = det_.score(events, o_.remember);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto& w = rows[i];
      w.score = p[i];
      const bool flagged = w.score > 0.5, anomalous = w.anomalous_lines > 0;
      auto& c = sum_.flags;
      if (flagged) ++(anomalous ? c.tp : c.fp);
      else ++(anomalous ? c.fn : c.tn);
      if (!flagged && !o_.all) continue;
      if (o_.jsonl) write_json(out_, w);
      else write_tsv(out_, w);
    }
    out_.flush();
  }

 private:
  Detector& det_;
  const DetectOptions& o_;
  std::ostream& out_;
  DetectSummary& sum_;
};

// Cuts the detector's fixed windows from lines as they come and scores them a chunk at a time:
// window k is lines [k*step, k*step + size) of the log read. Holds the lines of the windows not
// yet scored, and no others.
class FixedWindows {
 public:
  FixedWindows(const WindowSpec& spec, std::size_t chunk, WindowWriter& writer)
      : size_(spec.size), step_(spec.step), chunk_(static_cast<std::int64_t>(chunk)), writer_(writer) {}

  void push(Line line, const std::string&) {
    lines_.push_back(std::move(line));
    ++records_;
    if (records_ >= size_ && (records_ - size_) % step_ == 0) ++cut_;
    if (cut_ - scored_ >= chunk_) score_cut();
  }

  // Scores and writes every window cut so far.
  void score_cut() {
    if (cut_ == scored_) return;
    std::vector<std::vector<std::int32_t>> events;
    std::vector<WindowRow> rows;
    for (auto k = scored_; k < cut_; ++k) {
      const auto first = static_cast<std::size_t>(k * step_ - first_line_);
      std::vector<std::int32_t> e;
      WindowRow w;
      w.index = k;
      for (std::size_t i = first; i < first + static_cast<std::size_t>(size_); ++i) {
        e.push_back(lines_[i].event);
        w.lines.push_back(&lines_[i].raw);
        w.anomalous_lines += lines_[i].label;
      }
      w.first_line = lines_[first].line_no, w.start_time = lines_[first].time;
      w.last_line = lines_[first + size_ - 1].line_no, w.end_time = lines_[first + size_ - 1].time;
      events.push_back(std::move(e));
      rows.push_back(std::move(w));
    }
    writer_.write(events, rows);
    scored_ = cut_;
    while (first_line_ < scored_ * step_) lines_.pop_front(), ++first_line_;
  }
  void finish() { score_cut(); }

 private:
  const std::int64_t size_, step_, chunk_;
  WindowWriter& writer_;
  std::deque<Line> lines_;
  std::int64_t first_line_ = 0;  // record index of lines_.front()
  std::int64_t records_ = 0, cut_ = 0, scored_ = 0;
};

// Session windows, as the batch path cuts them: one per non-empty session in order of first
// appearance, its first max_len events, labelled by all its lines. A session may go on until
// the log ends, so they are scored then: memory grows with the number of sessions (each keeps
// max_len events and lines), not with the lines.
class SessionWindows {
 public:
  SessionWindows(const WindowSpec& spec, std::size_t chunk, WindowWriter& writer)
      : max_len_(static_cast<std::size_t>(spec.max_len > 0 ? spec.max_len : 50)), chunk_(chunk), writer_(writer) {}

  void push(Line line, const std::string& session) {
    if (session.empty()) return;  // as cut_windows: a line without a session is in no window
    auto [it, fresh] = index_.try_emplace(session, sessions_.size());
    if (fresh) sessions_.push_back({session, {}, {}, line.line_no, line.line_no, line.time, line.time, 0, 0});
    auto& s = sessions_[it->second];
    s.last_line = line.line_no, s.end_time = line.time;
    s.anomalous += line.label;
    if (s.events.size() < max_len_) {
      s.events.push_back(line.event);
      s.raw.push_back(std::move(line.raw));
    } else {
      ++s.more;
    }
  }
  void score_cut() {}  // a session is whole only at the end of the log
  void finish() {
    for (std::size_t begin = 0; begin < sessions_.size(); begin += chunk_) {
      std::vector<std::vector<std::int32_t>> events;
      std::vector<WindowRow> rows;
      for (auto i = begin; i < std::min(sessions_.size(), begin + chunk_); ++i) {
        const auto& s = sessions_[i];
        WindowRow w;
        w.index = static_cast<std::int64_t>(i);
        w.session = s.name;
        w.first_line = s.first_line, w.last_line = s.last_line, w.start_time = s.start_time, w.end_time = s.end_time;
        w.anomalous_lines = s.anomalous;
        for (const auto& r : s.raw) w.lines.push_back(&r);
        w.more = s.more;
        events.push_back(s.events);
        rows.push_back(std::move(w));
      }
      writer_.write(events, rows);
    }
  }

 private:
  struct Session {
    std::string name;
    std::vector<std::int32_t> events;
    std::vector<std::string> raw;
    std::uint64_t first_line, last_line;
    std::int64_t start_time, end_time;
    int anomalous;
    std::int64_t more;
  };
  const std::size_t max_len_, chunk_;
  WindowWriter& writer_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<Session> sessions_;
};

template <class Windows>
void read_windows(Detector& det, ReaderSpec spec, const DetectOptions& o, Windows& windows, DetectSummary& sum) {
  if (o.follow) {
    spec.follow.poll_seconds = o.poll_seconds;
    spec.follow.waiting = [&](double idle) {
      windows.score_cut();  // a quiet log still shows what it has
      return (o.stop && *o.stop) || o.follow(idle);
    };
  }
  auto reader = open_reader(spec);
  LogRecord rec;
  while (!(o.stop && *o.stop) && reader->next(rec))
    windows.push({rec.line_no, rec.timestamp, rec.label, det.event_of(rec.content), std::move(rec.raw)}, rec.session);
  windows.finish();
  sum.read = reader->stats();
}

}  // namespace

DetectSummary detect(const DetectOptions& o, std::ostream& out) {
  const auto t0 = std::chrono::steady_clock::now();
  auto det = Detector::open(o.detector);
  ReaderSpec spec = det.manifest().reader;
  spec.path = o.log;
  if (!o.format.empty()) spec.format = o.format, spec.line_format = o.line_format;
  spec.skip_lines = o.skip_lines, spec.max_lines = o.max_lines;
  spec.keep_raw = true;
  if (!o.label_file.empty()) spec.label_file = o.label_file;
  DetectSummary sum;
  if (!o.jsonl)
    out << "window\tsession\tfirst_line\tlast_line\tstart_time\tend_time\tscore\tflagged\tanomalous_lines\tlines\n";
  WindowWriter writer(det, o, out, sum);
  const auto& window = det.manifest().window;
  if (window.kind == "session") {
    SessionWindows windows(window, o.chunk, writer);
    read_windows(det, spec, o, windows, sum);
  } else {
    FixedWindows windows(window, o.chunk, writer);
    read_windows(det, spec, o, windows, sum);
  }
  sum.templates_known = det.known_templates();
  sum.templates_new = det.templates() - det.known_templates();
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return sum;
}

std::string describe(const DetectSummary& s, const DetectOptions& o) {
  std::string text = fmt::format("{}: {} lines ({} malformed), {} windows, {} flagged; templates: {} known, {} new; {:.1f} s",
                                 o.log, s.read.lines, s.read.malformed, s.windows(), s.flagged(), s.templates_known,
                                 s.templates_new, s.seconds);
  if (o.follow) text += " (following: waiting included)\n";
  else text += fmt::format(" ({:.0f} windows/s)\n", s.seconds > 0 ? static_cast<double>(s.windows()) / s.seconds : 0.0);
  if (s.labelled_anomalous())
    text += fmt::format("  against the format's label rule: {} windows anomalous; P {:.4f} R {:.4f} F1 {:.4f}\n",
                        s.labelled_anomalous(), s.precision(), s.recall(), s.f1());
  else
    text += "  the format's label rule marks no line anomalous: no P/R/F1\n";
  if (s.read.malformed) text += "  malformed lines (skipped):" + describe_malformed(s.read) + "\n";
  return text;
}

}  // namespace logsweep
