#pragma once
// A synthetic multi-system log corpus, so the demo and the tests need no download.
//
// Several systems whose syntax differs as BGL, Thunderbird and Zookeeper do (headers,
// vocabularies, levels), sharing anomaly semantics expressed in different words (a missing
// file, a disk failure, a lost connection...), with bursts, rare anomalies, normal drift and
// noise. Deterministic for a seed: the same seed and spec give byte-identical files.
//
//   synthA  bgl          supercomputer RAS log (label: alert tag vs "-")
//   synthB  thunderbird  cluster syslog        (label: alert tag vs "-")
//   synthC  zookeeper    coordination service  (label: Level ERROR; normal lines are INFO/WARN)
// Shared anomaly semantics: missing file, disk failure, lost connection, memory exhaustion,
// permission denied, timeout. With the default spec about 5-7% of 20-line windows (step 1) are
// anomalous and ~0.7% of lines.
#include <cstdint>
#include <string>
#include <vector>

namespace logsweep {

struct SynthSpec {
  std::uint64_t seed = 42;
  std::int64_t lines_per_system = 20000;  // exactly this many lines per file
  double anomaly_rate = 0.003;   // per normal line, probability that an anomaly burst follows
  int burst_max = 4;             // anomalous lines per burst are 1..burst_max
};

struct SynthSystem {
  std::string name;        // "synthA"...
  std::string format;      // reader format to read it back: bgl | thunderbird | zookeeper
  std::string log_path;    // written file
  std::int64_t lines = 0;
  std::int64_t anomalous_lines = 0;
};

// Writes one log per system into `dir` (created if missing) plus a README.txt describing them,
// and returns what it wrote. Throws StorageError when the directory cannot be written,
// ConfigError for lines_per_system < 1, anomaly_rate outside [0,1] or burst_max < 1.
std::vector<SynthSystem> generate_corpus(const std::string& dir, const SynthSpec& spec);

}  // namespace logsweep
