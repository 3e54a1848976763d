// LogSynergy (paper + code DDUtian/LogSynergy: run/train.py, MTLog/*, loss_funcs/*).
//
// Data as the code's LogAdaptationDataset: n_s source windows (a random sample of at most
// `source_windows`) and the target pool (the code: the first 5,000 target sequences, all
// labelled; here the pool of which the budget's sample is bought). An epoch runs over
// N = max(n_s, n_t) positions k in a fresh random order, in ceil(N / B) batches; position k
// pairs source window k mod n_s with target window k mod n_t, as the code's idx % len.
//
// Loss per step (trainer.compute_loss):
//   CE_anomaly(source) + CE_anomaly(bought target rows)        two class-weighted means, 1:1
//   + system_weight * CE_system(specific half; sources vs the target)
//   + club_weight * CLUB(unified, specific)                     over source and target rows
//   + daan_weight * DAAN(unified; source vs target)             factors 0.05 / 0.01 inside
// optimised by AdamW with HF's linear warm-up/decay and gradient clipping. The code never
// optimises CLUB, the system classifier or the discriminators (trainer attributes, not model
// parameters); with train_auxiliary (default) logsweep trains them: the system classifier and
// the discriminators in the main optimiser, CLUB's q(y|x) by its own Adam on detached features
// one step before each main step. The model of the last epoch is scored (code: eval_epoch 10).
// LEI: event interpretations live in the embedder layer (a template->text file, default the
// template itself); the method sees ordinary embeddings.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/models/baseline_common.hpp"
#include "core/models/common_train.hpp"
#include "core/models/logsynergy_model.hpp"
#include "experiments/baselines.hpp"
#include "experiments/registry.hpp"

