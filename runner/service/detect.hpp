#pragma once
// `logsweep detect`: a trained detector (detector.hpp) on a new log, streaming. Lines are read
// one at a time (a log larger than memory works: what is held is the detector, the windows of
// one chunk and their lines), parsed with the detector's Drain, cut into the detector's
// windows, scored a chunk at a time as the job scored its test part (p(anomaly) > 0.5 flags a
// window), and written out as they are scored. With `follow`, the log is a growing file: the
// end of the file waits for more lines, and the windows cut so far are scored while it waits.
// Session windows (HDFS blocks) are whole only when the log ends: they are held until then.
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

#include "core/logs/reader.hpp"
#include "core/metrics/metrics.hpp"

namespace logsweep {

struct DetectOptions {
  std::string detector;             // the directory `logsweep label finish` wrote
  std::string log;                  // the new log
  std::string format, line_format;  // "" = the detector's (the format it was trained on)
  std::string label_file;           // session labels for the summary's P/R/F1 (ReaderSpec::label_file)
  std::uint64_t skip_lines = 0;     // lines 1..skip_lines are read past (line numbers stay the file's)
  std::uint64_t max_lines = 0;      // then at most this many (0 = to the end)
  bool jsonl = false;               // JSON lines instead of TSV
  bool all = false;                 // every window, not only the flagged ones
  std::size_t chunk = 2048;         // windows scored at once
  std::size_t remember = 200000;    // distinct sequences whose score is kept (Detector::score; 0 = none)
  // Following a growing file: called while the reader waits at the end of the file, with the
  // seconds it has not grown; true ends the log (Ctrl-C, an idle limit). Empty = not following.
  std::function<bool(double idle_seconds)> follow;
  double poll_seconds = 0.25;
  // Set (by a Ctrl-C handler): reading ends before the next line, following or not; what was
  // read is scored and summed up.
  const std::atomic<bool>* stop = nullptr;
};

struct DetectSummary {
  ReadStats read;                           // lines, records, malformed (with examples)
  // Flags against the format's label rule (Thunderbird's alert tags, a user's label_regex, a
  // label file): a window is anomalous when one of its lines is.
  Confusion flags;
  std::size_t templates_known = 0, templates_new = 0;  // new: clusters the Drain learnt here
  double seconds = 0;                       // reading, parsing, scoring and writing

  std::int64_t windows() const { return flags.tp + flags.fp + flags.tn + flags.fn; }
  std::int64_t flagged() const { return flags.tp + flags.fp; }
  std::int64_t labelled_anomalous() const { return flags.tp + flags.fn; }
  // NaN when no window is labelled anomalous (a log without labels).
  double precision() const { return labelled_anomalous() ? flags.precision() : NAN; }
  double recall() const { return labelled_anomalous() ? flags.recall() : NAN; }
  double f1() const { return labelled_anomalous() ? flags.f1() : NAN; }
};

// Writes one row per flagged window (every window with `all`) to `out`:
//   TSV   window session first_line last_line start_time end_time score flagged anomalous_lines
//         lines
//   JSONL {"window":..,"session":..,"first_line":..,"last_line":..,"start_time":..,"end_time":..,
//          "score":..,"flagged":..,"anomalous_lines":..,"more_lines":..,"lines":[..]}
// window counts from 0 in the log read; lines are the file's; times are the reader's (line
// numbers where the format has no timestamp); anomalous_lines counts lines the format's label
// rule (or the label file) marks. Fixed windows are scored as they are cut; session windows (a
// detector trained on them: one window per session in order of first appearance, its first
// max_len events and lines shown, `more_lines` the rest) when the log ends. InputError as
// Detector::open and open_reader throw them; the rows written before an error stay written.
DetectSummary detect(const DetectOptions& options, std::ostream& out);

// The summary in a few lines, for a person.
std::string describe(const DetectSummary& s, const DetectOptions& options);

}  // namespace logsweep
