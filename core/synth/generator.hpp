#pragma once
// A synthetic multi-system log corpus, so the demo and the tests need no download.
//
// Several systems whose syntax differs as BGL, Thunderbird and Zookeeper do (headers,
// vocabularies, levels), sharing anomaly semantics expressed in different words (a missing
// file, a disk failure, a lost connection...). Each is shaped after measured statistics of the
// real sample it stands for (docs/synthetic.md; tests/synth checks them within tolerances):
// ordered workflows and periodic routines interleaved as in the real log (so the next event is
// predictable and windows repeat as much as there), a long tail of rare messages, anomaly bursts
// of the real lengths at the anomalous-window fraction of LogAction's Table I, every semantic in
// every part of the log. Deterministic for a seed: the same seed and spec give byte-identical
// files.
//
//   synthA  bgl          supercomputer RAS log (label: alert tag vs "-")        ~ BGL, 24.7% windows
//   synthB  thunderbird  cluster syslog        (label: alert tag vs "-")        ~ Thunderbird, 5.1%
//   synthC  zookeeper    coordination service  (label: Level ERROR; normal lines are INFO/WARN)
//                                                                               ~ Zookeeper, 2.4%
// Shared anomaly semantics: missing file, disk failure, lost connection, memory exhaustion,
// permission denied, timeout.
#include <cstdint>
#include <string>
#include <vector>

namespace logsweep {

struct SynthSpec {
  std::uint64_t seed = 42;
  std::int64_t lines_per_system = 20000;  // exactly this many lines per file
  // Multiplies every system's anomaly burst rate (1 = the measured targets, 0 = no anomalies).
  double anomaly_scale = 1.0;
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
// ConfigError for lines_per_system < 1 or a negative anomaly_scale.
std::vector<SynthSystem> generate_corpus(const std::string& dir, const SynthSpec& spec);

}  // namespace logsweep
