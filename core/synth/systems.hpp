#pragma once
// The synthetic systems' vocabularies (internal to core/synth).
//
// Template text uses placeholders filled per line: {num} {big} {hex} {ip} {port} {path} {user}
// {pid} {sess} {mac} {host} (a host of the system) and {node} (the line's own node).
#include <string>
#include <vector>

namespace logsweep::synth_detail {

struct LineDef {
  const char* level;      // BGL: INFO/WARNING/FATAL...; Zookeeper: INFO/WARN/ERROR; Thunderbird: unused
  const char* component;  // BGL: KERNEL/APP...; Thunderbird: "sshd[{pid}]"; Zookeeper: "Thread:Class@line"
  const char* text;
};

// Lines emitted back to back (a job, a session...). Its weight drifts linearly from w0 at the
// start of the log to w1 at the end; it is absent before `appear_permille` of the log.
struct Workflow {
  int w0 = 1;
  int w1 = 1;
  int appear_permille = 0;
  std::vector<LineDef> lines;
};

// One anomaly semantic in a system's own words; `tag` is the BGL/Thunderbird alert tag.
struct AnomalyDef {
  const char* semantic;
  const char* tag;
  std::vector<LineDef> lines;
};

struct SystemDef {
  const char* name;
  const char* format;      // bgl | thunderbird | zookeeper
  long long start_epoch;   // first line's time (UTC seconds)
  int max_gap_s;           // seconds between normal lines are 0..max_gap_s
  std::vector<const char*> nodes;
  std::vector<Workflow> normal;
  std::vector<LineDef> noise;  // rare benign one-off lines
  std::vector<AnomalyDef> anomalies;
};

// The anomaly semantics every system expresses, in this order.
const std::vector<std::string>& anomaly_semantics();
std::vector<SystemDef> synth_systems();

}  // namespace logsweep::synth_detail
