// LogAction's training procedure (see logaction.hpp for the steps and the choices made).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <random>

#include "core/models/batch.hpp"
#include "core/models/common_attention.hpp"
#include "core/models/common_train.hpp"
#include "experiments/logaction/logaction_modules.hpp"
#include "experiments/logaction/logaction.hpp"
#include "experiments/logaction/logaction_cache.hpp"
#include "experiments/logaction/logaction_units.hpp"

namespace logsweep {
namespace {

using namespace logaction_units;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The networks on the job's device, before any optimiser holds their parameters.
LogActionNets nets_on(LogActionNets nets, const torch::Device& device) {
  nets.classifier->to(device);
  if (nets.encoder) {
    nets.encoder->to(device);
    nets.discriminator->to(device);
  }
  return nets;
}

class Trainer {
 public:
  Trainer(const JobInputs& in, LogActionVariant v, const LogActionConfig& c)
      : in_(in), v_(v), c_(c), order_rng_(seed_job(in.seed)), draw_rng_(in.seed + 0x5eed0000ull),
        src_batcher_(*in.source, c.max_len, in.device), tgt_batcher_(*in.target, c.max_len, in.device),
        nets_(nets_on(LogActionNets(LogActionShape{src_batcher_.dim(), c.encoder_hidden, c.hidden, c.fc, c.guide,
                                                   /*with_encoder=*/v != LogActionVariant::NoTransfer}),
                      in.device)),
        cls_opt_(nets_.classifier->parameters(), torch::optim::AdamOptions(c.lr).weight_decay(c.weight_decay)) {
    if (nets_.encoder)
      enc_opt_ = std::make_unique<torch::optim::Adam>(encoder_params(),
                                                      torch::optim::AdamOptions(c.lr).weight_decay(c.weight_decay));
  }

  MethodResult run();

 private:
  bool uses_source() const { return v_ != LogActionVariant::NoTransfer && v_ != LogActionVariant::Supervised; }
  std::vector<torch::Tensor> encoder_params() {
    auto p = nets_.encoder->parameters();
    for (auto& t : nets_.discriminator->parameters()) p.push_back(t);
    return p;
  }
  void prepare_sets();
  double train_encoder(const std::vector<const LabelledSet*>& sets, int epochs);
  double train_classifier_epoch();
  void selection_round(std::int64_t k, int epoch, MethodResult& result);
  // The classifier's input for a batch: encoder outputs, or (wt, no encoder) the embeddings.
  torch::Tensor features(const Batch& b);
  // The units at `pos` as a batch (unit_batch with c_.dedup) and its frozen features, from the
  // encoder cache when built.
  std::pair<Batch, torch::Tensor> frozen_batch(const LabelledSet& set, const std::vector<std::int64_t>& pos);
  void build_cache();
  torch::Tensor logits_of(const WindowBatcher& batcher, const std::vector<std::int32_t>& seqs);  // eval
  struct TestPredictions {
    std::vector<std::int8_t> truth, predicted;
    std::vector<double> score;
  };
  TestPredictions predict_test();
  void evaluate(MethodResult& result);
  // Round records (report only): round 0 before the first purchase, then one per purchase; each
  // is scored on the target test part just before the next purchase, the last one after training.
  RoundRecord pool_record(int epoch) const;
  void score_round(RoundRecord& r);
  void keep_vectors(MethodResult& result);

  const JobInputs& in_;
  LogActionVariant v_;
  const LogActionConfig& c_;
  // Batch order and the algorithm's own draws (EADA's lambda, random selection) use separate
  // streams, so a change in how many windows a shuffle permutes never shifts the draws.
  std::mt19937_64 order_rng_, draw_rng_;
  WindowBatcher src_batcher_, tgt_batcher_;
  LogActionNets nets_;
  torch::optim::Adam cls_opt_;
  std::unique_ptr<torch::optim::Adam> enc_opt_;  // null without an encoder (wt)
  std::int64_t encoder_steps_ = 0, classifier_steps_ = 0;  // optimiser steps, for the record