namespace logsweep {
namespace {

ParamSchema logsynergy_schema() {
  ParamSchema s("LogSynergy");
  s.add("d_model", std::int64_t{768}, std::int64_t{32}, "Transformer width (code: BERT hidden 768)", 1, 65536);
  s.add("heads", std::int64_t{12}, std::int64_t{2}, "attention heads (paper/code: 12)", 1, 1024);
  s.add("layers", std::int64_t{6}, std::int64_t{1}, "encoder layers (paper/code: 6)", 1, 64);
  s.add("ffn", std::int64_t{2048}, std::int64_t{64}, "feed-forward width (paper/code: 2048)", 1, 1 << 20);
  s.add("hidden", std::int64_t{256}, std::int64_t{32}, "head width before the features (paper/code: 256)", 1, 65536);
  s.add("feature", std::int64_t{64}, "feature width; first half unified, second half specific (paper/code: 64)", 2,
        65536);
  s.add("dropout", 0.1, 0.0,
        "BERT hidden/attention dropout and the feature dropout (code: 0.1); the pooled output gets twice it "
        "(code: 0.2)",
        0, 1);
  s.add("anomaly_weight", 0.75, "class weight of anomalies in both CE terms; normal gets 1 − it (code: 0.75)", 0, 1);
  s.add("system_weight", 1.0, "weight of the system-classifier CE (code: 1)", 0, 1e6);
  s.add("club_weight", 0.01, "weight of the CLUB mutual-information bound (paper/code: 0.01)", 0, 1e6);
  s.add("club_hidden", std::int64_t{16}, "hidden width of CLUB's mu/logvar networks (code: CLUB(32,32,32) = 16)", 1,
        65536);
  s.add("club_lr", 1e-4, 1e-3, "learning rate of CLUB's own Adam (code: never trained; logsweep: as lr)", 0, 1);
  s.add("train_auxiliary", true,
        "train CLUB, the system classifier and the DAAN discriminators (paper's intent; the code never optimises "
        "them: false)");
  s.add("daan_weight", 0.01, "weight of the DAAN loss (paper/code: 0.01; the library scales inside by 0.05/0.01)", 0,
        1e6);
  s.add("daan_hidden", std::int64_t{32}, "hidden width of the domain discriminators (code: 32)", 1, 65536);
  s.add("daan_max_iter", std::int64_t{1000},
        "LambdaSheduler max_iter: reversal 2/(1+e^(−min(it,N)/N))−1 (code: DAAN's inherited 1000; −1 = the "
        "max_steps the trainer passes, constant 0.462)",
        -1, 1 << 30);
  s.add("daan_local_input", std::string("logits"),
        "class scores that weight the local discriminators' features (code: raw logits; DAAN library: "
        "probabilities)");
  s.choices({"logits", "probabilities"});
  s.add("daan_update_factor", false,
        "re-estimate DAAN's dynamic factor every epoch (DAAN paper/library; the code never does: 0.5)");
  s.add("lr", 1e-4, 1e-3, "AdamW peak learning rate (paper/code: 1e-4)", 0, 1);
  s.add("weight_decay", 0.0, "AdamW weight decay (code: HF Trainer default 0)", 0, 1);
  s.add("warmup_ratio", 0.2, "linear warm-up share of all steps, then linear decay to 0 (code: 0.2)", 0, 1);
  s.add("max_grad_norm", 1.0, "gradient-norm clipping, 0 = off (code: HF Trainer default 1.0)", 0, 1e6);
  s.add("epochs", std::int64_t{10}, std::int64_t{10}, "epochs (paper/code: 10; the last one is scored)", 1, 10000);
  s.add("batch", std::int64_t{1024}, std::int64_t{64}, "source and target windows per step (paper/code: 1024)", 1,
        1 << 20);
  s.add("source_windows", std::int64_t{50000}, "random source windows trained on, 0 = all (paper/code: n_s = 50,000)",
        0, 1LL << 40);
  s.add("dedup", true,
        "compute each batch's repeated windows once, weighted by their count (same batches, same steps and losses "
        "as false)");
  // Relations the ranges cannot say: checked when the config loads, not when a job runs.
  s.check({"heads", "d_model"}, [](const Params& p) {
    if (p.i("d_model") % p.i("heads") != 0)
      throw ConfigError(fmt::format("d_model ({}) must be a multiple of heads ({})", p.i("d_model"), p.i("heads")));
  });
  s.check({"daan_max_iter"}, [](const Params& p) {
    if (p.i("daan_max_iter") == 0) throw ConfigError("must not be 0 (-1 = the trainer's max_steps)");
  });
  return s;
}

// The target pool as training units: bought windows carry their label, the others label 0
// and are never asked for theirs (window_units would read every label of the pool).
struct TargetUnits {
  UniqueWindows units;
  std::vector<char> bought;
};

TargetUnits target_units(const WindowSet& ws, const std::vector<std::int64_t>& pool,
                         const std::vector<std::int64_t>& labelled) {
  TargetUnits t;
  for (auto w : pool) {
    const bool b = std::binary_search(labelled.begin(), labelled.end(), w);
    t.units.seq.push_back(ws.window_seq.at(w));
    t.units.label.push_back(b && ws.window_label.at(w) != 0 ? 1 : 0);
    t.units.count.push_back(1.0f);
    t.bought.push_back(b ? 1 : 0);
  }
  return t;
}

std::vector<std::int64_t> sample_source(std::vector<std::int64_t> train, std::int64_t n, std::mt19937_64& rng) {
  if (n <= 0 || static_cast<std::int64_t>(train.size()) <= n) return train;
  shuffle_indices(train, rng);  // run/train.py: randperm(...)[:50000]
  train.resize(static_cast<std::size_t>(n));
  std::sort(train.begin(), train.end());
  return train;
}

Batch cat_batches(const Batch& a, const Batch& b) {
  return {torch::cat({a.x, b.x}), torch::cat({a.mask, b.mask}), torch::cat({a.events, b.events}),
          torch::cat({a.y, b.y}), torch::cat({a.weight, b.weight})};
}

// Target rows of one step: the bought rows first (`bought` of them, merged by (sequence,
// label)), then the others, merged by sequence alone.
struct TargetBatch {
  Batch rows;
  std::int64_t bought = 0;
};

TargetBatch target_batch(const WindowBatcher& batcher, const TargetUnits& t, const std::vector<std::int64_t>& pos,
                         bool dedup) {
  std::vector<std::int64_t> b, f;
  for (auto p : pos) (t.bought[p] ? b : f).push_back(p);
  auto bb = unit_batch(batcher, t.units, b, dedup);
  const auto n = bb.x.size(0);
  return {cat_batches(bb, unit_batch(batcher, t.units, f, dedup)), n};
}

std::vector<std::int64_t> modulo(const std::vector<std::int64_t>& pos, std::int64_t n) {
  std::vector<std::int64_t> out;
  if (n == 0) return out;
  for (auto p : pos) out.push_back(p % n);
  return out;
}

class Training {
 public:
  Training(const Params& p, const LogSynergyShape& shape)
      : p_(p),
        net_(shape),
        club_(shape.feature / 2, shape.feature - shape.feature / 2, p.i("club_hidden")),
        daan_(shape.feature / 2, p.i("daan_hidden"), 2),
        club_opt_(club_->parameters(), torch::optim::AdamOptions(p.r("club_lr"))),
        opt_(main_parameters(), torch::optim::AdamWOptions(p.r("lr")).weight_decay(p.r("weight_decay"))),
        class_weight_(torch::tensor({1.0 - p.r("anomaly_weight"), p.r("anomaly_weight")})) {}

