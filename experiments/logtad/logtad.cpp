// LogTAD (Han & Yuan, CIKM 2021; code hanxiao0607/LogTAD), following the authors' code:
//
// Data: the normal windows of the source's labelled split plus the normal windows among the bought
// target labels, the latter repeated int(n_source / n_target) times so that the two systems weigh
// about the same (SlidingWindow.get_datasets). That set is split once at random into 80% that
// trains and 20% held out (get_train_eval_iter's train_test_split).
//
// Training (model/LogTAD.py): Adam (lr 1e-3, weight decay 1e-6), batches of 1024, 100 epochs.
// Batch loss = svdd_scale · Σ_i mean_d (z_i − c)² + domain CE, with the code's svdd_scale = 10e4;
// the domain classifier sits behind gradient reversal (α 0.1). The centre c starts at zeros and
// becomes the mean held-out embedding after each of the first 10 epochs, then stays fixed. After
// each epoch the same loss is computed on the held-out windows; from the epoch that fixes the
// centre on, the epoch with the lowest held-out loss is kept (never a test-based choice).
//
// De-duplication is exact: one unit per window (the target copies are separate units), a
// BatchCycler over them, and unit_batch(dedup) merging a batch's repeated windows into one row
// weighted by its count; the Deep-SVDD term is a count-weighted sum, the domain CE a count-weighted
// mean, so a merged batch has the plain batch's loss and gradient.
//
// Score = ‖z − c‖; radius R maximises balanced accuracy (the code: ROC-AUC of hard predictions) on
// labelled data only = the bought target labels; when those lack a class the source's labelled
// windows are added (at most `validation_source` of them, evenly spaced) — training windows, so
// their normal distances are optimistic; without any anomaly at all R falls back to the 99%
// quantile of normal distances. The test split never chooses R.
#include <algorithm>

#include "core/models/common_train.hpp"
#include "experiments/logtad/logtad_model.hpp"
#include "core/util/errors.hpp"
#include "experiments/baselines.hpp"
#include "experiments/registry.hpp"

