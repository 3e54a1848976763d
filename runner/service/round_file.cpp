// The round file: writing the rows to label, reading the labels back (round_file.hpp).
#include "runner/service/round_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep {
namespace {

const char* const kColumns[] = {"window", "where", "start_time", "probability", "reason", "templates", "lines", "label"};
const std::vector<std::string> kLabelWords = {"0", "1", "normal", "anomaly", "anomalous"};

// One line per row whatever the text holds.
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\t') out += ' ';
    else if (c == '\n') out += kLineJoin;
    else if (c != '\r') out += c;
  }
  return out;
}

std::string windows(std::size_t n) { return fmt::format("{} window{}", n, n == 1 ? "" : "s"); }

void write_text(std::ostream& out, const RoundFileHeader& h, const std::vector<RoundRow>& rows) {
  out << fmt::format("# logsweep label: round {} of {}, {} to label.\n", h.round, h.rounds, windows(rows.size()));
  out << "# Fill the label column of every row: 0 (or normal) = a normal window, 1 (or anomaly) = it shows\n"
         "# an anomaly. Keep the window column as it is and the file tab separated; rows and columns may\n"
         "# be reordered, and only the window and label columns are read.\n";
  if (!h.next_command.empty()) out << "# Then run: " << one_line(h.next_command) << "\n";
  for (std::size_t i = 0; i < std::size(kColumns); ++i) out << (i ? "\t" : "") << kColumns[i];
  out << "\n";
  for (const auto& r : rows)
    out << r.window << '\t' << one_line(r.where) << '\t' << r.start_time << '\t' << fmt::format("{:.4f}", r.probability)
        << '\t' << one_line(r.reason) << '\t' << one_line(r.templates) << '\t' << one_line(r.lines) << "\t\n";
}

// The file's lines, split at LF, CRLF or CR (a spreadsheet may save any of them), BOM dropped.
std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("cannot open the round file: {}", std::strerror(errno)), Location::in_file(path));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError("cannot read the round file", Location::in_file(path));
  if (starts_with(text, "\xEF\xBB\xBF")) text.erase(0, 3);
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') {
      lines.back() += text[i];
      continue;
    }
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    lines.emplace_back();
  }
  return lines;
}

bool skipped(std::string_view line) {
  const auto t = trim(line);
  return t.empty() || t[0] == '#';
}

// A cell read as a key: spaces and one pair of spreadsheet quotes around it removed.
std::string_view cell_text(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = trim(s.substr(1, s.size() - 2));
  return s;
}

std::optional<std::int64_t> parse_id(std::string_view s) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return id;
}

struct Columns {
  std::size_t window = 0, label = 0;
  std::size_t need() const { return std::max(window, label) + 1; }
};

// The header row: where the window and label columns are.
Columns header_columns(const std::string& path, std::uint64_t no, const std::string& line) {
  const auto cells = split(line, '\t');
  std::optional<std::size_t> window, label;
  std::string problem;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto name = ascii_lower(cell_text(cells[i]));
    if (name != "window" && name != "label") continue;
    auto& slot = name == "window" ? window : label;
    if (slot) problem = fmt::format("names '{}' twice", name);
    slot = i;
  }
  if (!window || !label) problem = fmt::format("has no '{}' column", window ? "label" : "window");
  if (problem.empty()) return {*window, *label};
  const bool commas = cells.size() == 1 && line.find(',') != std::string::npos;
  throw InputError(fmt::format("line {} should be the header row naming the 'window' and 'label' columns (tab "
                               "separated), but it {}{}",
                               no, problem, commas ? "; the file looks comma separated: save it as tab separated text" : ""),
                   Location::in_file(path));
}

struct BadRow {
  std::uint64_t line;
  std::string field, message;
};

// The labels taken so far, by position in `expected`, and the rows that could not be taken.
class Labels {
 public:
  explicit Labels(const std::vector<std::int64_t>& expected)
      : expected_(expected), labels_(expected.size(), 0), first_line_(expected.size(), 0) {
    for (std::size_t i = 0; i < expected.size(); ++i)
      if (!slot_.emplace(expected[i], i).second)
        throw InternalError(fmt::format("read_round_labels: window {} is expected twice", expected[i]));
  }
  void take(std::uint64_t no, const std::vector<std::string>& cells, const Columns& col) {
    if (auto bad = take_row(no, cells, col)) bad_.push_back(std::move(*bad));
  }
  std::vector<std::int8_t> result(const std::string& path) const;

 private:
  std::optional<BadRow> take_row(std::uint64_t no, const std::vector<std::string>& cells, const Columns& col);
  std::optional<BadRow> take_label(std::uint64_t no, std::int64_t id, std::size_t slot, std::string_view text);
  std::vector<std::int64_t> missing() const;