  LabelledSet encoder_set_;   // labelled windows that pre-train the encoder
  LabelledSet base_set_;      // labelled windows the classifier always trains on
  LabelledSet selected_set_;  // bought target windows
  LabelledSet pool_set_;      // unlabelled pool windows (label_free_units) for the alignment term
  std::vector<std::int64_t> pool_, selected_, test_;
  std::int64_t initial_pool_ = 0;
  EadaAlignment eada_;  // EADA's running source free energy and alignment loss
  EncoderCache cache_;
  bool cache_valid_ = false;  // false after any encoder update or set change
  // Optional epoch selection on labelled data only (val_ratio > 0): source Train windows (target
  // Train for Supervised) and bought target windows, every 1/val_ratio-th of each held out.
  std::int64_t val_stride() const {
    return c_.val_ratio > 0 ? std::max<std::int64_t>(2, std::llround(1.0 / c_.val_ratio)) : 0;
  }
  double validation_f1();
  std::vector<std::int64_t> source_val_, target_val_;
  const WindowBatcher* val_batcher_ = nullptr;
};

void Trainer::prepare_sets() {
  const auto& S = in_.source->windows;
  const auto& T = in_.target->windows;
  test_ = T.indices(SplitRole::Test);
  pool_ = T.indices(SplitRole::Train);
  initial_pool_ = static_cast<std::int64_t>(pool_.size());
  if (test_.empty()) throw JobSkipped(fmt::format("target {} has no test windows", in_.target->name));
  if (!has_anomaly(T, test_))
    throw JobSkipped(fmt::format("target {} has no anomalous test window", in_.target->name));
  if (v_ == LogActionVariant::Supervised) {
    if (pool_.empty()) throw JobSkipped(fmt::format("target {} has no Train windows", in_.target->name));
    std::vector<std::int64_t> train;
    carve(pool_, val_stride(), train, source_val_);
    encoder_set_ = {&tgt_batcher_, window_units(T, train)};
    base_set_ = encoder_set_;
    val_batcher_ = &tgt_batcher_;
    return;
  }
  selected_set_.batcher = &tgt_batcher_;
  pool_set_.batcher = &tgt_batcher_;
  if (v_ == LogActionVariant::NoTransfer) {
    if (in_.budget <= 0) throw JobSkipped("LogAction_wt learns from bought target labels only: budget must be > 0");
    return;
  }
  std::vector<std::int64_t> train;
  carve(S.indices(SplitRole::Train), val_stride(), train, source_val_);
  val_batcher_ = &src_batcher_;
  auto pretrain = S.indices(SplitRole::Pretrain);
  if (pretrain.empty()) pretrain = train;  // chronological split: the encoder trains on source Train
  if (!has_anomaly(S, train))
    throw JobSkipped(fmt::format("source {} has no anomalous training window", in_.source->name));
  encoder_set_ = {&src_batcher_, window_units(S, pretrain)};
  base_set_ = {&src_batcher_, window_units(S, train)};
}

torch::Tensor Trainer::features(const Batch& b) {
  if (!nets_.encoder) return b.x;
  torch::NoGradGuard no_grad;
  return nets_.encoder->forward(b.x);
}

void Trainer::build_cache() {
  cache_valid_ = true;
  if (!nets_.encoder) return;  // wt: the features are the embeddings themselves
  EncoderCache::Wanted wanted;
  for (const auto* set : {&base_set_, &selected_set_, &pool_set_}) {
    if (!set->batcher) continue;
    auto& w = wanted[set->batcher];
    w.insert(w.end(), set->units.seq.begin(), set->units.seq.end());
  }
  cache_.build(nets_.encoder, std::move(wanted), c_.encoder_hidden, c_.encoder_cache_mb, c_.batch_size);
}

std::pair<Batch, torch::Tensor> Trainer::frozen_batch(const LabelledSet& set, const std::vector<std::int64_t>& pos) {
  auto b = unit_batch(*set.batcher, set.units, pos, c_.dedup);
  torch::Tensor x;
  if (nets_.encoder) x = cache_.lookup(*set.batcher, row_sequences(set.units, pos, c_.dedup));
  if (!x.defined()) x = features(b);
  return {std::move(b), std::move(x)};
}

double Trainer::train_encoder(const std::vector<const LabelledSet*>& sets, int epochs) {
  // The windows of all sets in one shuffled stream (a plain loader over their union: an epoch
  // is ceil(windows / B) steps); a batch may mix systems, each part goes through its own
  // embedding table, the CE is the mean over the whole batch's windows.
  std::vector<std::pair<std::size_t, std::int64_t>> items;
  for (std::size_t s = 0; s < sets.size(); ++s)
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(sets[s]->units.seq.size()); ++i) items.emplace_back(s, i);
  if (!nets_.encoder || items.empty() || epochs <= 0) return 0;
  cache_valid_ = false;
  BatchCycler cycler(static_cast<std::int64_t>(items.size()), c_.batch_size, order_rng_);
  double last_epoch_loss = 0;
  for (int e = 0; e < epochs; ++e) {
    double sum = 0;
    const auto steps = cycler.batches_per_pass();
    for (std::int64_t step = 0; step < steps; ++step) {
      std::vector<std::vector<std::int64_t>> per_set(sets.size());
      for (auto p : cycler.next()) per_set[items[p].first].push_back(items[p].second);
      std::vector<torch::Tensor> logits, ys, ws, pooled;
      for (std::size_t s = 0; s < sets.size(); ++s) {
        if (per_set[s].empty()) continue;
        auto b = unit_batch(*sets[s]->batcher, sets[s]->units, per_set[s], c_.dedup);
        auto h = nets_.encoder->forward(b.x);
        logits.push_back(nets_.discriminator->forward(h, b.mask));
        if (c_.contrastive_weight > 0) pooled.push_back(masked_mean(h, b.mask));
        ys.push_back(b.y);
        ws.push_back(b.weight);
      }
      auto y = torch::cat(ys);
      auto w = torch::cat(ws);
      // Count-weighted mean = the plain batch mean (merged rows carry their multiplicity).
      auto loss = weighted_cross_entropy(torch::cat(logits), y, w);
      // Optional literal reading of the paper's "contrastive learning" (off by default, the
      // code uses CE only): same-label windows of both systems pulled together. A loss over
      // pairs, so it is expanded over the merged rows' multiplicities (exact under dedup).
      if (c_.contrastive_weight > 0)
        loss = loss + c_.contrastive_weight *
                          weighted_supervised_contrastive_loss(torch::cat(pooled), y, w, c_.contrastive_temperature);
      enc_opt_->zero_grad();
      loss.backward();
      enc_opt_->step();
      ++encoder_steps_;
      sum += loss.item<double>();
    }
    last_epoch_loss = sum / static_cast<double>(std::max<std::int64_t>(steps, 1));
  }
  return last_epoch_loss;
}

double Trainer::train_classifier_epoch() {
  const bool align = c_.align_weight > 0 && uses_source() && !pool_set_.units.seq.empty();
  if (!cache_valid_) build_cache();
  const auto bs = c_.batch_size;
  // Cyclers over windows, rebuilt per epoch; the job's order rng drives every shuffle so runs
  // repeat exactly, with dedup on or off (same unit counts, same permutations).
  BatchCycler base(static_cast<std::int64_t>(base_set_.units.seq.size()), bs, order_rng_);
  BatchCycler sel(static_cast<std::int64_t>(selected_set_.units.seq.size()), bs, order_rng_);
  BatchCycler pool(static_cast<std::int64_t>(pool_set_.units.seq.size()), bs, order_rng_);
  // As in the code: one epoch = as many steps as the larger of the labelled source and the
  // unlabelled pool loaders (wt: the pool loader); the smaller sets cycle.
  const auto steps = std::max(base.batches_per_pass(), pool.batches_per_pass());
  std::uniform_real_distribution<double> unif(0.0, 1.0);
  double sum = 0;
  std::int64_t done = 0;
  for (std::int64_t step = 0; step < steps; ++step) {
    // The step's batches (source, bought, pool) go through the classifier in one call or one
    // each, whichever the measured rule says is faster at these sizes (classify_parts): the
    // same rows and losses either way; each part keeps its own rows, merged or not, and weights.
    std::vector<torch::Tensor> xs, masks;
    Batch base_b, sel_b, pool_b;
    auto add = [&](const LabelledSet& set, BatchCycler& cycler, Batch& out) {
      auto [b, x] = frozen_batch(set, cycler.next());
      xs.push_back(x);
      masks.push_back(b.mask);
      out = std::move(b);
    };
    const bool use_base = base.size() > 0, use_sel = sel.size() > 0;
    if (use_base) add(base_set_, base, base_b);
    if (use_sel) add(selected_set_, sel, sel_b);
    if (align) add(pool_set_, pool, pool_b);
    if (xs.empty()) continue;  // wt before its first purchase: nothing to learn from yet
    auto z = classify_parts(nets_.classifier, xs, masks);
    std::vector<torch::Tensor> terms;
    std::size_t k = 0;
    // Every term is a count-weighted mean over its batch's rows = the plain mean over windows.
    if (use_base) {
      const auto& zb = z[k++];
      terms.push_back(weighted_cross_entropy(zb, base_b.y, base_b.weight));
      if (align) eada_.observe_source(as_logits(zb, c_.energy), base_b.weight, c_.beta, unif(draw_rng_));
    }
    if (use_sel) {
      const auto& zs = z[k++];
      terms.push_back(weighted_cross_entropy(zs, sel_b.y, sel_b.weight));
    }
    if (align) terms.push_back(c_.align_weight * eada_.loss(as_logits(z[k++], c_.energy), pool_b.weight, c_.beta));
    auto loss = terms[0];
    for (std::size_t i = 1; i < terms.size(); ++i) loss = loss + terms[i];
    cls_opt_.zero_grad();
    loss.backward();
    cls_opt_.step();
    ++classifier_steps_;
    sum += loss.item<double>();
    ++done;
  }
  return done ? sum / static_cast<double>(done) : 0.0;
}

torch::Tensor Trainer::logits_of(const WindowBatcher& batcher, const std::vector<std::int32_t>& seqs) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  const auto n = static_cast<std::int64_t>(seqs.size());
  for (std::int64_t b = 0; b < n; b += c_.batch_size) {
    std::vector<std::int32_t> s(seqs.begin() + b, seqs.begin() + std::min(n, b + c_.batch_size));
    auto batch = batcher.make_unique(s, std::vector<std::int8_t>(s.size(), 0), std::vector<float>(s.size(), 1.0f));
    parts.push_back(nets_.classifier->forward(features(batch), batch.mask));
  }
  return parts.empty() ? torch::zeros({0, 2}, torch::TensorOptions().device(in_.device)) : torch::cat(parts);
}