namespace logsweep {
namespace {

struct LogTadParams {
  std::int64_t hidden;
  std::int64_t layers;
  double dropout;
  std::int64_t domain_hidden;
  double grl_alpha;
  double svdd_scale;
  std::int64_t epochs;
  std::int64_t center_epochs;
  double center_eps;
  double lr;
  double weight_decay;
  std::int64_t batch;
  double holdout;
  std::int64_t threshold_steps;
  std::int64_t validation_source;
  bool dedup;
  static const TypedSchema<LogTadParams>& fields();
};

const TypedSchema<LogTadParams>& LogTadParams::fields() {
  using P = LogTadParams;
  static const auto f =
      ParamFields<P>("LogTAD")
          .add("hidden", &P::hidden, 128, 16, "LSTM hidden size (code: 128)", 1, 4096)
          .add("layers", &P::layers, 2, 1, "LSTM layers (code: 2)", 1, 8)
          .add("dropout", &P::dropout, 0.3, 0.0, "LSTM dropout between layers (code: 0.3)", 0, 1)
          .add("domain_hidden", &P::domain_hidden, 64, 16,
               "width of the domain classifier's two linear layers, no activation between (code: 64)", 1, 4096)
          .add("grl_alpha", &P::grl_alpha, 0.1, "gradient reversal strength (code: 0.1)", 0, 100)
          .add("svdd_scale", &P::svdd_scale, 1e5,
               "factor on the batch sum of per-window mean squared distances to the centre; the domain CE "
               "has factor 1 (code: `mse * 10e4 + cel`, 10e4 = 1e5)",
               0, 1e12)
          .add("epochs", &P::epochs, 100, 8, "training epochs (code: 100)", 1, 10000)
          .add("center_epochs", &P::center_epochs, 10, 3,
               "the centre starts at zeros and is re-estimated on the held-out windows after each of the first "
               "this many epochs, then fixed; checkpoints count from the epoch that fixes it (code: 10)",
               0, 10000)
          .add("center_eps", &P::center_eps, 0.1,
               "centre coordinates closer to 0 than this are pushed to ±eps (code: eps 0.1)", 0, 1e6)
          .add("lr", &P::lr, 1e-3, 5e-3, "Adam learning rate (code: Adam default 1e-3)", 0, 1)
          .add("weight_decay", &P::weight_decay, 1e-6, "Adam weight decay (code: 1e-6)", 0, 1)
          .add("batch", &P::batch, 1024, 32, "mini-batch size in windows (code: 1024)", 1, 1 << 20)
          .add("holdout", &P::holdout, 0.2,
               "share of the training windows held out to pick the best epoch and estimate the centre "
               "(code: train_test_split test_size 0.2)",
               0.01, 0.9)
          .add("threshold_steps", &P::threshold_steps, 100,
               "radius candidates from the mean normal towards the mean anomalous distance (code: 100)", 1, 1000000)
          .add("validation_source", &P::validation_source, 5000, 500,
               "source labelled windows added to validation when the bought labels lack a class (logsweep)", 0, 1 << 30)
          .add("dedup", &P::dedup, true,
               "compute each batch's repeated windows once, weighted by their count (same batches, same steps "
               "and losses as false)")
          .build();
  return f;
}

constexpr int kSource = 0, kTarget = 1;

struct Entry {
  std::int8_t domain;  // kSource or kTarget
  std::int64_t pos;    // unit in that domain's units
};

// The code's training set: each source normal window once, the target normals `copies` times,
// one unit (count 1) per window so that de-duplication stays a per-batch shortcut.
struct TrainingSet {
  UniqueWindows units[2];
  std::vector<Entry> entries;  // source units, then target units (the code's concatenation)
  std::int64_t copies = 0;
};

TrainingSet build_training_set(const WindowSet& src, const std::vector<std::int64_t>& src_normal, const WindowSet& tgt,
                               const std::vector<std::int64_t>& tgt_normal) {
  TrainingSet ts;
  ts.copies =
      logtad_target_copies(static_cast<std::int64_t>(src_normal.size()), static_cast<std::int64_t>(tgt_normal.size()));
  std::vector<std::int64_t> repeated;
  for (std::int64_t c = 0; c < ts.copies; ++c) repeated.insert(repeated.end(), tgt_normal.begin(), tgt_normal.end());
  ts.units[kSource] = window_units(src, src_normal);
  ts.units[kTarget] = window_units(tgt, repeated);
  for (int d : {kSource, kTarget})
    for (std::size_t i = 0; i < ts.units[d].seq.size(); ++i)
      ts.entries.push_back({static_cast<std::int8_t>(d), static_cast<std::int64_t>(i)});
  return ts;
}

struct Forward {
  torch::Tensor z, weight, domain;  // [B', H], counts [B'], domain ids [B'] (B' = merged rows)
};

// Embeddings of the entries `pick` (indices into ts.entries): one unit_batch per system, since
// each system has its own embedding table.
Forward forward_entries(LogTadNet& net, const WindowBatcher* const batchers[2], const TrainingSet& ts,
                        const std::vector<std::int64_t>& pick, bool dedup) {
  std::vector<std::int64_t> rows[2];
  for (auto k : pick) rows[ts.entries[k].domain].push_back(ts.entries[k].pos);
  std::vector<torch::Tensor> zs, ws, ds;
  for (int d : {kSource, kTarget}) {
    if (rows[d].empty()) continue;
    auto b = unit_batch(*batchers[d], ts.units[d], rows[d], dedup);
    zs.push_back(net->embed(b.x, b.mask));
    ws.push_back(b.weight);
    ds.push_back(torch::full({b.weight.size(0)}, d, b.weight.options().dtype(torch::kInt64)));
  }
  return {torch::cat(zs), torch::cat(ws), torch::cat(ds)};
}

struct LossSums {
  double svdd = 0, domain = 0, windows = 0;  // svdd unscaled, summed over windows
  std::int64_t batches = 0;
  double total_per_batch = 0;  // the code's epoch_loss / len(iterator)
};

struct LogTadTrainer {
  LogTadNet& net;
  const WindowBatcher* const* batchers;
  const TrainingSet& ts;
  const LogTadParams& p;
  bool domain_term;  // both systems present: otherwise the discriminator has nothing to separate

  LogTadLoss loss_of(const Forward& f, const torch::Tensor& center) const {
    torch::Tensor logits;
    if (domain_term) logits = net->domain_logits(f.z, p.grl_alpha);
    return logtad_loss(f.z, center, f.weight, p.svdd_scale, logits, f.domain);
  }

