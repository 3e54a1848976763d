#pragma once
// LogAction's active-learning maths, kept free of training so each piece can be checked by hand.
//
// Convention (EADA's): the classifier outputs logits z; the energy of class y is E(V, y) = -z_y,
// so the predicted class (argmax z) is the lowest-energy one and CE on z is CE on -E.
// (The authors' code feeds the raw outputs to CE as logits *and* to the energy formulas as
// energies, which contradicts itself; we keep one consistent reading.)
#include <torch/torch.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace logsweep {

// Which outputs are the energies. NegatedLogits (EADA's convention, logsweep's default): the
// classifier's outputs z are the logits CE reads, and E = -z. Outputs (the authors' LogAction
// code): the same raw outputs are the energies, E = z, although CE reads them as logits. The
// functions below take "logits" in the first sense; as_logits turns outputs into them.
enum class EnergyReading { NegatedLogits, Outputs };
// z for NegatedLogits, -z for Outputs: then free_energy / energy_margin / EadaAlignment compute
// the reading's F and margin.
torch::Tensor as_logits(const torch::Tensor& outputs, EnergyReading reading);

// F(V) = -beta * logsumexp(-E / beta) = -beta * logsumexp(z / beta); logits [N, K] -> [N].
// High F = the model has no low-energy (confident) class for V: "unfamiliar" to the model.
torch::Tensor free_energy(const torch::Tensor& logits, double beta);
// Gap between the two lowest energies (= two highest logits); [N, K>=2] -> [N], >= 0.
// Small margin = uncertain between classes. (Code: U = min1 E - min2 E <= 0, sorted descending.)
torch::Tensor energy_margin(const torch::Tensor& logits);

// EADA's free-energy alignment (BIT-DA/EADA core/active/loss.py; the LogAction code declares it
// with weight 0.01 but never applies it). Δ follows the source batches' count-weighted mean free
// energy with a momentum λ drawn from U(0, 1) at every step: Δ ← λ·Δ + (1 − λ)·mean F(source),
// the first step setting Δ = mean F (no gradient). The loss of an unlabelled target batch is the
// count-weighted mean of max(0, F(x) − Δ): only target windows less familiar than the source
// are pulled down.
class EadaAlignment {
 public:
  void observe_source(const torch::Tensor& source_logits, const torch::Tensor& weight, double beta, double lambda);
  torch::Tensor loss(const torch::Tensor& target_logits, const torch::Tensor& weight, double beta) const;
  double delta() const { return delta_; }
  bool started() const { return set_; }
  // A saved state back (logaction_loop.cpp: a session resumed in another process).
  void restore(double delta, bool started) {
    delta_ = delta;
    set_ = started;
  }

 private:
  double delta_ = 0;
  bool set_ = false;
};

enum class SelectionRule {
  TwoStep,          // LogAction: top first_k by F, then the k smallest margins among them
  EnergyOnly,       // ablation wu: top k by F
  UncertaintyOnly,  // ablation we: k smallest margins over the whole pool
  Random,           // ablation wa: k uniformly at random
};

// Positions (into energy/margin, i.e. into the current pool) of the k windows to buy, sorted
// ascending. Ties are broken by position (earlier first), so the result is deterministic.
// first_k is clamped to [k, pool size]. rng is used by Random only.
std::vector<std::int64_t> select_round(SelectionRule rule, const std::vector<double>& energy,
                                       const std::vector<double>& margin, std::int64_t first_k,
                                       std::int64_t k, std::mt19937_64& rng);

// The cut-offs a round's rule applied, for the record: the lowest free energy the energy step
// kept (TwoStep: the first_k-th highest F of the pool; EnergyOnly: the lowest F bought) and the
// largest margin the margin step bought (TwoStep, UncertaintyOnly); NaN where the rule has no
// such step (Random: both). `picked` = select_round's positions; first_k as given to it.
struct SelectionThresholds {
  double energy = 0, margin = 0;
};
SelectionThresholds selection_thresholds(SelectionRule rule, const std::vector<double>& energy,
                                         const std::vector<double>& margin, std::int64_t first_k,
                                         const std::vector<std::int64_t>& picked);

// Labels bought per round. total = labels_for_budget(budget, T); rounds = ceil(budget / round_size);
// the cumulative purchase after round r is min(total, share_of(min((r+1)*round_size, budget), T))
// (core/models/common_train.hpp: the one rounding rule), so
// budget 0.02 with round_size 0.01 is 2 rounds of 1% and a last partial round takes the
// remainder (0.025 -> 1%, 1%, 0.5%). T = initial pool size. Budget 0 = no rounds.
std::vector<std::int64_t> round_sizes(double budget, double round_size, std::int64_t pool_size);

// When the rounds run and how long the classifier trains: rounds[r] = the epoch (1-based)
// after whose training round r buys its labels; `epochs` = classifier epochs in all.
struct RoundPlan {
  std::vector<int> rounds;
  int epochs = 0;
};

// The default schedule, the paper's spacing for any number of rounds (the paper runs 2 rounds,
// after epochs 10 and 20 of 60: 10 epochs between rounds, 40 after the last). Round r (1-based)
// runs after epoch r * every, and the classifier trains `after_last` more epochs after the last
// round: epochs = n_rounds * every + after_last. Without rounds (budget 0, Supervised) it trains
// `no_round_epochs`. every = 10, after_last = 40: 2 rounds -> {10, 20}, 60 epochs (the paper);
// 10 rounds of 0.5% (RQ2's 5%) -> {10, 20, ..., 100}, 140 epochs.
RoundPlan periodic_rounds(int n_rounds, int every, int after_last, int no_round_epochs);

// Epochs (1-based; selection happens after training that epoch) of n rounds, for explicitly
// listed round epochs and a fixed total of `epochs`. `listed` are the configured round epochs;
// when more rounds are needed the last listed gap is repeated; when the schedule would pass
// epochs - 1 (no epoch left to learn from the last round) the rounds are spread evenly from the
// first listed epoch to epochs - 1. Non-decreasing result.
std::vector<int> round_schedule(int n_rounds, const std::vector<int>& listed, int epochs);
// "10,20" -> {10, 20}; throws ConfigError (field = name) on a malformed or non-increasing list.
std::vector<int> parse_epoch_list(const std::string& text, const std::string& name);

}  // namespace logsweep
