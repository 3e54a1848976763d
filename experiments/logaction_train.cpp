// LogAction's training procedure (see logaction.hpp for the steps and the choices made).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <algorithm>
#include <map>
#include <random>

#include "core/models/batch.hpp"
#include "core/models/common_attention.hpp"
#include "core/models/common_train.hpp"
#include "core/models/logaction_modules.hpp"
#include "experiments/logaction.hpp"
#include "experiments/logaction_units.hpp"

namespace logsweep {
namespace {

using namespace logaction_units;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

class Trainer {
 public:
  Trainer(const JobInputs& in, LogActionVariant v, const LogActionConfig& c)
      : in_(in), v_(v), c_(c), order_rng_(seed_job(in.seed)), draw_rng_(in.seed + 0x5eed0000ull),
        src_batcher_(*in.source, c.max_len), tgt_batcher_(*in.target, c.max_len),
        nets_(LogActionShape{src_batcher_.dim(), c.encoder_hidden, c.hidden, c.fc, c.guide}),
        enc_opt_(encoder_params(), torch::optim::AdamOptions(c.lr).weight_decay(c.weight_decay)),
        cls_opt_(nets_.classifier->parameters(), torch::optim::AdamOptions(c.lr).weight_decay(c.weight_decay)) {}

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
  // Classifier logits of several batches [B_i, L_i, H] in one forward, split back per batch.
  std::vector<torch::Tensor> classify_together(const std::vector<torch::Tensor>& xs, const std::vector<torch::Tensor>& masks);
  void selection_round(std::int64_t k, MethodResult& result);
  torch::Tensor encode(const Batch& b, bool grad);
  // Frozen-encoder outputs of the units' sequences: from the cache when built, else computed.
  torch::Tensor encoded(const WindowBatcher& batcher, const UniqueWindows& u, const std::vector<std::int64_t>& pos,
                        const Batch& b);
  void build_cache();
  torch::Tensor logits_of(const WindowBatcher& batcher, const std::vector<std::int32_t>& seqs);  // eval
  void evaluate(MethodResult& result);
  void keep_vectors(MethodResult& result);

  const JobInputs& in_;
  LogActionVariant v_;
  const LogActionConfig& c_;
  // Batch order and the algorithm's own draws (EADA's lambda, random selection) use separate
  // streams, so that how many units a shuffle permutes (which de-duplication changes) does not
  // shift the draws: with full batches dedup on and off then give the same run.
  std::mt19937_64 order_rng_, draw_rng_;
  WindowBatcher src_batcher_, tgt_batcher_;
  LogActionNets nets_;
  torch::optim::Adam enc_opt_, cls_opt_;