void Trainer::selection_round(std::int64_t k, int epoch, MethodResult& result) {
  const auto& T = in_.target->windows;
  std::vector<double> energy, margin;
  const auto rule = logaction_selection_rule(v_);
  if (rule != SelectionRule::Random) {
    // Scores per unique sequence, broadcast to the pool's windows.
    auto groups = group_by_sequence(T, pool_);
    auto z = as_logits(logits_of(tgt_batcher_, groups.seq), c_.energy);
    auto f = to_host(free_energy(z, c_.beta), torch::kFloat64);
    auto m = to_host(energy_margin(z), torch::kFloat64);
    energy.resize(pool_.size());
    margin.resize(pool_.size());
    for (std::size_t i = 0; i < pool_.size(); ++i) {
      energy[i] = f.data_ptr<double>()[groups.group_of[i]];
      margin[i] = m.data_ptr<double>()[groups.group_of[i]];
    }
  } else {
    energy.assign(pool_.size(), 0.0);
  }
  const std::int64_t first_k = share_of(c_.first_ratio, initial_pool_);
  const auto picked = select_round(rule, energy, margin, first_k, k, draw_rng_);
  auto record = pool_record(epoch);
  const auto cut = selection_thresholds(rule, energy, margin, first_k, picked);
  record.energy_threshold = cut.energy;
  record.margin_threshold = cut.margin;
  std::vector<std::int64_t> bought;
  std::vector<char> take(pool_.size(), 0);
  for (auto p : picked) {
    take[p] = 1;
    bought.push_back(pool_[p]);
  }
  std::vector<std::int64_t> rest;
  for (std::size_t i = 0; i < pool_.size(); ++i)
    if (!take[i]) rest.push_back(pool_[i]);
  pool_ = std::move(rest);
  selected_.insert(selected_.end(), bought.begin(), bought.end());
  std::vector<std::int64_t> bought_train;
  target_val_.clear();
  carve(selected_, val_stride(), bought_train, target_val_);
  selected_set_.units = window_units(T, bought_train);
  pool_set_.units = label_free_units(T, pool_);
  cache_valid_ = false;  // the cached pool/selected sequences changed
  result.selected.push_back(bought);
  record.bought = static_cast<std::int64_t>(bought.size());
  record.bought_anomalous = count_anomalous(T, bought);
  result.rounds.push_back(record);
  if (c_.encoder_refit_epochs > 0 && nets_.encoder) {
    std::vector<const LabelledSet*> sets;
    if (uses_source()) sets.push_back(&encoder_set_);
    sets.push_back(&selected_set_);
    result.extra["encoder_refit_loss"] = train_encoder(sets, c_.encoder_refit_epochs);
  }
}

