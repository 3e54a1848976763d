#pragma once
// A labelling session (`logsweep label start|next|finish`): a person answers LogAction's
// purchases instead of the ground truth. The session is the batch job's loop
// (experiments/logaction/logaction_loop.hpp) on the job the config's matrix defines for that
// pair, method, budget and seed, stopped at each purchase and saved to a directory:
//   session.txt   what the session is (config and its digest, job, round, state digest)
//   state.pt      the loop's whole state (torch archive), checked against its digest on load
//   round-K.tsv   the windows of round K to label (runner/service/round_file.hpp)
//   labels.tsv    every label taken in so far (window, label, round), appended per round
//   result.txt    after the last round: the job's record (purchases, test P/R/F1 when the
//                 target's test labels are known) -- `finish` writes it with the networks
//   detector/     after finish: the detector `logsweep detect` reads (runner/service/detector.hpp)
#include <cstdint>
#include <optional>
#include <string>

#include "core/metrics/metrics.hpp"

namespace logsweep {

struct LabelStartOptions {
  std::string config;            // the experiment YAML
  std::string source, target;    // a pair of its matrix
  std::string method = "LogAction";
  std::optional<double> budget;  // default: the config's first budget above 0
  std::optional<std::uint64_t> seed;  // default: the config's first seed
  std::string dir;               // the session directory (created; must not hold a session)
};

struct LabelStep {
  std::string dir;
  int round = 0, rounds = 0;  // the round waiting for labels (0 when none is)
  std::string round_file;     // its file ("" when none)
  bool over = false;          // every round answered: `finish` is next
};

// Trains as the job does up to its first purchase, saves the session, writes round-1.tsv.
// ConfigError for a pair, method, budget or seed outside the config's matrix, a method without
// purchases, or a directory that already holds a session.
LabelStep label_start(const LabelStartOptions& o);
// Reads the filled round file (located InputError for a bad row: the session is untouched),
// trains on, saves, and writes the next round file, or marks the session over.
LabelStep label_next(const std::string& dir);
// After the last round: scores (when the target's test labels are known), writes result.txt and
// the detector directory (parsing the target's log again for the Drain state); returns the job's
// result.
MethodResult label_finish(const std::string& dir);

}  // namespace logsweep
