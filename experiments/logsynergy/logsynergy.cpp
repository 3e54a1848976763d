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
#include "experiments/logsynergy/logsynergy_model.hpp"
#include "experiments/baselines.hpp"
#include "experiments/registry.hpp"

namespace logsweep {
namespace {

enum class DaanInput { Logits, Probabilities };
DaanInput daan_input_from(const std::string& s) {
  if (s == "logits") return DaanInput::Logits;
  if (s == "probabilities") return DaanInput::Probabilities;
  throw ConfigError(fmt::format("daan_local_input '{}' is neither logits nor probabilities", s));
}

struct LogSynergyParams {
  std::int64_t d_model;
  std::int64_t heads;
  std::int64_t layers;
  std::int64_t ffn;
  std::int64_t hidden;
  std::int64_t feature;
  double dropout;
  double anomaly_weight;
  double system_weight;
  double club_weight;
  std::int64_t club_hidden;
  double club_lr;
  bool train_auxiliary;
  double daan_weight;
  std::int64_t daan_hidden;
  std::int64_t daan_max_iter;
  DaanInput daan_local_input;
  bool daan_update_factor;
  double lr;
  double weight_decay;
  double warmup_ratio;
  double max_grad_norm;
  std::int64_t epochs;
  std::int64_t batch;
  std::int64_t source_windows;
  bool dedup;
  static const TypedSchema<LogSynergyParams>& fields();
};

const TypedSchema<LogSynergyParams>& LogSynergyParams::fields() {
  using P = LogSynergyParams;
  static const auto f =
      ParamFields<P>("LogSynergy")
          .add("d_model", &P::d_model, 768, 32, "Transformer width (code: BERT hidden 768)", 1, 65536)
          .add("heads", &P::heads, 12, 2, "attention heads (paper/code: 12)", 1, 1024)
          .add("layers", &P::layers, 6, 1, "encoder layers (paper/code: 6)", 1, 64)
          .add("ffn", &P::ffn, 2048, 64, "feed-forward width (paper/code: 2048)", 1, 1 << 20)
          .add("hidden", &P::hidden, 256, 32, "head width before the features (paper/code: 256)", 1, 65536)
          .add("feature", &P::feature, 64, "feature width; first half unified, second half specific (paper/code: 64)",
               2, 65536)
          .add("dropout", &P::dropout, 0.1, 0.0,
               "BERT hidden/attention dropout and the feature dropout (code: 0.1); the pooled output gets twice it "
               "(code: 0.2)",
               0, 1)
          .add("anomaly_weight", &P::anomaly_weight, 0.75,
               "class weight of anomalies in both CE terms; normal gets 1 − it (code: 0.75)", 0, 1)
          .add("system_weight", &P::system_weight, 1.0, "weight of the system-classifier CE (code: 1)", 0, 1e6)
          .add("club_weight", &P::club_weight, 0.01, "weight of the CLUB mutual-information bound (paper/code: 0.01)",
               0, 1e6)
          .add("club_hidden", &P::club_hidden, 16,
               "hidden width of CLUB's mu/logvar networks (code: CLUB(32,32,32) = 16)", 1, 65536)
          .add("club_lr", &P::club_lr, 1e-4, 1e-3,
               "learning rate of CLUB's own Adam (code: never trained; logsweep: as lr)", 0, 1)
          .add("train_auxiliary", &P::train_auxiliary, true,
               "train CLUB, the system classifier and the DAAN discriminators (paper's intent; the code never "
               "optimises them: false)")
          .add("daan_weight", &P::daan_weight, 0.01,
               "weight of the DAAN loss (paper/code: 0.01; the library scales inside by 0.05/0.01)", 0, 1e6)
          .add("daan_hidden", &P::daan_hidden, 32, "hidden width of the domain discriminators (code: 32)", 1, 65536)
          .add("daan_max_iter", &P::daan_max_iter, 1000,
               "LambdaSheduler max_iter: reversal 2/(1+e^(−min(it,N)/N))−1 (code: DAAN's inherited 1000; −1 = the "
               "max_steps the trainer passes, constant 0.462)",
               -1, 1 << 30)
          .add("daan_local_input", &P::daan_local_input, daan_input_from, "logits",
               "class scores that weight the local discriminators' features (code: raw logits; DAAN library: "
               "probabilities)")
          .choices({"logits", "probabilities"})
          .add("daan_update_factor", &P::daan_update_factor, false,
               "re-estimate DAAN's dynamic factor every epoch (DAAN paper/library; the code never does: 0.5)")
          .add("lr", &P::lr, 1e-4, 1e-3, "AdamW peak learning rate (paper/code: 1e-4)", 0, 1)
          .add("weight_decay", &P::weight_decay, 0.0, "AdamW weight decay (code: HF Trainer default 0)", 0, 1)
          .add("warmup_ratio", &P::warmup_ratio, 0.2,
               "linear warm-up share of all steps, then linear decay to 0 (code: 0.2)", 0, 1)
          .add("max_grad_norm", &P::max_grad_norm, 1.0,
               "gradient-norm clipping, 0 = off (code: HF Trainer default 1.0)", 0, 1e6)
          .add("epochs", &P::epochs, 10, 10, "epochs (paper/code: 10; the last one is scored)", 1, 10000)
          .add("batch", &P::batch, 1024, 64, "source and target windows per step (paper/code: 1024)", 1, 1 << 20)
          .add("source_windows", &P::source_windows, 50000,
               "random source windows trained on, 0 = all (paper/code: n_s = 50,000)", 0, 1LL << 40)
          .add("dedup", &P::dedup, true,
               "compute each batch's repeated windows once, weighted by their count (same batches, same steps and "
               "losses as false)")
          // Relations the ranges cannot say: checked when the config loads, not when a job runs.
          .check(
              {"heads", "d_model"},
              [](const P& p) {
                if (p.d_model % p.heads != 0)
                  throw ConfigError(fmt::format("d_model ({}) must be a multiple of heads ({})", p.d_model, p.heads));
              })
          .check({"daan_max_iter"},
                 [](const P& p) {
                   if (p.daan_max_iter == 0) throw ConfigError("must not be 0 (-1 = the trainer's max_steps)");
                 })
          .build();
  return f;
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

// The networks of a job and their optimisers (the skeleton's Model).
class Training : public baseline::Trained {
 public:
  // The networks are built on the CPU and moved to `device`; Module::to keeps each parameter's
  // identity, so the optimisers built here follow them.
  Training(const LogSynergyParams& p, const LogSynergyShape& shape, const torch::Device& device)
      : p_(p),
        net_(shape),
        club_(shape.feature / 2, shape.feature - shape.feature / 2, p.club_hidden),
        daan_(shape.feature / 2, p.daan_hidden, 2),
        club_opt_(club_->parameters(), torch::optim::AdamOptions(p.club_lr)),
        opt_(main_parameters(), torch::optim::AdamWOptions(p.lr).weight_decay(p.weight_decay)),
        class_weight_(torch::tensor({1.0 - p.anomaly_weight, p.anomaly_weight}).to(device)) {
    net_->to(device);
    club_->to(device);
    daan_->to(device);
  }

  LogSynergyNet& net() { return net_; }
  double daan_factor() const { return daan_->dynamic_factor(); }
  void end_epoch(std::int64_t steps) {
    if (p_.daan_update_factor) daan_->update_factor(steps);
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
        {torch::zeros({fs.specific.size(0)}, fs.specific.options().dtype(torch::kInt64)),
         torch::ones({ft.specific.size(0)}, ft.specific.options().dtype(torch::kInt64))});
    auto ce_system = weighted_cross_entropy(net_->system_logits(specific), system, w);
    if (p_.train_auxiliary) fit_club(unified, specific, w);
    auto bound = club_->upper_bound(unified, specific, w);
    auto loss = ce + p_.system_weight * ce_system + p_.club_weight * bound;
    std::map<std::string, double> out{
        {"anomaly_ce", ce.item<double>()}, {"system_ce", ce_system.item<double>()}, {"club", bound.item<double>()}};
    if (ft.unified.size(0) > 0) {
      const bool probs = p_.daan_local_input == DaanInput::Probabilities;
      auto align =
          daan_->forward(fs.unified, ft.unified, probs ? torch::softmax(ls, 1) : ls, probs ? torch::softmax(lt, 1) : lt,
                         sb.weight, tb.rows.weight, daan_coefficient(step, p_.daan_max_iter));
      loss = loss + p_.daan_weight * align;
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
    const bool aux = p_.train_auxiliary;
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
    if (p_.max_grad_norm > 0) torch::nn::utils::clip_grad_norm_(opt_.param_groups()[0].params(), p_.max_grad_norm);
    const double lr = p_.lr * linear_warmup_factor(step, total, p_.warmup_ratio);
    for (auto& g : opt_.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
    opt_.step();
  }

  const LogSynergyParams& p_;
  LogSynergyNet net_;
  ClubEstimator club_;
  DaanLoss daan_;
  torch::optim::Adam club_opt_;
  torch::optim::AdamW opt_;
  torch::Tensor class_weight_;
};

class LogSynergy final : public Baseline<LogSynergyParams, Training> {
  using P = LogSynergyParams;

  double cost(const JobInputs& in, const P& p) const override {
    return width_cost(baseline::job_windows(in), static_cast<double>(p.epochs * p.layers),
                      static_cast<double>(p.d_model));
  }

  Training build(const baseline::JobContext& c, const P& p) const override {
    const LogSynergyShape shape{
        c.src.dim(), p.d_model, p.heads,
        p.layers,    p.ffn,     p.hidden,
        p.feature,   2,         std::max<std::int64_t>(512, std::max(c.src.max_len(), c.tgt.max_len())),
        p.dropout};
    return Training(p, shape, c.in.device);
  }

  // The code's epochs over max(n_s, n_t) paired positions; the last epoch's mean losses are kept.
  void train(Training& m, const baseline::JobContext& c, const P& p, std::mt19937_64& rng) const override {
    const auto source_idx = sample_source(c.job.source_train, p.source_windows, rng);
    const auto source_units = window_units(c.in.source->windows, source_idx);
    const auto target = target_units(c.in.target->windows, c.job.target_pool, c.job.target_labelled);
    const auto ns = static_cast<std::int64_t>(source_idx.size());
    const auto nt = static_cast<std::int64_t>(c.job.target_pool.size());
    BatchCycler positions(std::max(ns, nt), p.batch, rng);
    const auto steps = positions.batches_per_pass();
    const auto total = steps * p.epochs;
    std::map<std::string, double> last;
    m.net()->train();
    for (std::int64_t e = 0, it = 0; e < p.epochs; ++e) {
      std::map<std::string, double> sum;
      for (std::int64_t s = 0; s < steps; ++s, ++it) {
        const auto pos = positions.next();
        auto sb = unit_batch(c.src, source_units, modulo(pos, ns), p.dedup);
        auto tb = target_batch(c.tgt, target, modulo(pos, nt), p.dedup);
        for (const auto& [k, v] : m.step(sb, tb, it, total)) sum[k] += v;
      }
      m.end_epoch(steps);
      last.clear();
      for (const auto& [k, v] : sum) last[k] = v / static_cast<double>(std::max<std::int64_t>(1, steps));
    }
    m.n_train = static_cast<std::int64_t>(source_idx.size() + c.job.target_labelled.size());
    m.extra = last;
    m.extra["daan_factor"] = m.daan_factor();
  }

  baseline::TestScores predict(Training& m, const baseline::JobContext& c, const P& /*p*/) const override {
    auto& net = m.net();
    net->eval();
    return baseline::predict_windows(c.tgt, c.job.target_test, 1024, [&](const Batch& b) {
      auto prob = torch::softmax(net->anomaly_logits(net->features(b.x, b.mask).unified), 1).select(1, 1);
      return std::make_pair(prob, prob > 0.5);  // eval.py: p(anomaly) > p(normal)
    });
  }

  baseline::BatchEmbedder embedder(Training& m) const override {
    return [&m](const Batch& b) { return m.net()->features(b.x, b.mask).unified; };
  }
};

}  // namespace

LOGSWEEP_REGISTER_METHOD("LogSynergy", 30, MethodFamily::Baseline, make_method<LogSynergy>);

}  // namespace logsweep
