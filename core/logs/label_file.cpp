#include "core/logs/label_file.hpp"

#include <algorithm>
#include <cctype>

#include "core/logs/line_source.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep::detail {

namespace {

bool is_anomalous_word(const std::string& v) { return v == "anomaly" || v == "anomalous" || v == "abnormal"; }
bool is_label_value(const std::string& v) { return v == "normal" || is_anomalous_word(v) || v == "0" || v == "1"; }

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

SessionLabels load_session_labels(const std::string& path) {
  SessionLabels out;
  LineSource src(path, "label file");
  std::string_view line;
  bool too_long = false;
  std::uint64_t line_no = 0;
  bool first = true;  // the first line that is not blank or prose
  while (src.next(line, too_long)) {
    ++line_no;
    if (too_long) throw InputError("label file line longer than 1 MiB", Location::in_file(path, line_no));
    line = trim(line);
    if (line.empty()) continue;
    const std::size_t comma = line.find(',');
    const std::string_view id = trim(line.substr(0, comma));
    const std::string_view value = comma == std::string_view::npos ? std::string_view() : trim(line.substr(comma + 1));
    if (id.empty() || id.find_first_of(" \t") != std::string_view::npos) continue;  // prose
    if (id.find(';') != std::string_view::npos)
      throw InputError("label file columns must be separated by commas (found ';' in '" + printable_prefix(id) + "')",
                       Location::in_file(path, line_no));
    const std::string v = ascii_lower(value);
    const bool was_first = first;
    first = false;
    if (v == "label") continue;  // header
    // The header is optional, but a first line whose id has no digit is no block/instance id: it
    // is a header naming its label column otherwise ("BlockId,Anomaly"), which would silently
    // have become an anomalous id.
    if (was_first && is_label_value(v) && !has_digit(id))
      throw InputError("wrong header '" + printable_prefix(line) + "': a label csv header is '<id column>,Label'",
                       Location::in_file(path, line_no));
    std::int8_t label = 1;
    if (v == "normal" || v == "0") {
      label = 0;
      out.lists_normals = true;
    } else if (is_anomalous_word(v) || v == "1") {
      label = 1;
    } else if (comma != std::string_view::npos && value.find(' ') == std::string_view::npos &&
               !value.empty() && !std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      Location where = Location::in_file(path, line_no);
      where.field = "Label";
      throw InputError("unknown label '" + printable_prefix(value) + "' (expected Normal or Anomaly" +
                           (was_first ? "; a header line is '<id column>,Label')" : ")"),
                       where);
    }
    auto [it, inserted] = out.label.emplace(std::string(id), label);
    if (!inserted) it->second = std::max(it->second, label);
  }
  // Every session would then count as normal and every job end up "skipped".
  if (out.label.empty())
    throw InputError(line_no == 0 ? "label file is empty" : "label file names no session (only a header, blank lines or prose)",
                     Location::in_file(path));
  for (const auto& kv : out.label) out.anomalous += kv.second;
  return out;
}

}  // namespace logsweep::detail