  const std::vector<std::int64_t>& expected_;
  std::map<std::int64_t, std::size_t> slot_;  // window id -> position in expected_
  std::vector<std::int8_t> labels_;
  std::vector<std::uint64_t> first_line_;  // the line of the window's first row; 0 = none yet
  std::vector<BadRow> bad_;
};

std::optional<BadRow> Labels::take_row(std::uint64_t no, const std::vector<std::string>& cells, const Columns& col) {
  const auto columns = fmt::format("the row has {} columns, the header needs {}", cells.size(), col.need());
  if (cells.size() <= col.window) return BadRow{no, "window", columns + " (is a tab missing?)"};
  const auto id_text = cell_text(cells[col.window]);
  const auto id = parse_id(id_text);
  if (id_text.empty()) return BadRow{no, "window", "the row has no window id"};
  if (!id) return BadRow{no, "window", fmt::format("'{}' is not a window id", printable_prefix(id_text))};
  const auto it = slot_.find(*id);
  if (it == slot_.end()) return BadRow{no, "window", fmt::format("window {} is not one of this round's windows", *id)};
  auto& first = first_line_[it->second];
  if (first) return BadRow{no, "window", fmt::format("window {} is given twice (first on line {})", *id, first)};
  first = no;
  if (cells.size() <= col.label) return BadRow{no, "label", fmt::format("window {} has no label: {}", *id, columns)};
  return take_label(no, *id, it->second, cell_text(cells[col.label]));
}

std::optional<BadRow> Labels::take_label(std::uint64_t no, std::int64_t id, std::size_t slot, std::string_view text) {
  if (text.empty()) return BadRow{no, "label", fmt::format("window {} has no label: write 0 or 1 (normal / anomaly)", id)};
  const auto label = parse_label(text);
  if (!label)
    return BadRow{no, "label", fmt::format("'{}' is not a label (window {}): {}", printable_prefix(text), id,
                                           suggest(ascii_lower(text), kLabelWords))};
  labels_[slot] = *label;
  return std::nullopt;
}

std::vector<std::int64_t> Labels::missing() const {
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < expected_.size(); ++i)
    if (!first_line_[i]) ids.push_back(expected_[i]);
  return ids;
}

std::vector<std::int8_t> Labels::result(const std::string& path) const {
  const auto absent = missing();
  if (!bad_.empty()) {
    const auto& b = bad_.front();
    auto msg = b.message;
    if (bad_.size() > 1) msg += fmt::format(" (the first of {} bad rows)", bad_.size());
    if (!absent.empty()) msg += fmt::format("; {} of the round have no row", windows(absent.size()));
    throw InputError(msg, Location::in_file(path, b.line, b.field));
  }
  if (absent.empty()) return labels_;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < absent.size() && i < 10; ++i) ids.push_back(std::to_string(absent[i]));
  throw InputError(fmt::format("{} of the {} of this round {} no row: {}{}", absent.size(), windows(expected_.size()),
                               absent.size() == 1 ? "has" : "have", join(ids, ", "),
                               absent.size() > 10 ? fmt::format(" and {} more", absent.size() - 10) : ""),
                   Location::in_file(path));
}

}  // namespace

void write_round_file(const std::string& path, const RoundFileHeader& header, const std::vector<RoundRow>& rows) {
  const std::string tmp = path + ".tmp";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) throw StorageError(fmt::format("cannot create the round file: {}", std::strerror(errno)), Location::in_file(tmp));
  write_text(out, header, rows);
  out.close();
  if (out.fail()) {
    std::remove(tmp.c_str());
    throw StorageError("cannot write the round file (disk full?)", Location::in_file(tmp));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw StorageError(fmt::format("cannot move {} into place: {}", tmp, why), Location::in_file(path));
  }
}

std::optional<std::int8_t> parse_label(std::string_view text) {
  const auto t = ascii_lower(trim(text));
  if (t == "0" || t == "normal") return 0;
  if (t == "1" || t == "anomaly" || t == "anomalous") return 1;
  return std::nullopt;
}

std::vector<std::int8_t> read_round_labels(const std::string& path, const std::vector<std::int64_t>& expected) {
  const auto lines = read_lines(path);
  Labels labels(expected);
  std::optional<Columns> columns;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (skipped(lines[i])) continue;
    if (!columns)
      columns = header_columns(path, i + 1, lines[i]);
    else
      labels.take(i + 1, split(lines[i], '\t'), *columns);
  }
  if (!columns)
    throw InputError("the round file has no header row: a line naming the 'window' and 'label' columns (tab separated)",
                     Location::in_file(path));
  return labels.result(path);
}

}  // namespace logsweep
