// LogSynergy (code DDUtian/LogSynergy: MTLog/*, loss_funcs/*).
//
// Loss per step = CE_anomaly(unified half; class weights 0.25/0.75) on source windows and the
// bought target windows + CE_system(specific half) on source and target-pool windows
// + club_weight · CLUB(unified, specific) + daan_weight · DAAN(unified; source vs target pool).
// The CLUB estimator is fitted by its own optimizer on detached features before each step.
// The target pool (unlabelled) feeds only the system classifier and the domain alignment; its
// labels are never read. LEI: the event interpretations live in the embedder layer (an
// interpretation file mapped to text before embedding); the method sees ordinary embeddings.
// One epoch = one pass over the source's unique windows; each step pairs a source batch with a
// pool batch and (when labels were bought) a batch of bought target windows, all cycled.
#include <map>

#include "core/models/baseline_common.hpp"
#include "core/models/common_train.hpp"
#include "core/models/logsynergy_model.hpp"
#include "experiments/baselines.hpp"

namespace logsweep {
namespace {

ParamSchema logsynergy_schema() {
  ParamSchema s("LogSynergy");
  s.add("d_model", std::int64_t{768}, std::int64_t{32}, "Transformer width (code: 768)", 1, 65536);
  s.add("heads", std::int64_t{12}, std::int64_t{2}, "attention heads (paper: 12)", 1, 1024);
  s.add("layers", std::int64_t{6}, std::int64_t{1}, "encoder layers (paper: 6)", 1, 64);
  s.add("ffn", std::int64_t{2048}, std::int64_t{64}, "feed-forward width (paper: 2048)", 1, 1 << 20);
  s.add("hidden", std::int64_t{256}, std::int64_t{64}, "projection width before the features (paper: 256)", 1, 65536);
  s.add("feature", std::int64_t{64}, "feature width; first half unified, second half specific (paper: 64)", 2, 65536);
  s.add("dropout", 0.1, 0.0, "Transformer dropout", 0, 1);
  s.add("anomaly_weight", 0.75, "class weight of anomalies in CE (normal gets 1 − it; paper: 0.75)", 0, 1);
  s.add("club_weight", 0.01, "weight of the CLUB mutual-information bound (paper: 0.01)", 0, 1e6);
  s.add("club_hidden", std::int64_t{64}, std::int64_t{16}, "hidden width of CLUB's mu/logvar networks", 1, 65536);
  s.add("club_lr", 1e-4, 1e-3, "learning rate of the CLUB estimator's own Adam", 0, 1);
  s.add("daan_weight", 0.01, "weight of the DAAN alignment loss (paper: 0.01)", 0, 1e6);
  s.add("daan_hidden", std::int64_t{64}, std::int64_t{16}, "hidden width of the domain discriminators", 1, 65536);
  s.add("daan_max_iter", std::int64_t{1000}, "iterations scale of the reversal coefficient 2/(1+e^(−it/N))−1", 1,
        1 << 30);
  s.add("lr", 1e-4, 1e-3, "AdamW learning rate (paper: 1e-4)", 0, 1);
  s.add("weight_decay", 0.01, "AdamW weight decay (PyTorch default)", 0, 1);
  s.add("epochs", std::int64_t{10}, std::int64_t{10}, "epochs over the source (paper: 10)", 1, 10000);
  s.add("batch", std::int64_t{1024}, std::int64_t{64}, "batch size per stream (paper: 1024)", 1, 1 << 20);
  return s;
}

struct Stream {  // a cycled source of batches over one UniqueWindows set
  const WindowBatcher* batcher;
  UniqueWindows data;
  BatchCycler cycler;
  Batch next() { return unique_batch(*batcher, data, cycler.next()); }
  bool empty() const { return data.seq.empty(); }
};

UniqueWindows with_label(UniqueWindows u, std::int8_t label) {
  for (auto& l : u.label) l = label;  // system label for the pool (its anomaly labels are not read)
  return u;
}

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
    LogSynergyShape shape{src.dim(), p.i("d_model"), p.i("heads"), p.i("layers"), p.i("ffn"),
                          p.i("hidden"), p.i("feature"), 2, p.r("dropout")};
    if (shape.d_model % shape.heads != 0)
      throw ConfigError("LogSynergy: d_model must be a multiple of heads");
    LogSynergyNet net(shape);
    const auto half = shape.feature / 2;
    ClubEstimator club(half, shape.feature - half, p.i("club_hidden"));
    DaanLoss daan(half, p.i("daan_hidden"), 2);