double Trainer::validation_f1() {
  std::vector<std::int8_t> truth, predicted;
  auto add = [&](const WindowBatcher* batcher, const std::vector<std::int64_t>& windows) {
    if (!batcher || windows.empty()) return;
    const auto& ws = batcher->data().windows;
    auto groups = group_by_sequence(ws, windows);
    auto p = to_host(torch::softmax(logits_of(*batcher, groups.seq), 1).select(1, 1), torch::kFloat32);
    for (std::size_t i = 0; i < windows.size(); ++i) {
      truth.push_back(ws.window_label[windows[i]] != 0 ? 1 : 0);
      predicted.push_back(p.data_ptr<float>()[groups.group_of[i]] > 0.5f ? 1 : 0);
    }
  };
  add(val_batcher_, source_val_);
  add(&tgt_batcher_, target_val_);
  return confusion(truth, predicted).f1();
}

Trainer::TestPredictions Trainer::predict_test() {
  const auto& T = in_.target->windows;
  auto groups = group_by_sequence(T, test_);
  auto p = to_host(torch::softmax(logits_of(tgt_batcher_, groups.seq), 1).select(1, 1), torch::kFloat64);
  TestPredictions out;
  for (std::size_t i = 0; i < test_.size(); ++i) {
    const double pa = p.data_ptr<double>()[groups.group_of[i]];
    out.truth.push_back(T.window_label[test_[i]] != 0 ? 1 : 0);
    out.predicted.push_back(pa > 0.5 ? 1 : 0);
    out.score.push_back(pa);
  }
  return out;
}