  LabelledSet encoder_set_;   // labelled windows that pre-train the encoder
  LabelledSet base_set_;      // labelled windows the classifier always trains on
  LabelledSet selected_set_;  // bought target windows
  std::vector<std::int64_t> pool_, selected_, test_;
  std::int64_t initial_pool_ = 0;
  UniqueWindows pool_units_;
  double delta_ = 0;  // EADA's running source free energy
  bool delta_set_ = false;
  // The encoder is frozen while the classifier trains, so its outputs for the training and pool
  // sequences are computed once per encoder state (it changes only at refits) instead of at
  // every step, when they fit in encoder_cache_mb.
  struct Cache {
    std::vector<std::int64_t> row;  // per unique sequence of the dataset; -1 = not cached
    torch::Tensor data;             // [rows, L, H_enc]
  };
  std::map<const WindowBatcher*, Cache> cache_;
  bool cache_valid_ = false;
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
    encoder_set_ = {&tgt_batcher_, training_units(T, train, c_.dedup)};
    base_set_ = encoder_set_;
    val_batcher_ = &tgt_batcher_;
    return;
  }
  selected_set_.batcher = &tgt_batcher_;
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
  encoder_set_ = {&src_batcher_, training_units(S, pretrain, c_.dedup)};
  base_set_ = {&src_batcher_, training_units(S, train, c_.dedup)};
}

torch::Tensor Trainer::encode(const Batch& b, bool grad) {
  if (grad) return nets_.encoder->forward(b.x);
  torch::NoGradGuard no_grad;
  return nets_.encoder->forward(b.x);
}

void Trainer::build_cache() {
  cache_valid_ = true;
  cache_.clear();
  std::map<const WindowBatcher*, std::vector<std::int32_t>> wanted;
  auto want = [&](const WindowBatcher* b, const std::vector<std::int32_t>& seqs) {
    auto& w = wanted[b];
    w.insert(w.end(), seqs.begin(), seqs.end());
  };
  if (base_set_.batcher) want(base_set_.batcher, base_set_.units.seq);
  want(&tgt_batcher_, pool_units_.seq);
  want(&tgt_batcher_, selected_set_.units.seq);
  double bytes = 0;
  for (auto& [b, seqs] : wanted) {
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    bytes += static_cast<double>(seqs.size()) * b->max_len() * c_.encoder_hidden * sizeof(float);
  }
  if (bytes > static_cast<double>(c_.encoder_cache_mb) * 1024.0 * 1024.0) return;  // compute per step
  torch::NoGradGuard no_grad;
  for (auto& [b, seqs] : wanted) {
    Cache c;
    c.row.assign(b->data().windows.unique_sequences(), -1);
    std::vector<torch::Tensor> parts;
    for (std::size_t i = 0; i < seqs.size(); i += static_cast<std::size_t>(c_.batch_size)) {
      std::vector<std::int32_t> s(seqs.begin() + i, seqs.begin() + std::min(seqs.size(), i + c_.batch_size));
      auto batch = b->make_unique(s, std::vector<std::int8_t>(s.size(), 0), std::vector<float>(s.size(), 1.0f));
      parts.push_back(nets_.encoder->forward(batch.x));
    }
    for (std::size_t i = 0; i < seqs.size(); ++i) c.row[seqs[i]] = static_cast<std::int64_t>(i);
    if (!parts.empty()) c.data = torch::cat(parts);
    cache_[b] = std::move(c);
  }
}

torch::Tensor Trainer::encoded(const WindowBatcher& batcher, const UniqueWindows& u,
                               const std::vector<std::int64_t>& pos, const Batch& b) {
  auto it = cache_.find(&batcher);
  if (it != cache_.end() && it->second.data.defined()) {
    std::vector<std::int64_t> rows;
    rows.reserve(pos.size());
    for (auto p : pos) rows.push_back(it->second.row[u.seq[p]]);
    if (std::find(rows.begin(), rows.end(), -1) == rows.end())
      return it->second.data.index_select(0, torch::tensor(rows, torch::kInt64));
  }
  return encode(b, false);
}

double Trainer::train_encoder(const std::vector<const LabelledSet*>& sets, int epochs) {
  // Units of all sets in one shuffled stream; a batch may mix systems, each part goes through
  // its own embedding table, the CE is taken over the whole batch.
  std::vector<std::pair<std::size_t, std::int64_t>> items;
  for (std::size_t s = 0; s < sets.size(); ++s)
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(sets[s]->units.seq.size()); ++i) items.emplace_back(s, i);
  if (items.empty() || epochs <= 0) return 0;
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
        auto b = unique_batch(*sets[s]->batcher, sets[s]->units, per_set[s]);
        auto h = nets_.encoder->forward(b.x);
        logits.push_back(nets_.discriminator->forward(h, b.mask));
        if (c_.contrastive_weight > 0) pooled.push_back(masked_mean(h, b.mask));
        ys.push_back(b.y);
        ws.push_back(b.weight);
      }
      auto y = torch::cat(ys);
      auto loss = weighted_cross_entropy(torch::cat(logits), y, torch::cat(ws));
      // Optional literal reading of the paper's "contrastive learning" (off by default, the
      // code uses CE only): same-label windows of both systems pulled together. Unweighted by
      // de-duplication counts (an approximation when dedup is on).
      if (c_.contrastive_weight > 0)
        loss = loss + c_.contrastive_weight * supervised_contrastive_loss(torch::cat(pooled), y, c_.contrastive_temperature);
      enc_opt_.zero_grad();
      loss.backward();
      enc_opt_.step();
      sum += loss.item<double>();
    }
    last_epoch_loss = sum / static_cast<double>(std::max<std::int64_t>(steps, 1));
  }
  return last_epoch_loss;
}

std::vector<torch::Tensor> Trainer::classify_together(const std::vector<torch::Tensor>& xs,
                                                      const std::vector<torch::Tensor>& masks) {
  if (xs.size() == 1) return {nets_.classifier->forward(xs[0], masks[0])};
  std::int64_t len = 0;
  std::vector<std::int64_t> rows;
  for (const auto& x : xs) {
    len = std::max(len, x.size(1));
    rows.push_back(x.size(0));
  }
  std::vector<torch::Tensor> px, pm;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const auto pad = len - xs[i].size(1);
    px.push_back(pad ? torch::constant_pad_nd(xs[i], {0, 0, 0, pad}) : xs[i]);
    pm.push_back(pad ? torch::constant_pad_nd(masks[i], {0, pad}) : masks[i]);
  }
  return nets_.classifier->forward(torch::cat(px), torch::cat(pm)).split_with_sizes(rows);
}

