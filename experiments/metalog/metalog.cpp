// MetaLog (Zhang et al., ICSE 2024; code jia-tong-FINE/MetaLog, approaches/MetaLog.py).
//
// Meta-learning over a source (meta-train) and the target's bought labels (meta-test):
//   θ ← θ − γ ∇[L_S(θ) + β·L_T(θ − α∇L_S(θ))]
// order=second differentiates through ∇L_S (the paper's formula); order=first treats it as a
// constant, as the authors' code does (it copies param − α·param.grad into a second model).
// The outer step is the code's optimiser (Adam, betas (0.9, 0.9), eps 1e-12, learning rate ×0.75
// every 1000 steps); outer_optimizer=sgd applies the formula literally with a constant γ.
// Epochs follow the paper: the source is split once into `parts` uniformly random parts and each
// epoch visits `parts_per_epoch` of them, drawn uniformly; an epoch is ceil(visited windows / B)
// steps and each source batch is paired with the next batch of bought target windows (cycled).
// The code instead visits the whole source every epoch and pairs it with PLELog pseudo-labelled
// target batches — here the targets are real bought labels.
#include <fmt/format.h>

#include "core/models/common_train.hpp"
#include "experiments/metalog/metalog_model.hpp"
#include "experiments/baselines.hpp"
#include "experiments/registry.hpp"

namespace logsweep {
namespace {

enum class MetaOrder { Second, First };
MetaOrder meta_order_from(const std::string& s) {
  if (s == "second") return MetaOrder::Second;
  if (s == "first") return MetaOrder::First;
  throw ConfigError(fmt::format("order '{}' is neither second nor first", s));
}

MetaLogOptimizer::Kind outer_optimizer_from(const std::string& s) {
  if (s == "adam") return MetaLogOptimizer::Kind::Adam;
  if (s == "sgd") return MetaLogOptimizer::Kind::Sgd;
  throw ConfigError(fmt::format("outer_optimizer '{}' is neither adam nor sgd", s));
}

struct MetaLogParams {
  std::int64_t hidden;
  std::int64_t layers;
  double alpha;
  double gamma;
  double beta;
  std::int64_t epochs;
  std::int64_t batch;
  std::int64_t parts;
  std::int64_t parts_per_epoch;
  MetaOrder order;
  MetaLogOptimizer::Kind outer_optimizer;
  bool dedup;
  static const TypedSchema<MetaLogParams>& fields();
};

const TypedSchema<MetaLogParams>& MetaLogParams::fields() {
  using P = MetaLogParams;
  static const auto f =
      ParamFields<P>("MetaLog")
          .add("hidden", &P::hidden, 100, 8, "GRU hidden size per direction (paper: 100)", 1, 4096)
          .add("layers", &P::layers, 2, 1, "bidirectional GRU layers (paper: 2)", 1, 8)
          .add("alpha", &P::alpha, 2e-3, 2e-3, "inner (meta-train) step size α (paper: 2e-3)", 0, 10)
          .add("gamma", &P::gamma, 2e-3, 1e-2, "outer learning rate γ (paper: 2e-3)", 0, 10)
          .add("beta", &P::beta, 4.0, 4.0, "weight β of the meta-test loss (paper: 4; code default 1)", 0, 1e6)
          .add("epochs", &P::epochs, 5, 10, "meta-training epochs (paper: 5; code: 10)", 1, 10000)
          .add("batch", &P::batch, 100, 32, "batch size of source and target batches (paper: 100)", 1, 1 << 20)
          .add("parts", &P::parts, 10, 4,
               "source split into this many uniformly random parts (paper: 10; code: none, 1 = whole source)", 1,
               100000)
          .add("parts_per_epoch", &P::parts_per_epoch, 5, 2,
               "source parts drawn uniformly per epoch (paper: 5; code: whole source)", 1, 100000)
          .add("order", &P::order, meta_order_from, "second", "second",
               "meta-gradient: second = exact (paper), first = ∇L_S held constant (authors' code)")
          .choices({"second", "first"})
          .add("outer_optimizer", &P::outer_optimizer, outer_optimizer_from, "adam",
               "outer update: adam = code's Adam (betas 0.9/0.9, eps 1e-12, lr ×0.75 every 1000 steps), sgd = the "
               "formula literally (constant γ)")
          .choices({"adam", "sgd"})
          .add("dedup", &P::dedup, true,
               "compute each batch's repeated windows once, weighted by their count (same batches, same steps and "
               "losses as false)")
          .build();
  return f;
}

struct MetaLogModel : baseline::Trained {
  MetaLogNet net;
};

// The epochs of the paper's meta-training (see the file comment); returns the last epoch's mean
// source and target losses.
struct MetaTraining {
  MetaLogNet& net;
  const baseline::JobContext& c;
  const MetaLogParams& p;
  const UniqueWindows& source;
  const UniqueWindows& target;