void Trainer::evaluate(MethodResult& result) {
  const auto t = predict_test();
  result.score(t.truth, t.predicted, t.score);
  result.n_test = static_cast<std::int64_t>(test_.size());
}

RoundRecord Trainer::pool_record(int epoch) const {
  RoundRecord r;
  r.epoch = epoch;
  r.pool = static_cast<std::int64_t>(pool_.size());
  r.pool_anomalous = count_anomalous(in_.target->windows, pool_);
  r.energy_threshold = r.margin_threshold = std::numeric_limits<double>::quiet_NaN();
  return r;
}

void Trainer::score_round(RoundRecord& r) {
  const auto t = predict_test();
  const auto c = confusion(t.truth, t.predicted);
  r.precision = c.precision();
  r.recall = c.recall();
  r.f1 = c.f1();
}

void Trainer::keep_vectors(MethodResult& result) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> rows;
  auto add = [&](const WindowBatcher& batcher, const std::vector<std::int64_t>& windows, std::int8_t system) {
    for (const auto& chunk : chunks(static_cast<std::int64_t>(windows.size()), c_.batch_size)) {
      std::vector<std::int64_t> w;
      for (auto i : chunk) w.push_back(windows[i]);
      auto b = batcher.make(w);
      rows.push_back(masked_mean(features(b), b.mask));  // wt: mean embedding (no encoder)
      for (auto i : w) {
        result.vector_labels.push_back(batcher.data().windows.window_label[i] != 0 ? 1 : 0);
        result.vector_system.push_back(system);
      }
    }
  };
  add(tgt_batcher_, spread_sample(test_, c_.vector_samples), 1);
  auto src_test = in_.source->windows.indices(SplitRole::Test);
  add(src_batcher_, spread_sample(src_test, c_.vector_samples), 0);
  if (rows.empty()) return;
  auto m = to_host(torch::cat(rows), torch::kFloat32);
  result.vectors = Matrix(static_cast<std::size_t>(m.size(0)), static_cast<std::size_t>(m.size(1)));
  std::copy(m.data_ptr<float>(), m.data_ptr<float>() + m.numel(), result.vectors.data.begin());
}

