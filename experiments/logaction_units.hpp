#pragma once
// The window sets LogAction trains on, as units for batching (internal to logaction_train.cpp,
// split out to keep that file to the training procedure).
#include <cstdint>
#include <vector>

#include "core/models/batch.hpp"

namespace logsweep::logaction_units {

// Labelled windows of one dataset as training units: unique (sequence, label) with counts when
// de-duplicating, else one unit per window.
struct LabelledSet {
  const WindowBatcher* batcher = nullptr;
  UniqueWindows units;
};

UniqueWindows training_units(const WindowSet& ws, const std::vector<std::int64_t>& idx, bool dedup);

// Unlabelled windows as units grouped by sequence only (labels would leak); label field unused.
UniqueWindows unlabelled_units(const WindowSet& ws, const std::vector<std::int64_t>& idx);

// Every stride-th window (by position) goes to validation, the rest to training; stride 0 = none.
void carve(const std::vector<std::int64_t>& all, std::int64_t stride, std::vector<std::int64_t>& train,
           std::vector<std::int64_t>& val);

bool has_anomaly(const WindowSet& ws, const std::vector<std::int64_t>& idx);

// Evenly spaced sample of at most n entries (deterministic).
std::vector<std::int64_t> spread_sample(const std::vector<std::int64_t>& v, std::int64_t n);

}  // namespace logsweep::logaction_units
