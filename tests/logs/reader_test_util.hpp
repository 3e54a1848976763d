#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/logs/reader.hpp"

namespace logsweep::testing {

struct ReadResult {
  std::vector<LogRecord> records;
  ReadStats stats;
};

inline ReadResult read_all(const ReaderSpec& spec) {
  ReadResult r;
  auto reader = open_reader(spec);
  LogRecord rec;
  while (reader->next(rec)) r.records.push_back(rec);
  r.stats = reader->stats();
  return r;
}

inline ReaderSpec spec_for(const std::string& format, const std::string& path) {
  ReaderSpec s;
  s.format = format;
  s.path = path;
  return s;
}

}  // namespace logsweep::testing