MethodResult Trainer::run() {
  MethodResult result;
  const auto t0 = Clock::now();
  prepare_sets();
  const auto t_encoder = Clock::now();
  result.extra["encoder_loss"] = train_encoder({&encoder_set_}, c_.encoder_epochs);
  result.extra["encoder_seconds"] = seconds_since(t_encoder);  // pre-training only
  result.extra["encoder_steps"] = static_cast<double>(encoder_steps_);  // pre-training only
  pool_set_.units = label_free_units(in_.target->windows, pool_);
  std::vector<std::int64_t> sizes;
  if (v_ != LogActionVariant::Supervised) sizes = round_sizes(in_.budget, c_.round_size, initial_pool_);
  const auto plan = logaction_round_plan(c_, static_cast<int>(sizes.size()));
  const auto& schedule = plan.rounds;
  std::size_t next_round = 0;
  // With validation, the classifier of the best validation epoch after the last round is kept
  // (earliest on ties); epochs before it have not seen every bought label.
  const int first_candidate = schedule.empty() ? 1 : schedule.back() + 1;
  double best_f1 = -1;
  std::vector<torch::Tensor> best_state;
  double classifier_seconds = 0;  // the classifier's epochs alone (not selection, refits, validation)
  for (int epoch = 1; epoch <= plan.epochs; ++epoch) {
    const auto t_epoch = Clock::now();
    result.extra["final_loss"] = train_classifier_epoch();
    classifier_seconds += seconds_since(t_epoch);
    while (next_round < schedule.size() && schedule[next_round] == epoch) {
      if (result.rounds.empty()) result.rounds.push_back(pool_record(epoch));  // round 0: nothing bought yet
      score_round(result.rounds.back());
      selection_round(sizes[next_round++], epoch, result);
    }
    if (c_.val_ratio > 0 && epoch >= first_candidate) {
      const double f1 = validation_f1();
      if (f1 > best_f1) {
        best_f1 = f1;
        best_state.clear();
        for (const auto& p : nets_.classifier->parameters()) best_state.push_back(p.detach().clone());
        result.extra["best_epoch"] = epoch;
        result.extra["validation_f1"] = f1;
      }
    }
  }
  if (!best_state.empty()) {
    torch::NoGradGuard no_grad;
    auto params = nets_.classifier->parameters();
    for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(best_state[i]);
  }
  // Rounds scheduled past the last epoch cannot happen (round_schedule prevents it); guard anyway.
  while (next_round < sizes.size()) selection_round(sizes[next_round++], plan.epochs, result);
  result.train_seconds = seconds_since(t0);

  const auto t1 = Clock::now();
  evaluate(result);
  // The last round's scores are the job's; budget 0 records the source-only classifier as round 0.
  if (v_ != LogActionVariant::Supervised) {
    if (result.rounds.empty()) result.rounds.push_back(pool_record(plan.epochs));
    auto& last = result.rounds.back();
    last.precision = result.precision;
    last.recall = result.recall;
    last.f1 = result.f1;
  }
  if (in_.keep_vectors) keep_vectors(result);
  result.eval_seconds = seconds_since(t1);

  result.n_labelled = v_ == LogActionVariant::Supervised ? initial_pool_ : static_cast<std::int64_t>(selected_.size());
  const auto base_windows = static_cast<std::int64_t>(base_set_.units.seq.size());  // one unit per window
  result.n_train = base_windows + (v_ == LogActionVariant::Supervised
                                       ? 0
                                       : static_cast<std::int64_t>(selected_.size() - target_val_.size()));
  result.extra["rounds"] = static_cast<double>(sizes.size());
  result.extra["classifier_epochs"] = plan.epochs;
  result.extra["classifier_steps"] = static_cast<double>(classifier_steps_);
  result.extra["classifier_seconds"] = classifier_seconds;
  result.extra["delta"] = eada_.delta();
  return result;
}

}  // namespace

SelectionRule logaction_selection_rule(LogActionVariant v) {
  switch (v) {
    case LogActionVariant::RandomSelection: return SelectionRule::Random;
    case LogActionVariant::EnergyOnly: return SelectionRule::EnergyOnly;
    case LogActionVariant::UncertaintyOnly: return SelectionRule::UncertaintyOnly;
    case LogActionVariant::NoTransfer: return SelectionRule::UncertaintyOnly;
    default: return SelectionRule::TwoStep;
  }
}

MethodResult run_logaction(const JobInputs& in, LogActionVariant variant) {
  if (!in.source || !in.target) throw Error("LogAction: job has no source or target dataset");
  if (in.budget < 0 || in.budget > 1) throw ConfigError(fmt::format("budget {} is outside [0, 1]", in.budget));
  if (in.source->embeddings.cols != in.target->embeddings.cols)
    throw InputError(fmt::format("source {} and target {} embeddings differ in width ({} vs {})", in.source->name,
                                 in.target->name, in.source->embeddings.cols, in.target->embeddings.cols));
  const auto config = logaction_params().bind(in.params);
  Trainer trainer(in, variant, config);
  return trainer.run();
}

}  // namespace logsweep