    const auto batch = p.i("batch");
    auto source_u = deduplicate(in.source->windows, job.source_train);
    auto pool_u = with_label(deduplicate(in.target->windows, job.target_pool), 0);
    auto labelled_u = deduplicate(in.target->windows, job.target_labelled);
    const auto ns = static_cast<std::int64_t>(source_u.seq.size());
    const auto np = static_cast<std::int64_t>(pool_u.seq.size());
    const auto nl = static_cast<std::int64_t>(labelled_u.seq.size());
    Stream source{&src, std::move(source_u), BatchCycler(ns, batch, rng)};
    Stream pool{&tgt, std::move(pool_u), BatchCycler(np, batch, rng)};
    Stream labelled{&tgt, std::move(labelled_u), BatchCycler(nl, batch, rng)};

    std::vector<torch::Tensor> main_params = net->parameters();
    for (auto& t : daan->parameters()) main_params.push_back(t);
    torch::optim::AdamW opt(main_params, torch::optim::AdamWOptions(p.r("lr")).weight_decay(p.r("weight_decay")));
    torch::optim::Adam club_opt(club->parameters(), torch::optim::AdamOptions(p.r("club_lr")));
    const auto class_weight = torch::tensor({1.0 - p.r("anomaly_weight"), p.r("anomaly_weight")});

    std::int64_t it = 0;
    std::map<std::string, double> last;
    net->train();
    for (std::int64_t e = 0; e < p.i("epochs"); ++e) {
      std::map<std::string, double> sum;
      const auto steps = source.cycler.batches_per_pass();
      for (std::int64_t s = 0; s < steps; ++s, ++it) {
        auto sb = source.next();
        auto fs = net->features(sb.x, sb.mask);
        std::vector<torch::Tensor> anomaly_logits{net->anomaly_logits(fs.unified)}, ys{sb.y}, ws{sb.weight};
        if (!labelled.empty()) {
          auto lb = labelled.next();
          anomaly_logits.push_back(net->anomaly_logits(net->features(lb.x, lb.mask).unified));
          ys.push_back(lb.y);
          ws.push_back(lb.weight);
        }
        auto ce_anomaly = class_weighted_cross_entropy(torch::cat(anomaly_logits), torch::cat(ys), torch::cat(ws),
                                                       class_weight);
        auto loss = ce_anomaly;
        sum["anomaly_ce"] += ce_anomaly.item<double>();
        if (!pool.empty()) {
          auto pb = pool.next();
          auto ft = net->features(pb.x, pb.mask);
          auto specific = torch::cat({fs.specific, ft.specific});
          auto unified = torch::cat({fs.unified, ft.unified});
          auto system = torch::cat({torch::zeros({fs.specific.size(0)}, torch::kInt64),
                                    torch::ones({ft.specific.size(0)}, torch::kInt64)});
          auto ce_system = weighted_cross_entropy(net->system_logits(specific), system, torch::cat({sb.weight, pb.weight}));
          // Fit q(y|x) on the current features first, then use it as the bound.
          club_opt.zero_grad();
          club->learning_loss(unified.detach(), specific.detach()).backward();
          club_opt.step();
          auto bound = club->upper_bound(unified, specific);
          auto ps = torch::softmax(net->anomaly_logits(fs.unified), 1);
          auto pt = torch::softmax(net->anomaly_logits(ft.unified), 1);
          auto align = daan->forward(fs.unified, ft.unified, ps, pt,
                                     daan_coefficient(it, p.i("daan_max_iter")));
          loss = loss + ce_system + p.r("club_weight") * bound + p.r("daan_weight") * align;
          sum["system_ce"] += ce_system.item<double>();
          sum["club"] += bound.item<double>();
          sum["daan"] += align.item<double>();
        }
        opt.zero_grad();
        loss.backward();
        opt.step();
      }
      daan->end_epoch();
      last.clear();
      for (const auto& [k, v] : sum) last[k] = v / static_cast<double>(std::max<std::int64_t>(1, steps));
    }
    const double train_s = clock.lap();

    net->eval();
    auto scores = baseline::predict_windows(tgt, job.target_test, 1024, [&](const Batch& b) {
      auto prob = torch::softmax(net->anomaly_logits(net->features(b.x, b.mask).unified), 1).select(1, 1);
      return std::make_pair(prob, prob > 0.5);
    });
    auto r = baseline::finish(in, job, scores,
                              static_cast<std::int64_t>(job.source_train.size() + job.target_labelled.size()), src,
                              tgt, [&](const Batch& b) { return net->features(b.x, b.mask).unified; });
    r.train_seconds = train_s;
    r.eval_seconds = clock.lap();
    r.extra = last;
    r.extra["daan_factor"] = daan->dynamic_factor();
    return r;
  }
};

}  // namespace

std::unique_ptr<Method> make_logsynergy() { return std::make_unique<LogSynergy>(); }

}  // namespace logsweep
