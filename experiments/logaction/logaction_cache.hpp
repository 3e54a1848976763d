#pragma once
// Frozen-encoder outputs of LogAction's training and pool sequences (internal to
// logaction_train.cpp). The encoder is frozen while the classifier trains, so its output for a
// sequence is the same at every step until the next refit: computed once per encoder state
// instead of at every step, when it fits in the memory budget. Keyed by sequence, so it serves
// plain and de-duplicated batches alike.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <vector>

#include "core/models/batch.hpp"
#include "experiments/logaction/logaction_modules.hpp"

namespace logsweep::logaction_units {

class EncoderCache {
 public:
  // Sequences to cache, per dataset (repeats allowed).
  using Wanted = std::map<const WindowBatcher*, std::vector<std::int32_t>>;

  // Replaces the contents with encoder outputs of the distinct wanted sequences, computed in
  // chunks of `chunk` without gradients; leaves the cache empty when they would take more than
  // budget_mb (callers then encode per step).
  void build(LogActionEncoder& encoder, Wanted wanted, std::int64_t hidden, std::int64_t budget_mb,
             std::int64_t chunk);
  // Outputs [n, L, hidden] of `seqs` of that dataset, or an undefined tensor when any of them is
  // not cached.
  torch::Tensor lookup(const WindowBatcher& batcher, const std::vector<std::int32_t>& seqs) const;

 private:
  struct Entry {
    std::vector<std::int64_t> row;  // per unique sequence of the dataset; -1 = not cached
    torch::Tensor data;             // [rows, L, hidden]
  };
  std::map<const WindowBatcher*, Entry> entries_;
};

}  // namespace logsweep::logaction_units