  LogSynergyNet& net() { return net_; }
  double daan_factor() const { return daan_->dynamic_factor(); }
  void end_epoch(std::int64_t steps) {
    if (p_.b("daan_update_factor")) daan_->update_factor(steps);
  }

  // One optimiser step (0-based `step` of `total`) on a source and a target batch.
  std::map<std::string, double> step(const Batch& sb, const TargetBatch& tb, std::int64_t step, std::int64_t total) {
    auto fs = net_->features(sb.x, sb.mask);
    auto ft = net_->features(tb.rows.x, tb.rows.mask);
    auto ls = net_->anomaly_logits(fs.unified), lt = net_->anomaly_logits(ft.unified);
    const auto nb = tb.bought;
    auto ce = anomaly_cross_entropy(ls, sb.y, sb.weight, lt.narrow(0, 0, nb), tb.rows.y.narrow(0, 0, nb),
                                    tb.rows.weight.narrow(0, 0, nb), class_weight_);
    auto unified = torch::cat({fs.unified, ft.unified}), specific = torch::cat({fs.specific, ft.specific});
    auto w = torch::cat({sb.weight, tb.rows.weight});
    auto system = torch::cat(
        {torch::zeros({fs.specific.size(0)}, torch::kInt64), torch::ones({ft.specific.size(0)}, torch::kInt64)});
    auto ce_system = weighted_cross_entropy(net_->system_logits(specific), system, w);
    if (p_.b("train_auxiliary")) fit_club(unified, specific, w);
    auto bound = club_->upper_bound(unified, specific, w);
    auto loss = ce + p_.r("system_weight") * ce_system + p_.r("club_weight") * bound;
    std::map<std::string, double> out{
        {"anomaly_ce", ce.item<double>()}, {"system_ce", ce_system.item<double>()}, {"club", bound.item<double>()}};
    if (ft.unified.size(0) > 0) {
      const bool probs = p_.s("daan_local_input") == "probabilities";
      auto align =
          daan_->forward(fs.unified, ft.unified, probs ? torch::softmax(ls, 1) : ls, probs ? torch::softmax(lt, 1) : lt,
                         sb.weight, tb.rows.weight, daan_coefficient(step, p_.i("daan_max_iter")));
      loss = loss + p_.r("daan_weight") * align;
      out["daan"] = align.item<double>();
    }
    optimise(loss, step, total);
    return out;
  }

 private:
  std::vector<torch::Tensor> main_parameters() {
    // What the code's optimiser sees (the model) plus, with train_auxiliary, the system
    // classifier and the discriminators; never CLUB (it would minimise its own bound).
    std::vector<torch::Tensor> out;
    const bool aux = p_.b("train_auxiliary");
    for (auto& kv : net_->named_parameters())
      if (aux || kv.key().rfind("system.", 0) != 0) out.push_back(kv.value());
    if (aux)
      for (auto& t : daan_->parameters()) out.push_back(t);
    return out;
  }

  void fit_club(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& w) {
    club_opt_.zero_grad();
    club_->learning_loss(x.detach(), y.detach(), w).backward();
    club_opt_.step();
  }

