#include "core/logs/label_file.hpp"

#include <algorithm>
#include <cctype>

#include "core/logs/line_source.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep::detail {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

SessionLabels load_session_labels(const std::string& path) {
  SessionLabels out;
  LineSource src(path, "label file");
  std::string_view line;
  bool too_long = false;
  std::uint64_t line_no = 0;
  while (src.next(line, too_long)) {
    ++line_no;
    if (too_long) throw InputError("label file line longer than 1 MiB", file_location(path, line_no));
    line = trim(line);
    if (line.empty()) continue;
    const std::size_t comma = line.find(',');
    const std::string_view id = trim(line.substr(0, comma));
    const std::string_view value = comma == std::string_view::npos ? std::string_view() : trim(line.substr(comma + 1));
    if (id.empty() || id.find_first_of(" \t") != std::string_view::npos) continue;  // prose
    const std::string v = lower(value);
    if (v == "label") continue;  // header
    std::int8_t label = 1;
    if (v == "normal" || v == "0") {
      label = 0;
      out.lists_normals = true;
    } else if (v == "anomaly" || v == "anomalous" || v == "abnormal" || v == "1") {
      label = 1;
    } else if (comma != std::string_view::npos && value.find(' ') == std::string_view::npos &&
               !value.empty() && !std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      Location where = file_location(path, line_no);
      where.field = "Label";
      throw InputError("unknown label '" + printable_prefix(value) + "' (expected Normal or Anomaly)", where);
    }
    auto [it, inserted] = out.label.emplace(std::string(id), label);
    if (!inserted) it->second = std::max(it->second, label);
  }
  for (const auto& kv : out.label) out.anomalous += kv.second;
  return out;
}

}  // namespace logsweep::detail