  std::function<torch::Tensor(const std::vector<torch::Tensor>&)> loss_on(const Batch& b) const {
    return [this, b](const std::vector<torch::Tensor>& th) {
      return weighted_cross_entropy(net.forward(th, b.x, b.mask).logits, b.y, b.weight);
    };
  }

  // One outer step on a source batch (and, with bought labels, the next target batch); returns
  // {source loss, target loss}.
  std::pair<double, double> step(const Batch& sb, BatchCycler& target_batches, MetaLogOptimizer& opt) const {
    auto& theta = net.params();
    std::pair<double, double> out{0, 0};
    opt.zero_grad();
    if (target.seq.empty()) {
      // No bought target label: the meta-test term vanishes, plain source training.
      auto ls = loss_on(sb)(theta);
      ls.backward();
      out.first = ls.item<double>();
    } else {
      auto tb = unit_batch(c.tgt, target, target_batches.next(), p.dedup);
      auto g = meta_gradient(theta, loss_on(sb), loss_on(tb), p.alpha, p.beta, p.order == MetaOrder::Second);
      for (std::size_t i = 0; i < theta.size(); ++i) theta[i].mutable_grad() = g.grads[i];
      out = {g.source_loss, g.target_loss};
    }
    opt.step();
    return out;
  }

  std::pair<double, double> run(MetaLogOptimizer& opt, std::mt19937_64& rng) const {
    const SourceParts parts(static_cast<std::int64_t>(source.seq.size()), p.parts, rng);
    BatchCycler target_batches(static_cast<std::int64_t>(target.seq.size()), p.batch, rng);
    std::pair<double, double> last{0, 0};
    for (std::int64_t e = 0; e < p.epochs; ++e) {
      const auto visit = parts.epoch(p.parts_per_epoch, rng);
      BatchCycler source_batches(static_cast<std::int64_t>(visit.size()), p.batch, rng);
      double sum_s = 0, sum_t = 0;
      const auto steps = source_batches.batches_per_pass();
      for (std::int64_t s = 0; s < steps; ++s) {
        std::vector<std::int64_t> rows;
        for (auto i : source_batches.next()) rows.push_back(visit[i]);
        const auto [ls, lt] = step(unit_batch(c.src, source, rows, p.dedup), target_batches, opt);
        sum_s += ls;
        sum_t += lt;
      }
      last = {steps ? sum_s / static_cast<double>(steps) : 0, steps ? sum_t / static_cast<double>(steps) : 0};
    }
    return last;
  }
};

class MetaLog final : public Baseline<MetaLogParams, MetaLogModel> {
  using P = MetaLogParams;

  double cost(const JobInputs& in, const P& p) const override {
    // Second order roughly triples a step; cost grows with the hidden size squared.
    return (p.order == MetaOrder::Second ? 3.0 : 1.5) *
           width_cost(baseline::job_windows(in), static_cast<double>(p.epochs), static_cast<double>(p.hidden));
  }

  MetaLogModel build(const baseline::JobContext& c, const P& p) const override {
    MetaLogNet net(MetaLogShape{c.src.dim(), p.hidden, p.layers});
    net.to(c.in.device);
    return {{}, net};
  }

  void train(MetaLogModel& m, const baseline::JobContext& c, const P& p, std::mt19937_64& rng) const override {
    const auto source = window_units(c.in.source->windows, c.job.source_train);
    const auto target = window_units(c.in.target->windows, c.job.target_labelled);
    MetaLogOptimizer opt(m.net.params(), p.gamma, p.outer_optimizer);
    const auto [last_source, last_target] = MetaTraining{m.net, c, p, source, target}.run(opt, rng);
    m.n_train = static_cast<std::int64_t>(c.job.source_train.size() + c.job.target_labelled.size());
    m.extra["source_loss"] = last_source;
    m.extra["target_loss"] = last_target;
    m.extra["steps"] = static_cast<double>(opt.steps());
    m.extra["final_lr"] = opt.lr();
  }

  baseline::TestScores predict(MetaLogModel& m, const baseline::JobContext& c, const P& /*p*/) const override {
    return baseline::predict_windows(c.tgt, c.job.target_test, 1024, [&](const Batch& b) {
      auto prob = torch::softmax(m.net.forward(m.net.params(), b.x, b.mask).logits, 1).select(1, 1);
      return std::make_pair(prob, prob > 0.5);
    });
  }

  baseline::BatchEmbedder embedder(MetaLogModel& m) const override {
    return [&m](const Batch& b) { return m.net.forward(m.net.params(), b.x, b.mask).context; };
  }
};

}  // namespace

LOGSWEEP_REGISTER_METHOD("MetaLog", 20, MethodFamily::Baseline, make_method<MetaLog>, Starter{4});

}  // namespace logsweep
