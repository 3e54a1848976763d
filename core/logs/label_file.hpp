#pragma once
// Session label files: which blocks / instances are anomalous.
//
// Accepted layouts (one entry per line, CRLF tolerated, blank lines ignored):
//   "BlockId,Label" csv with Normal/Anomaly values (Loghub anomaly_label.csv; header skipped);
//   "<id>,<anything else>" or a bare "<id>" per line: the id is anomalous (Loghub OpenStack
//   anomaly list, aecid *_test_abnormal session files). Lines holding spaces in their first
//   column are prose (list headings) and are skipped.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace logsweep::detail {

struct SessionLabels {
  std::unordered_map<std::string, std::int8_t> label;  // id -> 0 normal / 1 anomalous
  std::size_t anomalous = 0;
  bool lists_normals = false;  // the file names normal ids too (so it should cover the log)

  // -1 when the id is not in the file.
  int find(const std::string& id) const {
    auto it = label.find(id);
    return it == label.end() ? -1 : it->second;
  }
};

// Throws InputError naming the file when it is missing/unreadable, names no session (empty, or
// only a header / prose: every session would count as normal), has a wrong header (a first line
// "<id without digits>,<label value>" such as "BlockId,Anomaly", or ';'-separated columns) or
// holds an unknown label value (with file:line).
SessionLabels load_session_labels(const std::string& path);

}  // namespace logsweep::detail