  static void add(LossSums& s, const LogTadLoss& l, const Forward& f) {
    s.svdd += l.svdd.item<double>();
    s.domain += l.domain.item<double>();
    s.windows += f.weight.sum().item<double>();
    s.total_per_batch += l.total.item<double>();
    ++s.batches;
  }

  // One epoch over the fit windows: ceil(|fit| / batch) optimiser steps.
  LossSums train_epoch(BatchCycler& cycler, const std::vector<std::int64_t>& fit, const torch::Tensor& center,
                       torch::optim::Optimizer& opt) const {
    LossSums s;
    net->train();
    for (std::int64_t step = 0; step < cycler.batches_per_pass(); ++step) {
      std::vector<std::int64_t> pick;
      for (auto k : cycler.next()) pick.push_back(fit[k]);
      const auto f = forward_entries(net, batchers, ts, pick, p.dedup);
      const auto l = loss_of(f, center);
      opt.zero_grad();
      l.total.backward();
      opt.step();
      add(s, l, f);
    }
    return s;
  }

  // The code's _evaluate: the same loss on the held-out windows in batches (no gradient, eval
  // mode), plus their embeddings for the centre update.
  std::pair<LossSums, Forward> evaluate(const std::vector<std::int64_t>& heldout, const torch::Tensor& center) const {
    torch::NoGradGuard no_grad;
    net->eval();
    LossSums s;
    std::vector<torch::Tensor> zs, ws;
    for (const auto& rows : chunks(static_cast<std::int64_t>(heldout.size()), p.batch)) {
      std::vector<std::int64_t> pick;
      for (auto r : rows) pick.push_back(heldout[r]);
      const auto f = forward_entries(net, batchers, ts, pick, p.dedup);
      add(s, loss_of(f, center), f);
      zs.push_back(f.z);
      ws.push_back(f.weight);
    }
    net->train();
    if (s.batches) s.total_per_batch /= static_cast<double>(s.batches);
    return {s, Forward{torch::cat(zs), torch::cat(ws), {}}};
  }
};

// The networks, then the kept epoch's centre and the chosen radius.
struct LogTadModel : baseline::Trained {
  LogTadNet net;
  torch::Tensor center;
  double radius = 0;
};

// Source normals among the training windows and target normals among the bought ones.
std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>> normal_windows(const baseline::JobContext& c) {
  std::vector<std::int64_t> src_normal, tgt_normal;
  for (auto w : c.job.source_train)
    if (!c.in.source->windows.window_label[w]) src_normal.push_back(w);
  for (auto w : c.job.target_labelled)
    if (!c.in.target->windows.window_label[w]) tgt_normal.push_back(w);
  return {src_normal, tgt_normal};
}

class LogTad final : public Baseline<LogTadParams, LogTadModel> {
  using P = LogTadParams;

  double cost(const JobInputs& in, const P& p) const override {
    // The repeated target normals roughly double the source normals that train.
    return width_cost(2.0 * baseline::job_windows(in), static_cast<double>(p.epochs), static_cast<double>(p.hidden));
  }

  LogTadModel build(const baseline::JobContext& c, const P& p) const override {
    LogTadNet net(LogTadShape{c.src.dim(), p.hidden, p.layers, p.dropout, p.domain_hidden});
    net->to(c.in.device);
    return {{}, net, {}, 0.0};
  }