double Trainer::train_classifier_epoch() {
  const bool align = c_.align_weight > 0 && uses_source() && !pool_units_.seq.empty();
  if (!cache_valid_) build_cache();
  const auto bs = c_.batch_size;
  // Cyclers are rebuilt per epoch; the job's order rng drives every shuffle so runs repeat exactly.
  BatchCycler base(static_cast<std::int64_t>(base_set_.units.seq.size()), bs, order_rng_);
  BatchCycler sel(static_cast<std::int64_t>(selected_set_.units.seq.size()), bs, order_rng_);
  BatchCycler pool(static_cast<std::int64_t>(pool_units_.seq.size()), bs, order_rng_);
  // As in the code: one epoch = as many steps as the larger of the labelled source and the
  // unlabelled pool loaders; the smaller sets cycle.
  const auto steps = std::max(base.batches_per_pass(), pool.batches_per_pass());
  std::uniform_real_distribution<double> unif(0.0, 1.0);
  double sum = 0;
  std::int64_t done = 0;
  for (std::int64_t step = 0; step < steps; ++step) {
    // The step's batches (source, bought, pool) go through the classifier in one call: a third
    // of the LSTM dispatches, which dominate at small widths (BENCHMARKS.md), and the same rows
    // and losses as separate calls (unidirectional LSTM, padded steps masked).
    std::vector<torch::Tensor> xs, masks;
    Batch base_b, sel_b, pool_b;
    const bool use_base = base.size() > 0, use_sel = sel.size() > 0;
    if (use_base) {
      const auto pos = base.next();
      base_b = unique_batch(*base_set_.batcher, base_set_.units, pos);
      xs.push_back(encoded(*base_set_.batcher, base_set_.units, pos, base_b));
      masks.push_back(base_b.mask);
    }
    if (use_sel) {
      const auto pos = sel.next();
      sel_b = unique_batch(tgt_batcher_, selected_set_.units, pos);
      xs.push_back(encoded(tgt_batcher_, selected_set_.units, pos, sel_b));
      masks.push_back(sel_b.mask);
    }
    if (align) {
      const auto pos = pool.next();
      pool_b = unique_batch(tgt_batcher_, pool_units_, pos);
      xs.push_back(encoded(tgt_batcher_, pool_units_, pos, pool_b));
      masks.push_back(pool_b.mask);
    }
    if (xs.empty()) continue;  // wt before its first purchase: nothing to learn from yet
    auto z = classify_together(xs, masks);
    std::vector<torch::Tensor> terms;
    std::size_t k = 0;
    if (use_base) {
      const auto& zb = z[k++];
      terms.push_back(weighted_cross_entropy(zb, base_b.y, base_b.weight));
      if (align) {
        const auto f = free_energy(zb.detach(), c_.beta);
        const double mean_f = ((f * base_b.weight).sum() / base_b.weight.sum()).item<double>();
        const double lambda = unif(draw_rng_);
        delta_ = delta_set_ ? lambda * delta_ + (1 - lambda) * mean_f : mean_f;
        delta_set_ = true;
      }
    }
    if (use_sel) {
      const auto& zs = z[k++];
      terms.push_back(weighted_cross_entropy(zs, sel_b.y, sel_b.weight));
    }
    if (align) {
      auto f = free_energy(z[k++], c_.beta);
      auto l_align = ((f - delta_).clamp_min(0) * pool_b.weight).sum() / pool_b.weight.sum();
      terms.push_back(c_.align_weight * l_align);
    }
    auto loss = terms[0];
    for (std::size_t i = 1; i < terms.size(); ++i) loss = loss + terms[i];
    cls_opt_.zero_grad();
    loss.backward();
    cls_opt_.step();
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
    parts.push_back(nets_.classifier->forward(nets_.encoder->forward(batch.x), batch.mask));
  }
  return parts.empty() ? torch::zeros({0, 2}) : torch::cat(parts);
}

void Trainer::selection_round(std::int64_t k, MethodResult& result) {
  const auto& T = in_.target->windows;
  std::vector<double> energy, margin;
  const auto rule = logaction_selection_rule(v_);
  if (rule != SelectionRule::Random) {
    // Scores per unique sequence, broadcast to the pool's windows.
    auto groups = group_by_sequence(T, pool_);
    auto z = logits_of(tgt_batcher_, groups.seq);
    auto f = free_energy(z, c_.beta).to(torch::kFloat64).contiguous();
    auto m = energy_margin(z).to(torch::kFloat64).contiguous();
    energy.resize(pool_.size());
    margin.resize(pool_.size());
    for (std::size_t i = 0; i < pool_.size(); ++i) {
      energy[i] = f.data_ptr<double>()[groups.group_of[i]];
      margin[i] = m.data_ptr<double>()[groups.group_of[i]];
    }
  } else {
    energy.assign(pool_.size(), 0.0);
  }
  const auto first_k = static_cast<std::int64_t>(std::ceil(c_.first_ratio * static_cast<double>(initial_pool_) - 1e-9));
  const auto picked = select_round(rule, energy, margin, first_k, k, draw_rng_);
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
  selected_set_.units = training_units(T, bought_train, c_.dedup);
  pool_units_ = unlabelled_units(T, pool_);
  cache_valid_ = false;  // the cached pool/selected sequences changed
  result.selected.push_back(bought);
  if (c_.encoder_refit_epochs > 0) {
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
    auto p = torch::softmax(logits_of(*batcher, groups.seq), 1).select(1, 1).contiguous();
    for (std::size_t i = 0; i < windows.size(); ++i) {
      truth.push_back(ws.window_label[windows[i]] != 0 ? 1 : 0);
      predicted.push_back(p.data_ptr<float>()[groups.group_of[i]] > 0.5f ? 1 : 0);
    }
  };
  add(val_batcher_, source_val_);
  add(&tgt_batcher_, target_val_);
  return confusion(truth, predicted).f1();
}

