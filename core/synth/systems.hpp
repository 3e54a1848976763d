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

// An ordered routine (a job, a session, a periodic check): its lines in a fixed order, each line
// emitted repeat_min..repeat_max times back to back (BGL's long runs of one message). Its weight
// drifts linearly from w0 at the start of the log to w1 at the end; it is absent before
// `appear_permille` of the log. With `period` > 0 it is started every period lines (+-25%)
// instead of by weight. `skip` is the chance that a line after the first is left out (noise in
// the order, as a retried or shortened job).
struct Workflow {
  int w0 = 1;
  int w1 = 1;
  int appear_permille = 0;
  std::vector<LineDef> lines;
  int repeat_min = 1;
  int repeat_max = 1;
  int period = 0;
  int skip_permille = 0;
  int group = 0;  // the phases it belongs to (SystemDef::phase_cycle)
};

// One anomaly semantic in a system's own words; `tag` is the BGL/Thunderbird alert tag. A burst
// cycles through `lines` (the phrasings) from one it draws, so every phrasing occurs in every
// part of the log; which one leads drifts over the log.
struct AnomalyDef {
  const char* semantic;
  const char* tag;
  std::vector<LineDef> lines;
};

// `concurrency` workflow instances run at once and their lines interleave (syslog daemons and
// service threads writing to one file); 1 = one routine after another. With a `phase_cycle`
// the weighted workflows come in phases: the log runs through the cycle's (group, lines) entries
// in order, each for its lines +-25%, and draws by weight only among the workflows of the
// current phase's group (Zookeeper_2k: ~400 lines of nothing but connection teardowns, then ~250
// of client sessions, then teardowns, then ~100 of election retries).
struct Phase {
  int group;
  int lines;
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
  int concurrency = 1;
  int noise_permille = 20;  // share of normal lines that are noise lines
  int noise_group = -1;     // >= 0: noise lines only during that group's phases (-1: always)
  std::vector<Phase> phase_cycle = {};  // empty: no phases, every draw is from all workflows
  // Anomaly targets from the real measurements (docs/synthetic.md): the fraction of 20-line
  // windows (step 1) holding an anomalous line (LogAction Table I) and the burst lengths
  // (geometric with this mean, at most burst_max consecutive anomalous lines).
  double anomalous_windows = 0.05;
  double burst_mean = 2.0;
  int burst_max = 4;
};

// The anomaly semantics every system expresses, in this order.
const std::vector<std::string>& anomaly_semantics();
std::vector<SystemDef> synth_systems();

}  // namespace logsweep::synth_detail
