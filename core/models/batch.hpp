#pragma once
// Turning windows into tensors. The embedding table is uploaded once per dataset; a batch is
// an index gather, never a per-window allocation.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/data/dataset.hpp"

namespace logsweep {

struct Batch {
  torch::Tensor x;       // [B, L, D] float: event embeddings, zero-padded
  torch::Tensor mask;    // [B, L] bool: true where a real event is
  torch::Tensor events;  // [B, L] int64: event ids, -1 where padded
  torch::Tensor y;       // [B] int64: window labels
  torch::Tensor weight;  // [B] float: de-duplication counts (1 when not de-duplicated)
};

class WindowBatcher {
 public:
  // max_len: windows are truncated/padded to this many events (0 = longest window). The
  // embedding table is uploaded to `device` once and every batch is built there (the job's
  // device, JobInputs::device); on the CPU nothing is copied.
  WindowBatcher(const PreparedDataset& data, int max_len = 0, const torch::Device& device = torch::kCPU);
  // Sequences longer than max_len keep their first max_len events. Event ids outside the
  // embedding table throw InputError.
  // Batch of the given windows (indices into data.windows), weights all 1.
  Batch make(const std::vector<std::int64_t>& windows) const;
  // Batch of unique sequences with explicit labels and weights (de-duplicated training).
  Batch make_unique(const std::vector<std::int32_t>& seqs, const std::vector<std::int8_t>& labels,
                    const std::vector<float>& weights) const;
  int max_len() const { return max_len_; }
  const torch::Device& device() const { return device_; }
  int dim() const;
  // Number of event rows in the table (the padding row excluded).
  std::int64_t vocab() const { return table_.size(0) - 1; }
  const PreparedDataset& data() const { return *data_; }

 private:
  const PreparedDataset* data_;
  int max_len_;
  torch::Device device_;
  torch::Tensor table_;  // [V+1, D] on device_, last row zeros for padding
};

// Groups windows by (sequence, label): unique sequences with counts, for loss-equivalent
// weighted training on unique windows.
struct UniqueWindows {
  std::vector<std::int32_t> seq;
  std::vector<std::int8_t> label;
  std::vector<float> count;
};
// Order: first appearance in `indices`.
UniqueWindows deduplicate(const WindowSet& windows, const std::vector<std::int64_t>& indices);

// Groups windows by sequence only, ignoring labels: for inference on unlabelled/test windows
// (grouping by (seq, label) there would leak labels). seq = unique sequences in first-appearance
// order; group_of[i] = position in seq of indices[i]; count = windows per unique sequence.
struct SequenceGroups {
  std::vector<std::int32_t> seq;
  std::vector<std::int64_t> group_of;
  std::vector<float> count;
};
SequenceGroups group_by_sequence(const WindowSet& windows, const std::vector<std::int64_t>& indices);

}  // namespace logsweep
