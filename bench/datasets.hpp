#pragma once
// The datasets the benchmarks prepare: the one real sample large enough (HDFS_2pct with its
// block labels, session windows) and a generated system (fixed 20-line windows, step 1).
#include <filesystem>
#include <optional>
#include <string>

#include "core/data/dataset.hpp"
#include "core/synth/generator.hpp"

namespace logsweep::bench {

// Empty when the shared data folder does not hold the sample.
inline std::optional<DatasetSpec> hdfs_2pct_spec() {
  const std::string dir = std::string(LOGSWEEP_SHARED_DATA) + "/HDFS";
  if (!std::filesystem::exists(dir + "/HDFS_2pct.log")) return std::nullopt;
  DatasetSpec hdfs;
  hdfs.name = "HDFS_2pct";
  hdfs.reader.format = "hdfs";
  hdfs.reader.path = dir + "/HDFS_2pct.log";
  hdfs.reader.label_file = dir + "/anomaly_label_2pct.csv";
  hdfs.drain = drain_defaults("hdfs");
  hdfs.window.kind = "session";
  return hdfs;
}

inline DatasetSpec synth_spec(const SynthSystem& s) {
  DatasetSpec d;
  d.name = s.name;
  d.reader.format = s.format;
  d.reader.path = s.log_path;
  d.drain = drain_defaults(s.format);
  d.window.kind = "fixed";
  d.window.size = 20;
  d.window.step = 1;
  return d;
}

}  // namespace logsweep::bench
