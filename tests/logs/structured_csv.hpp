#pragma once
// Reads Loghub *_structured.csv ground truth (RFC 4180 quoting, CRLF) for the reader and
// Drain accuracy tests.
#include <map>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace logsweep::testing {

struct StructuredCsv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  int column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
  std::vector<std::string> values(const std::string& name) const {
    std::vector<std::string> out;
    const int c = column(name);
    if (c < 0) return out;
    for (const auto& r : rows) out.push_back(r[static_cast<std::size_t>(c)]);
    return out;
  }
};

inline StructuredCsv read_structured_csv(const std::string& path) {
  const std::string text = read_file(path);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> rec;
  std::string field;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      rec.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      rec.push_back(field);
      records.push_back(rec);
      rec.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    rec.push_back(field);
    records.push_back(rec);
  }
  StructuredCsv out;
  if (records.empty()) return out;
  out.header = records.front();
  out.rows.assign(records.begin() + 1, records.end());
  return out;
}

}  // namespace logsweep::testing
