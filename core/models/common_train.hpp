#pragma once
// Small training-loop pieces shared by the methods.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "core/models/batch.hpp"

namespace logsweep {

// Seeds libtorch's generator and returns the job's std generator (same seed); call once at the
// start of a job so that a seed on one thread gives identical runs.
std::mt19937_64 seed_job(std::uint64_t seed);

// Fisher-Yates with our own index draw, so the permutation does not depend on the standard
// library's distribution implementation.
void shuffle_indices(std::vector<std::int64_t>& v, std::mt19937_64& rng);

// Endless mini-batches over positions [0, n): each pass is a fresh permutation; the last batch
// of a pass may be short (no drop_last). n == 0 gives empty batches.
class BatchCycler {
 public:
  BatchCycler(std::int64_t n, std::int64_t batch_size, std::mt19937_64& rng);
  std::vector<std::int64_t> next();
  std::int64_t batches_per_pass() const;
  std::int64_t size() const { return n_; }

 private:
  std::int64_t n_, batch_;
  std::mt19937_64* rng_;
  std::vector<std::int64_t> order_;
  std::int64_t pos_ = 0;
};

// Mean cross entropy weighted per row: sum(w * ce) / sum(w). With de-duplication counts as w it
// equals the plain mean over the repeated windows.
torch::Tensor weighted_cross_entropy(const torch::Tensor& logits, const torch::Tensor& y, const torch::Tensor& w);

// Supervised contrastive loss (Khosla et al. 2020) of features [B, H] with labels [B]: for each
// anchor with at least one same-label partner, -mean over partners p of
// log(exp(s_ip / t) / sum_{a != i} exp(s_ia / t)), s = cosine similarity; averaged over those
// anchors. 0 when no anchor has a partner.
torch::Tensor supervised_contrastive_loss(const torch::Tensor& features, const torch::Tensor& labels,
                                          double temperature);

// Rows `positions` of a UniqueWindows set as a batch.
Batch unique_batch(const WindowBatcher& batcher, const UniqueWindows& u, const std::vector<std::int64_t>& positions);

// --- Exact de-duplication -------------------------------------------------------------------
// An epoch is what a plain data loader gives: one unit per *window* (window_units), a
// BatchCycler over them (ceil(windows / B) steps, the same permutation with dedup on or off).
// De-duplication only changes how a batch is computed: unit_batch(..., dedup = true) merges the
// batch's units of equal (sequence, label) into one row weighted by how many they were, so each
// repeated window goes through the network once and a count-weighted loss (weighted mean, or
// weighted sum) is the loss of the plain batch. Same batches, same number of optimiser steps.
// Exact up to float rounding for any loss that is a per-row weighted sum or mean; not for
// losses over pairs of rows or for dropout (one mask per merged row instead of one per window).

// One unit per window of `idx`, in that order, count 1, label = window label (0/1).
UniqueWindows window_units(const WindowSet& ws, const std::vector<std::int64_t>& idx);

// The units at `positions` as a batch. dedup = false: one row per unit (weights = counts).
// dedup = true: one row per distinct (sequence, label) among them, in order of first appearance,
// weight = sum of their counts.
Batch unit_batch(const WindowBatcher& batcher, const UniqueWindows& units, const std::vector<std::int64_t>& positions,
                 bool dedup);

// --- Label budget ---------------------------------------------------------------------------
// The one rounding rule for a share of a count, in every method: ceil(share * n) within [0, n],
// forgiving floating-point noise (a tolerance of 1e-9 keeps 0.02 * 500 at 10, not 11). Label
// budgets, LogAction's rounds and its first selection step, LogTAD's holdout all read it.
std::int64_t share_of(double share, std::int64_t n);
// A budget b over a pool of T windows buys share_of(b, T) labels, so any positive budget buys at
// least one label.
std::int64_t labels_for_budget(double budget, std::int64_t pool_size);

// `epochs` epochs of `steps` optimiser steps each: loss_of_step() builds a step's loss, then
// zero_grad, backward, step. Returns the last epoch's mean loss (0 when nothing ran).
double run_epochs(torch::optim::Optimizer& opt, std::int64_t epochs, std::int64_t steps,
                  const std::function<torch::Tensor()>& loss_of_step);

// --- Devices ------------------------------------------------------------------------------
// A job computes on JobInputs::device (batches from a WindowBatcher built on it, models moved
// there); what the CPU side reads (scores, predictions, vectors for selection, metrics and
// HDF5) comes back through to_host before data_ptr. On the CPU, with the dtype it already has,
// to_host returns `t` itself (contiguous), so CPU results are bit for bit what they were.
torch::Tensor to_host(const torch::Tensor& t, torch::ScalarType dtype);
// The device of a module's first parameter (the CPU for a module without any): where the
// tensors a method builds for it must go.
torch::Device device_of(const torch::nn::Module& m);

// Positions 0..n-1 in consecutive chunks of `chunk` (for inference over many sequences).
std::vector<std::vector<std::int64_t>> chunks(std::int64_t n, std::int64_t chunk);

}  // namespace logsweep
