// LogAction's training procedure (see logaction.hpp for the steps and the choices made).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <unordered_map>

#include "core/models/batch.hpp"
#include "core/models/common_attention.hpp"
#include "core/models/common_train.hpp"
#include "experiments/logaction/logaction_modules.hpp"
#include "experiments/logaction/logaction.hpp"
#include "experiments/logaction/logaction_cache.hpp"
#include "experiments/logaction/logaction_trainer.hpp"
#include "experiments/logaction/logaction_units.hpp"

namespace logsweep {

using namespace logaction_units;

namespace {

// The networks on the job's device, before any optimiser holds their parameters.
LogActionNets nets_on(LogActionNets nets, const torch::Device& device) {
  nets.classifier->to(device);
  if (nets.encoder) {
    nets.encoder->to(device);
    nets.discriminator->to(device);
  }
  return nets;
}

}  // namespace

LogActionLoop::Trainer::Trainer(const JobInputs& in, LogActionVariant v, LoopOptions o)
    : in_(in), v_(v), o_(o), c_(logaction_params().bind(in.params)), order_rng_(seed_job(in.seed)),
      draw_rng_(in.seed + 0x5eed0000ull), src_batcher_(*in.source, c_.max_len, in.device),
      tgt_batcher_(*in.target, c_.max_len, in.device),
      nets_(nets_on(LogActionNets(LogActionShape{src_batcher_.dim(), c_.encoder_hidden, c_.hidden, c_.fc, c_.guide,
                                                 /*with_encoder=*/v != LogActionVariant::NoTransfer}),
                    in.device)),
      cls_opt_(nets_.classifier->parameters(), torch::optim::AdamOptions(c_.lr).weight_decay(c_.weight_decay)) {
  if (nets_.encoder)
    enc_opt_ = std::make_unique<torch::optim::Adam>(encoder_params(),
                                                    torch::optim::AdamOptions(c_.lr).weight_decay(c_.weight_decay));
  prepare_sets();
}

std::vector<torch::Tensor> LogActionLoop::Trainer::encoder_params() {
  auto p = nets_.encoder->parameters();
  for (auto& t : nets_.discriminator->parameters()) p.push_back(t);
  return p;
}

void LogActionLoop::Trainer::prepare_sets() {
  const auto& S = in_.source->windows;
  const auto& T = in_.target->windows;
  test_ = T.indices(SplitRole::Test);
  pool_ = T.indices(SplitRole::Train);
  initial_pool_ = static_cast<std::int64_t>(pool_.size());
  if (test_.empty()) throw JobSkipped(fmt::format("target {} has no test windows", in_.target->name));
  if (o_.truth_known && !has_anomaly(T, test_))
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

torch::Tensor LogActionLoop::Trainer::features(const Batch& b) {
  if (!nets_.encoder) return b.x;
  torch::NoGradGuard no_grad;
  return nets_.encoder->forward(b.x);
}

void LogActionLoop::Trainer::build_cache() {
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

std::pair<Batch, torch::Tensor> LogActionLoop::Trainer::frozen_batch(const LabelledSet& set, const std::vector<std::int64_t>& pos) {
  auto b = unit_batch(*set.batcher, set.units, pos, c_.dedup);
  torch::Tensor x;
  if (nets_.encoder) x = cache_.lookup(*set.batcher, row_sequences(set.units, pos, c_.dedup));
  if (!x.defined()) x = features(b);
  return {std::move(b), std::move(x)};
}

double LogActionLoop::Trainer::train_encoder(const std::vector<const LabelledSet*>& sets, int epochs) {
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

double LogActionLoop::Trainer::train_classifier_epoch() {
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

torch::Tensor logaction_logits(LogActionNets& nets, const WindowBatcher& batcher,
                               const std::vector<std::int32_t>& seqs, std::int64_t batch_size) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  const auto n = static_cast<std::int64_t>(seqs.size());
  for (std::int64_t b = 0; b < n; b += batch_size) {
    std::vector<std::int32_t> s(seqs.begin() + b, seqs.begin() + std::min(n, b + batch_size));
    auto batch = batcher.make_unique(s, std::vector<std::int8_t>(s.size(), 0), std::vector<float>(s.size(), 1.0f));
    auto x = nets.encoder ? nets.encoder->forward(batch.x) : batch.x;  // wt: the embeddings themselves
    parts.push_back(nets.classifier->forward(x, batch.mask));
  }
  return parts.empty() ? torch::zeros({0, 2}, torch::TensorOptions().device(batcher.device())) : torch::cat(parts);
}

torch::Tensor LogActionLoop::Trainer::logits_of(const WindowBatcher& batcher, const std::vector<std::int32_t>& seqs) {
  return logaction_logits(nets_, batcher, seqs, c_.batch_size);
}

namespace {

const char* rule_words(SelectionRule rule) {
  switch (rule) {
    case SelectionRule::TwoStep: return "highest free energy, then smallest energy margin";
    case SelectionRule::EnergyOnly: return "highest free energy";
    case SelectionRule::UncertaintyOnly: return "smallest energy margin";
    case SelectionRule::Random: return "random";
  }
  return "?";
}

}  // namespace

Purchase LogActionLoop::Trainer::propose(std::int64_t k, int epoch) {
  const auto& T = in_.target->windows;
  const double nan = std::numeric_limits<double>::quiet_NaN();
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
  pending_ = select_round(rule, energy, margin, first_k, k, draw_rng_);
  pending_record_ = pool_record(epoch);
  const auto cut = selection_thresholds(rule, energy, margin, first_k, pending_);
  pending_record_.energy_threshold = cut.energy;
  pending_record_.margin_threshold = cut.margin;
  Purchase p;
  p.round = static_cast<int>(next_round_);
  p.rounds = static_cast<int>(sizes_.size());
  p.epoch = epoch;
  p.reason = rule_words(rule);
  for (auto i : pending_) {
    p.windows.push_back(pool_[i]);
    p.energy.push_back(rule == SelectionRule::Random ? nan : energy[i]);
    p.margin.push_back(rule == SelectionRule::Random ? nan : margin[i]);
  }
  // What a person sees beside each window (reads no label and changes no state).
  auto groups = group_by_sequence(T, p.windows);
  auto prob = to_host(torch::softmax(logits_of(tgt_batcher_, groups.seq), 1).select(1, 1), torch::kFloat64);
  for (std::size_t i = 0; i < p.windows.size(); ++i) p.probability.push_back(prob.data_ptr<double>()[groups.group_of[i]]);
  return p;
}

void LogActionLoop::Trainer::rebuild_target_sets() {
  std::vector<std::int64_t> bought_train;
  target_val_.clear();
  carve(selected_, val_stride(), bought_train, target_val_);
  selected_set_.units = bought_units(bought_train);
  pool_set_.units = label_free_units(in_.target->windows, pool_);
  cache_valid_ = false;  // the cached pool/selected sequences changed
}

UniqueWindows LogActionLoop::Trainer::bought_units(const std::vector<std::int64_t>& windows) const {
  auto u = window_units(in_.target->windows, windows);  // one unit per window, in order
  std::unordered_map<std::int64_t, std::int8_t> answer_of;
  for (std::size_t i = 0; i < selected_.size(); ++i) answer_of[selected_[i]] = answers_[i];
  for (std::size_t i = 0; i < windows.size(); ++i) u.label[i] = answer_of.at(windows[i]);
  return u;
}

void LogActionLoop::Trainer::accept(const std::vector<std::int8_t>& labels) {
  std::vector<std::int64_t> bought;
  std::vector<char> take(pool_.size(), 0);
  for (auto p : pending_) {
    take[p] = 1;
    bought.push_back(pool_[p]);
  }
  std::vector<std::int64_t> rest;
  for (std::size_t i = 0; i < pool_.size(); ++i)
    if (!take[i]) rest.push_back(pool_[i]);
  pool_ = std::move(rest);
  pending_.clear();
  selected_.insert(selected_.end(), bought.begin(), bought.end());
  for (auto l : labels) answers_.push_back(l != 0 ? 1 : 0);
  rebuild_target_sets();
  result_.selected.push_back(bought);
  auto record = pending_record_;
  record.bought = static_cast<std::int64_t>(bought.size());
  record.bought_anomalous = 0;
  for (auto l : labels) record.bought_anomalous += l != 0 ? 1 : 0;
  result_.rounds.push_back(record);
  if (c_.encoder_refit_epochs > 0 && nets_.encoder) {
    std::vector<const LabelledSet*> sets;
    if (uses_source()) sets.push_back(&encoder_set_);
    sets.push_back(&selected_set_);
    result_.extra["encoder_refit_loss"] = train_encoder(sets, c_.encoder_refit_epochs);
  }
}

double LogActionLoop::Trainer::validation_f1() {
  std::vector<std::int8_t> truth, predicted;
  // labels: the source's own, the target's as answered.
  auto add = [&](const WindowBatcher* batcher, const std::vector<std::int64_t>& windows,
                 const std::vector<std::int8_t>& labels) {
    if (!batcher || windows.empty()) return;
    const auto& ws = batcher->data().windows;
    auto groups = group_by_sequence(ws, windows);
    auto p = to_host(torch::softmax(logits_of(*batcher, groups.seq), 1).select(1, 1), torch::kFloat32);
    for (std::size_t i = 0; i < windows.size(); ++i) {
      truth.push_back(labels[i] != 0 ? 1 : 0);
      predicted.push_back(p.data_ptr<float>()[groups.group_of[i]] > 0.5f ? 1 : 0);
    }
  };
  if (val_batcher_) {
    std::vector<std::int8_t> own;
    for (auto w : source_val_) own.push_back(val_batcher_->data().windows.window_label[w]);
    add(val_batcher_, source_val_, own);
  }
  add(&tgt_batcher_, target_val_, bought_units(target_val_).label);
  return confusion(truth, predicted).f1();
}

LogActionLoop::Trainer::TestPredictions LogActionLoop::Trainer::predict_test() {
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

void LogActionLoop::Trainer::evaluate(MethodResult& result) {
  result.n_test = static_cast<std::int64_t>(test_.size());
  if (!o_.truth_known) {
    result.precision = result.recall = result.f1 = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  const auto t = predict_test();
  result.score(t.truth, t.predicted, t.score);
  result.n_test = static_cast<std::int64_t>(test_.size());
}

RoundRecord LogActionLoop::Trainer::pool_record(int epoch) const {
  RoundRecord r;
  r.epoch = epoch;
  r.pool = static_cast<std::int64_t>(pool_.size());
  r.pool_anomalous = o_.truth_known ? count_anomalous(in_.target->windows, pool_) : -1;
  r.energy_threshold = r.margin_threshold = std::numeric_limits<double>::quiet_NaN();
  return r;
}

void LogActionLoop::Trainer::score_round(RoundRecord& r) {
  if (!o_.truth_known) {
    r.precision = r.recall = r.f1 = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  const auto t = predict_test();
  const auto c = confusion(t.truth, t.predicted);
  r.precision = c.precision();
  r.recall = c.recall();
  r.f1 = c.f1();
}

void LogActionLoop::Trainer::keep_vectors(MethodResult& result) {
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

SelectionRule logaction_selection_rule(LogActionVariant v) {
  switch (v) {
    case LogActionVariant::RandomSelection: return SelectionRule::Random;
    case LogActionVariant::EnergyOnly: return SelectionRule::EnergyOnly;
    case LogActionVariant::UncertaintyOnly: return SelectionRule::UncertaintyOnly;
    case LogActionVariant::NoTransfer: return SelectionRule::UncertaintyOnly;
    default: return SelectionRule::TwoStep;
  }
}

}  // namespace logsweep
