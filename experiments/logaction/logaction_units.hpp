#pragma once
// The window sets LogAction trains on, as units for batching (internal to logaction_train.cpp,
// split out to keep that file to the training procedure).
#include <cstdint>
#include <vector>

#include "core/models/batch.hpp"
#include "core/models/common_train.hpp"

namespace logsweep::logaction_units {

// Labelled windows of one dataset as training units: one unit per window (window_units), so
// that an epoch over them is ceil(windows / B) steps with dedup on or off.
struct LabelledSet {
  const WindowBatcher* batcher = nullptr;
  UniqueWindows units;
};

// Unlabelled pool windows as units, one per window, with label 0 for all: unit_batch's
// de-duplication then merges a batch's windows by sequence only (their labels are unknown to
// the learner and must not split rows).
UniqueWindows label_free_units(const WindowSet& ws, const std::vector<std::int64_t>& idx);

// The sequence of each row of unit_batch(batcher, units, positions, dedup), in row order
// (dedup: distinct (sequence, label) in order of first appearance), for the encoder cache.
std::vector<std::int32_t> row_sequences(const UniqueWindows& units, const std::vector<std::int64_t>& positions,
                                        bool dedup);

// Every stride-th window (by position) goes to validation, the rest to training; stride 0 = none.
void carve(const std::vector<std::int64_t>& all, std::int64_t stride, std::vector<std::int64_t>& train,
           std::vector<std::int64_t>& val);

bool has_anomaly(const WindowSet& ws, const std::vector<std::int64_t>& idx);
// Anomalous windows among idx (for the round record; never read by the selection).
std::int64_t count_anomalous(const WindowSet& ws, const std::vector<std::int64_t>& idx);

// Evenly spaced sample of at most n entries (deterministic).
std::vector<std::int64_t> spread_sample(const std::vector<std::int64_t>& v, std::int64_t n);

}  // namespace logsweep::logaction_units
