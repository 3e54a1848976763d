#pragma once
// The one real sample large enough for benchmarks: ../shared/data/HDFS/HDFS_2pct.log with its
// block labels, session windows (one per block id), as the benchmarks prepare it.
#include <filesystem>
#include <optional>
#include <string>

#include "core/data/dataset.hpp"

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

}  // namespace logsweep::bench