void Trainer::evaluate(MethodResult& result) {
  const auto& T = in_.target->windows;
  auto groups = group_by_sequence(T, test_);
  auto p = torch::softmax(logits_of(tgt_batcher_, groups.seq), 1).select(1, 1).to(torch::kFloat64).contiguous();
  std::vector<std::int8_t> truth, predicted;
  std::vector<double> score;
  for (std::size_t i = 0; i < test_.size(); ++i) {
    const double pa = p.data_ptr<double>()[groups.group_of[i]];
    truth.push_back(T.window_label[test_[i]] != 0 ? 1 : 0);
    predicted.push_back(pa > 0.5 ? 1 : 0);
    score.push_back(pa);
  }
  result.score(truth, predicted, score);
  result.n_test = static_cast<std::int64_t>(test_.size());
}

void Trainer::keep_vectors(MethodResult& result) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> rows;
  auto add = [&](const WindowBatcher& batcher, const std::vector<std::int64_t>& windows, std::int8_t system) {
    for (const auto& chunk : chunks(static_cast<std::int64_t>(windows.size()), c_.batch_size)) {
      std::vector<std::int64_t> w;
      for (auto i : chunk) w.push_back(windows[i]);
      auto b = batcher.make(w);
      rows.push_back(masked_mean(nets_.encoder->forward(b.x), b.mask));
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
  auto m = torch::cat(rows).contiguous();
  result.vectors = Matrix(static_cast<std::size_t>(m.size(0)), static_cast<std::size_t>(m.size(1)));
  std::copy(m.data_ptr<float>(), m.data_ptr<float>() + m.numel(), result.vectors.data.begin());
}

MethodResult Trainer::run() {
  MethodResult result;
  const auto t0 = Clock::now();
  prepare_sets();
  result.extra["encoder_loss"] = train_encoder({&encoder_set_}, v_ == LogActionVariant::NoTransfer ? 0 : c_.encoder_epochs);
  pool_units_ = unlabelled_units(in_.target->windows, pool_);
  std::vector<std::int64_t> sizes;
  if (v_ != LogActionVariant::Supervised) sizes = round_sizes(in_.budget, c_.round_size, initial_pool_);
  const auto schedule = round_schedule(static_cast<int>(sizes.size()), c_.round_epochs, c_.epochs);
  std::size_t next_round = 0;
  // With validation, the classifier of the best validation epoch after the last round is kept
  // (earliest on ties); epochs before it have not seen every bought label.
  const int first_candidate = schedule.empty() ? 1 : schedule.back() + 1;
  double best_f1 = -1;
  std::vector<torch::Tensor> best_state;
  for (int epoch = 1; epoch <= c_.epochs; ++epoch) {
    result.extra["final_loss"] = train_classifier_epoch();
    while (next_round < schedule.size() && schedule[next_round] == epoch) selection_round(sizes[next_round++], result);
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
  while (next_round < sizes.size()) selection_round(sizes[next_round++], result);
  result.train_seconds = seconds_since(t0);

  const auto t1 = Clock::now();
  evaluate(result);
  if (in_.keep_vectors) keep_vectors(result);
  result.eval_seconds = seconds_since(t1);

  result.n_labelled = v_ == LogActionVariant::Supervised ? initial_pool_ : static_cast<std::int64_t>(selected_.size());
  std::int64_t base_windows = 0;
  for (auto c : base_set_.units.count) base_windows += static_cast<std::int64_t>(c);
  result.n_train = base_windows + (v_ == LogActionVariant::Supervised
                                       ? 0
                                       : static_cast<std::int64_t>(selected_.size() - target_val_.size()));
  result.extra["rounds"] = static_cast<double>(sizes.size());
  result.extra["delta"] = delta_;
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
  const auto config = logaction_config(in.params);
  Trainer trainer(in, variant, config);
  return trainer.run();
}

}  // namespace logsweep