  void optimise(const torch::Tensor& loss, std::int64_t step, std::int64_t total) {
    opt_.zero_grad();
    loss.backward();
    if (p_.r("max_grad_norm") > 0)
      torch::nn::utils::clip_grad_norm_(opt_.param_groups()[0].params(), p_.r("max_grad_norm"));
    const double lr = p_.r("lr") * linear_warmup_factor(step, total, p_.r("warmup_ratio"));
    for (auto& g : opt_.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
    opt_.step();
  }

  const Params& p_;
  LogSynergyNet net_;
  ClubEstimator club_;
  DaanLoss daan_;
  torch::optim::Adam club_opt_;
  torch::optim::AdamW opt_;
  torch::Tensor class_weight_;
};

class LogSynergy final : public Method {
 public:
  std::string name() const override { return "LogSynergy"; }
  const ParamSchema& schema() const override {
    static const ParamSchema s = logsynergy_schema();
    return s;
  }

  double expected_cost(const JobInputs& in) const override {
    return width_cost(baseline::job_windows(in), static_cast<double>(in.params.i("epochs") * in.params.i("layers")),
                      static_cast<double>(in.params.i("d_model")));
  }

  MethodResult run(const JobInputs& in) const override {
    baseline::Stopwatch clock;
    const auto job = baseline::split_job(in);
    const auto& p = in.params;
    auto rng = seed_job(in.seed);
    WindowBatcher src(*in.source), tgt(*in.target);
    LogSynergyShape shape{src.dim(),
                          p.i("d_model"),
                          p.i("heads"),
                          p.i("layers"),
                          p.i("ffn"),
                          p.i("hidden"),
                          p.i("feature"),
                          2,
                          std::max<std::int64_t>(512, std::max(src.max_len(), tgt.max_len())),
                          p.r("dropout")};
    Training training(p, shape);

    const auto source_idx = sample_source(job.source_train, p.i("source_windows"), rng);
    const auto source_units = window_units(in.source->windows, source_idx);
    const auto target = target_units(in.target->windows, job.target_pool, job.target_labelled);
    const auto ns = static_cast<std::int64_t>(source_idx.size());
    const auto nt = static_cast<std::int64_t>(job.target_pool.size());
    const bool dedup = p.b("dedup");
    BatchCycler positions(std::max(ns, nt), p.i("batch"), rng);
    const auto steps = positions.batches_per_pass();
    const auto total = steps * p.i("epochs");

    std::map<std::string, double> last;
    training.net()->train();
    for (std::int64_t e = 0, it = 0; e < p.i("epochs"); ++e) {
      std::map<std::string, double> sum;
      for (std::int64_t s = 0; s < steps; ++s, ++it) {
        const auto pos = positions.next();
        auto sb = unit_batch(src, source_units, modulo(pos, ns), dedup);
        auto tb = target_batch(tgt, target, modulo(pos, nt), dedup);
        for (const auto& [k, v] : training.step(sb, tb, it, total)) sum[k] += v;
      }
      training.end_epoch(steps);
      last.clear();
      for (const auto& [k, v] : sum) last[k] = v / static_cast<double>(std::max<std::int64_t>(1, steps));
    }
    const double train_s = clock.lap();

    auto& net = training.net();
    net->eval();
    auto scores = baseline::predict_windows(tgt, job.target_test, 1024, [&](const Batch& b) {
      auto prob = torch::softmax(net->anomaly_logits(net->features(b.x, b.mask).unified), 1).select(1, 1);
      return std::make_pair(prob, prob > 0.5);  // eval.py: p(anomaly) > p(normal)
    });
    auto r =
        baseline::finish(in, job, scores, static_cast<std::int64_t>(source_idx.size() + job.target_labelled.size()),
                         src, tgt, [&](const Batch& b) { return net->features(b.x, b.mask).unified; });
    r.train_seconds = train_s;
    r.eval_seconds = clock.lap();
    r.extra = last;
    r.extra["daan_factor"] = training.daan_factor();
    return r;
  }
};

}  // namespace

LOGSWEEP_REGISTER_METHOD("LogSynergy", 30, make_method<LogSynergy>);

}  // namespace logsweep
