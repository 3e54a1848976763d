#pragma once
// Cutting a parsed log into windows and splitting them.
//
// Windows are event-id sequences. Identical sequences are stored once (CSR table of unique
// sequences) and windows point at them, so training can weight a unique window by its count
// instead of repeating it. A window is anomalous if any of its lines is.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace logsweep {

struct WindowSpec {
  std::string kind = "fixed";   // fixed (size/step in lines) | session (by LogRecord::session) | time
  int size = 20;                // fixed: lines per window
  int step = 1;                 // fixed: lines between window starts (LogAction's code: 1)
  std::int64_t span = 60;       // time: seconds per window
  std::int64_t time_step = 60;  // time: seconds between window starts
  int max_len = 0;              // session/time: truncate longer windows (0 = 50); fixed ignores it
};
// fixed:   windows [k*step, k*step+size) for every k that fits; a shorter tail is dropped.
// session: one window per non-empty LineEvents::session, in order of first appearance (lines
//          with an empty session are ignored); events in line order.
// time:    windows [t0 + k*time_step, t0 + k*time_step + span) over LineEvents::time (t0 = the
//          earliest time; lines taken in time order); windows with no line are skipped.
// session/time windows keep their first max_len events, but their label covers every line of
// the session/span; window_time is the time of the window's first line.

enum class SplitRole : std::int8_t {
  Excluded = -1,  // the gap between train and test, or above max_windows
  Train = 0,      // source: labelled training data; target: the unlabelled pool
  Test = 1,
  Pretrain = 2,   // LogAction protocol: the encoder's training part
};

struct SplitSpec {
  std::string kind = "chronological";  // chronological | stratified_per_class
  double train_ratio = 0.7;            // chronological: first part trains
  double gap_ratio = 0.0;              // chronological: fraction skipped between train and test
  double pretrain_ratio = 0.5;         // stratified_per_class: per class, first part trains the encoder
  std::int64_t max_windows = 100000;   // at most this many windows per system (0 = all)
  std::int64_t scan_windows = 0;       // stratified_per_class: windows looked at (0 = all; code: 1,000,001)
};
// chronological (the honest protocol: labels play no part in forming the split): of the first
//   max_windows windows, the first floor(train_ratio*n) are Train, the next floor(gap_ratio*n)
//   Excluded, the rest Test. Windows beyond max_windows are Excluded (the later ones).
// stratified_per_class (the LogAction code's split, main.py + SlidingWindow.py + encoding.py;
//   it USES ALL LABELS to form the split, so pool and test have the same anomaly ratio, as the
//   paper's Table I): of the first scan_windows windows (n of them, a normal), keep the first
//   floor(a/n * max_windows) normal and the first max_windows - that anomalous windows (each
//   class in index order, fewer when a class runs out); then twice, with r = pretrain_ratio and
//   then r = train_ratio over what remains: of the m kept (m_n normal), the first floor(r*m_n)
//   normal and the first floor(r*m) - floor(r*m_n) anomalous windows take the role (Pretrain,
//   then Train); what is left of the second step is Test. gap_ratio unused; everything not kept
//   is Excluded. The code computes each anomalous count as total minus normal, as here.

struct WindowSet {
  // Unique event sequences, CSR: sequence s is seq_events[seq_offsets[s] .. seq_offsets[s+1]).
  std::vector<std::int64_t> seq_offsets{0};
  std::vector<std::int32_t> seq_events;
  // Per window, in chronological order.
  std::vector<std::int32_t> window_seq;
  std::vector<std::int8_t> window_label;
  std::vector<std::int64_t> window_time;   // timestamp of the first line
  std::vector<std::int8_t> window_role;    // SplitRole

  std::size_t size() const { return window_seq.size(); }
  std::size_t unique_sequences() const { return seq_offsets.size() - 1; }
  // Appends a window (role Train until assign_split), reusing an identical stored sequence
  // (uses an internal index, rebuilt if needed after finish() or a copy; call finish() when done).
  void add(const std::int32_t* events, std::size_t n, std::int8_t label, std::int64_t time);
  void finish();  // drops the de-duplication index
  // Indices of windows with the given role (and label if label >= 0).
  std::vector<std::int64_t> indices(SplitRole role, int label = -1) const;

 private:
  struct Index;
  std::shared_ptr<Index> index_;
};

// Line-level input to windowing.
struct LineEvents {
  std::vector<std::int32_t> event;   // event id per line
  std::vector<std::int8_t> label;
  std::vector<std::int64_t> time;
  // Only for session windows (both empty otherwise): per line an index into session_names, -1
  // for a line without a session. Ids, not strings: a string per line cost ~80 bytes a line
  // (1.64 GB peak to prepare a 14.2 M-line HDFS log, BENCHMARKS.md), an id 4.
  std::vector<std::int32_t> session;
  std::vector<std::string> session_names;  // in order of first appearance
};

// Appends sessions to a LineEvents line by line, giving each new name the next id.
class SessionInterner {
 public:
  explicit SessionInterner(LineEvents& lines);
  void push(const std::string& session);  // "" = the line has no session (-1)

 private:
  LineEvents& lines_;
  std::unordered_map<std::string, std::int32_t> ids_;
};

// Throws ConfigError for a bad spec (size/step/span/time_step < 1, max_len < 0, unknown kind,
// session windows without sessions); Error when LineEvents arrays differ in length.
WindowSet cut_windows(const LineEvents& lines, const WindowSpec& spec);
// Assigns window_role in place. Deterministic (no randomness: index order is time order).
// ConfigError for a ratio outside [0,1], train_ratio + gap_ratio > 1, max_windows < 0,
// scan_windows < 0 or an unknown kind (the former name 'logaction' says its new name).
void assign_split(WindowSet& windows, const SplitSpec& spec);
// The split kinds assign_split knows, for docs and config checks.
const std::vector<std::string>& split_kinds();

}  // namespace logsweep