  // The code's training on normal windows; keeps the epoch of lowest held-out loss.
  void train(LogTadModel& m, const baseline::JobContext& c, const P& p, std::mt19937_64& rng) const override {
    const auto [src_normal, tgt_normal] = normal_windows(c);
    const TrainingSet ts = build_training_set(c.in.source->windows, src_normal, c.in.target->windows, tgt_normal);
    if (ts.entries.size() < 2) throw JobSkipped("LogTAD needs at least two normal training windows");
    const HoldoutSplit split = holdout_split(static_cast<std::int64_t>(ts.entries.size()), p.holdout, rng);

    const WindowBatcher* batchers[2] = {&c.src, &c.tgt};
    const LogTadTrainer trainer{m.net, batchers, ts, p, ts.copies > 0};
    torch::optim::Adam opt(m.net->parameters(), torch::optim::AdamOptions(p.lr).weight_decay(p.weight_decay));
    BatchCycler cycler(static_cast<std::int64_t>(split.fit.size()), p.batch, rng);
    SvddCenterSchedule centre(p.hidden, p.center_epochs, p.center_eps, c.in.device);
    BestCheckpoint best;
    const auto first_selectable = centre.first_selectable_epoch(p.epochs);
    LossSums last_train, best_heldout;
    for (std::int64_t e = 0; e < p.epochs; ++e) {
      last_train = trainer.train_epoch(cycler, split.fit, centre.center(), opt);
      auto [heldout, emb] = trainer.evaluate(split.heldout, centre.center());
      centre.end_epoch(e, emb.z, emb.weight);
      if (best.offer(e, heldout.total_per_batch, e >= first_selectable, *m.net, centre.center()))
        best_heldout = heldout;
    }
    best.restore(*m.net);
    m.center = best.center();
    m.net->eval();
    m.n_train = static_cast<std::int64_t>(src_normal.size() + tgt_normal.size());
    auto per_window = [](double v, double n) { return n > 0 ? v / n : 0.0; };
    m.extra["svdd_loss"] = per_window(last_train.svdd, last_train.windows);  // last epoch, unscaled
    m.extra["domain_loss"] = last_train.batches ? last_train.domain / last_train.batches : 0.0;
    m.extra["heldout_svdd_loss"] = per_window(best_heldout.svdd, best_heldout.windows);  // kept epoch
    m.extra["best_epoch"] = static_cast<double>(best.epoch());
    m.extra["target_copies"] = static_cast<double>(ts.copies);
  }

  // Radius from labelled data only: the bought target labels, plus (when they lack a class) at
  // most validation_source evenly spaced source training windows.
  void threshold(LogTadModel& m, const baseline::JobContext& c, const P& p) const override {
    auto distances = [&](const WindowBatcher& b, const std::vector<std::int64_t>& windows) {
      return baseline::predict_windows(b, windows, 1024,
                                       [&](const Batch& batch) {
                                         auto d = svdd_distance(m.net->embed(batch.x, batch.mask), m.center);
                                         return std::make_pair(d, d > 0);
                                       })
          .score;
    };
    std::vector<double> dist = distances(c.tgt, c.job.target_labelled);
    std::vector<std::int8_t> label = baseline::labels_of(*c.in.target, c.job.target_labelled);
    const bool both = std::count(label.begin(), label.end(), 1) > 0 && std::count(label.begin(), label.end(), 0) > 0;
    std::int64_t from_source = 0;
    if (!both && p.validation_source > 0) {
      std::vector<std::int64_t> picked;
      const auto n = static_cast<std::int64_t>(c.job.source_train.size());
      const auto k = std::min(n, p.validation_source);
      for (std::int64_t i = 0; i < k; ++i) picked.push_back(c.job.source_train[i * n / k]);
      auto d = distances(c.src, picked);
      auto l = baseline::labels_of(*c.in.source, picked);
      dist.insert(dist.end(), d.begin(), d.end());
      label.insert(label.end(), l.begin(), l.end());
      from_source = k;
    }
    const SvddRadius r = search_svdd_radius(dist, label, static_cast<int>(p.threshold_steps));
    m.radius = r.radius;
    m.extra["radius"] = r.radius;
    m.extra["radius_searched"] = r.searched ? 1.0 : 0.0;
    m.extra["validation_balanced_accuracy"] = r.balanced_accuracy;
    m.extra["validation_source_windows"] = static_cast<double>(from_source);
  }

  baseline::TestScores predict(LogTadModel& m, const baseline::JobContext& c, const P& /*p*/) const override {
    return baseline::predict_windows(c.tgt, c.job.target_test, 1024, [&](const Batch& b) {
      auto d = svdd_distance(m.net->embed(b.x, b.mask), m.center);
      return std::make_pair(d, d > m.radius);
    });
  }

  baseline::BatchEmbedder embedder(LogTadModel& m) const override {
    return [&m](const Batch& b) { return m.net->embed(b.x, b.mask); };
  }
};

}  // namespace

LOGSWEEP_REGISTER_METHOD("LogTAD", 50, MethodFamily::Baseline, make_method<LogTad>, Starter{5});

}  // namespace logsweep
