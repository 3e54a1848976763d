#pragma once
// The round file of a labelling session (`logsweep label`): the windows a person is asked to
// label, one TSV row each, with an empty `label` column to fill in an editor or a spreadsheet,
// and the reader that takes the labels back. A bad file is an InputError naming the file, the
// line and the column; reading never changes the file, so nothing typed is lost.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace logsweep {

// How the raw lines of a window are joined in one cell (round files, `detect` output): " ⏎ ".
inline constexpr std::string_view kLineJoin = " \u23ce ";

struct RoundRow {            // one window to label
  std::int64_t window = 0;   // window id (index in the target's window set): the key read back
  std::string where;         // where it is in the log: "app.log:1201-1220", "session blk_123"
  std::int64_t start_time = 0;
  double probability = 0;    // the model's current p(anomaly)
  std::string reason;        // why it was picked: "free energy", "margin", "random"
  std::string templates;     // the window's event templates, joined with " | "
  std::string lines;         // the raw log lines, joined with " ⏎ " (may be empty)
};

struct RoundFileHeader {
  int round = 1;
  int rounds = 1;
  std::string next_command;  // what to run once the labels are in
};

// Writes atomically (path.tmp, then rename), so a crash never leaves half a file: '#' lines
// saying what the file is, how to fill it (0/1 or normal/anomaly) and the command to run next;
// a header row
//   window  where  start_time  probability  reason  templates  lines  label   (tab separated)
// then one row per RoundRow with an empty label. Inside text fields a tab becomes a space, a
// newline " ⏎ " and a CR is dropped, so a row stays one line. StorageError when the file cannot
// be written (the .tmp is removed, an older file at `path` is left as it was).
void write_round_file(const std::string& path, const RoundFileHeader& header, const std::vector<RoundRow>& rows);

// 0 / 1 / normal / anomaly / anomalous (any case, spaces around ignored); nullopt otherwise.
// Exposed so a row can be shown back the way it will be read.
std::optional<std::int8_t> parse_label(std::string_view text);

// The labels of the `expected` windows (distinct ids), in that order. Accepted: rows in any
// order; '#' comment lines and blank lines anywhere; LF, CRLF or CR line ends; a UTF-8 BOM;
// columns in any order, found by name in the header row (the first line that is neither), so a
// spreadsheet that reorders them still works. Only `window` and `label` are read: the person may
// edit the other columns. A cell may be wrapped in double quotes (as spreadsheets save it).
// InputError at file:line, field "window" or "label", for a row with an empty or unknown label,
// a malformed window id, a window id not in `expected`, a window id given twice (naming the line
// of its first row), a row with fewer columns than the header needs. When several rows are bad
// the first in file order is reported, with how many are bad in all. InputError at the file
// only for a missing or wrong header row and for expected windows without a row (up to ten of
// their ids, and how many).
std::vector<std::int8_t> read_round_labels(const std::string& path, const std::vector<std::int64_t>& expected);

}  // namespace logsweep
