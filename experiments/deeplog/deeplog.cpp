// DeepLog (Du et al., CCS 2017; reimplementation wuyifan18/DeepLog): next-event prediction over
// the target's template ids. The source system is not used (DeepLog has no transfer step).
//
// Training data (train_on): by default the target's normal training windows, as the LogAction,
// MetaLog and LogSynergy papers run DeepLog; choosing them reads every pool label, so the result
// counts them as labels used. pool trains on every pool window without reading a label.
// Examples: as wuyifan18/DeepLog slides, every full history of `history` events predicts the next
// event (positions h..n-1); a window shorter than h + 1 is padded (short_windows) so that one
// position is checked at test time. The training loader is over examples, as the code's
// DataLoader: an epoch is ceil(examples / batch) steps.
// A window is anomalous if some checked true next event ranks below the top g. Score (for AUC)
// = max over checked positions of (rank − p(true event)), a padded target = vocab + 1, which
// orders windows consistently with the top-g rule.
#include <algorithm>

#include "core/models/common_train.hpp"
#include "experiments/deeplog/deeplog_model.hpp"
#include "experiments/baselines.hpp"
#include "experiments/registry.hpp"

namespace logsweep {
namespace {

struct DeepLogParams {
  std::int64_t history;
  std::int64_t hidden;
  std::int64_t layers;
  std::int64_t top_g;
  std::int64_t epochs;
  double lr;
  std::int64_t batch;
  DeepLogTrainOn train_on;
  ShortWindows short_windows;
  bool dedup;
  static const TypedSchema<DeepLogParams>& fields();
};

const TypedSchema<DeepLogParams>& DeepLogParams::fields() {
  using P = DeepLogParams;
  static const auto f =
      ParamFields<P>("DeepLog")
          .add("history", &P::history, 10, 4, "events of history per prediction (paper: 10)", 1, 1000)
          .add("hidden", &P::hidden, 64, 16, "LSTM hidden size (paper: 64)", 1, 4096)
          .add("layers", &P::layers, 2, 1, "LSTM layers (paper: 2)", 1, 8)
          .add("top_g", &P::top_g, 9, "a true next event outside the top g predictions is anomalous (paper: 9)", 1,
               1 << 20)
          .add("epochs", &P::epochs, 300, 10, "training epochs (wuyifan18/DeepLog: 300; paper: not given)", 1, 10000)
          .add("lr", &P::lr, 1e-3, 1e-2, "Adam learning rate (wuyifan18/DeepLog: Adam default 1e-3)", 0, 1)
          .add("batch", &P::batch, 2048, 256, "mini-batch size in (history, next) examples (wuyifan18/DeepLog: 2048)",
               1, 1 << 24)
          .add("train_on", &P::train_on, parse_train_on, "normal",
               "normal = the target's normal training windows (the papers; reads all pool labels), pool = all pool "
               "windows unlabelled (no label read), labelled_normals = bought windows labelled normal")
          .choices({"normal", "pool", "labelled_normals"})
          .add("short_windows", &P::short_windows, parse_short_windows, "pad_end",
               "windows shorter than history+1: pad_end = pad after the events, the one check predicts the padding "
               "and flags the window (wuyifan18/DeepLog), pad_start = pad before them, the last event is checked")
          .choices({"pad_end", "pad_start"})
          .add("dedup", &P::dedup, true,
               "compute each batch's repeated (history, next) examples once, weighted by their count (same batches, "
               "same steps and losses as false)")
          .build();
  return f;
}

// Every training window's examples, in window order (a window repeated n times gives its
// examples n times, as a plain data set would).
NextEventExamples training_examples(const WindowSet& tw, const UniqueWindows& units, std::int64_t history,
                                    std::int32_t pad, ShortWindows rule) {
  NextEventExamples ex;
  ex.history = history;
  for (auto s : units.seq)
    append_next_event_examples(ex, tw.seq_events.data() + tw.seq_offsets[s],
                               static_cast<std::size_t>(tw.seq_offsets[s + 1] - tw.seq_offsets[s]), pad, rule,
                               /*training=*/true);
  return ex;
}

// Last epoch's mean loss.
double train_next_event(DeepLogNet& net, const NextEventExamples& ex, std::int64_t epochs, std::int64_t batch,
                        double lr, bool dedup, std::mt19937_64& rng) {
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(lr));
  BatchCycler cycler(static_cast<std::int64_t>(ex.size()), batch, rng);
  net->train();
  const torch::Device dev = device_of(*net);
  return run_epochs(opt, epochs, cycler.batches_per_pass(), [&] {
    const auto b = example_batch(ex, cycler.next(), dedup);
    return weighted_cross_entropy(net->forward(context_tensor(b).to(dev)),
                                  torch::tensor(std::vector<std::int64_t>(b.next.begin(), b.next.end())).to(dev),
                                  torch::tensor(b.weight).to(dev));
  });
}

// Top-g verdicts and scores of the test windows' unique sequences, spread back to the windows.
baseline::TestScores detect(DeepLogNet& net, const WindowSet& tw, const std::vector<std::int64_t>& test,
                            std::int64_t vocab, std::int64_t history, std::int64_t g, ShortWindows rule) {
  net->eval();
  torch::NoGradGuard no_grad;
  const auto pad = static_cast<std::int32_t>(vocab);
  const auto groups = group_by_sequence(tw, test);
  std::vector<double> seq_score(groups.seq.size(), 0.0);
  std::vector<std::int8_t> seq_pred(groups.seq.size(), 0);
  const torch::Device dev = device_of(*net);
  for (const auto& rows : chunks(static_cast<std::int64_t>(groups.seq.size()), 256)) {
    NextEventExamples q;  // one example per checked position, kept in order
    q.history = history;
    std::vector<std::int64_t> owner;
    for (auto r : rows) {
      const auto s = groups.seq[r];
      append_next_event_examples(q, tw.seq_events.data() + tw.seq_offsets[s],
                                 static_cast<std::size_t>(tw.seq_offsets[s + 1] - tw.seq_offsets[s]), pad, rule, false);
      owner.resize(q.size(), r);
    }
    if (q.size() == 0) continue;
    std::vector<std::int32_t> truth(q.next);
    for (auto& t : truth) t = std::min<std::int32_t>(t, pad - 1);  // the padding is no class: ranked below
    const auto pd = to_host(torch::softmax(net->forward(context_tensor(q).to(dev)), 1), torch::kFloat64);
    const auto ranks = true_event_ranks(pd, truth);
    const double* pdata = pd.data_ptr<double>();
    for (std::size_t i = 0; i < q.size(); ++i) {
      const auto r = owner[i];
      const bool is_class = q.next[i] != pad;
      const double p_true = is_class ? pdata[static_cast<std::int64_t>(i) * vocab + q.next[i]] : 0.0;
      const double score = is_class ? static_cast<double>(ranks[i]) - p_true : static_cast<double>(vocab + 1);
      seq_score[r] = std::max(seq_score[r], score);
      if (deeplog_position_anomalous(ranks[i], is_class, g)) seq_pred[r] = 1;
    }
  }
  baseline::TestScores scores;
  for (auto gi : groups.group_of) {
    scores.predicted.push_back(seq_pred[gi]);
    scores.score.push_back(seq_score[gi]);
  }
  return scores;
}

struct DeepLogModel : baseline::Trained {
  DeepLogNet net;
};

std::int64_t vocab_of(const baseline::JobContext& c) {
  return static_cast<std::int64_t>(c.in.target->templates.size());
}

class DeepLog final : public Baseline<DeepLogParams, DeepLogModel> {
  using P = DeepLogParams;

  double cost(const JobInputs& in, const P& p) const override {
    // Trains on the target only, one example per checked position.
    const double target = in.target ? static_cast<double>(in.target->windows.size()) : 0.0;
    return width_cost(target, static_cast<double>(p.epochs), static_cast<double>(p.hidden));
  }

  DeepLogModel build(const baseline::JobContext& c, const P& p) const override {
    DeepLogNet net(DeepLogShape{vocab_of(c), p.hidden, p.layers});
    net->to(c.in.device);
    return {{}, net};
  }

  void train(DeepLogModel& m, const baseline::JobContext& c, const P& p, std::mt19937_64& rng) const override {
    const auto& tw = c.in.target->windows;
    const auto chosen = deeplog_training_windows(tw, c.job.target_pool, c.job.target_labelled, p.train_on);
    const auto units = window_units(tw, chosen.windows);
    const auto ex = training_examples(tw, units, p.history, static_cast<std::int32_t>(vocab_of(c)), p.short_windows);
    const double loss = train_next_event(m.net, ex, p.epochs, p.batch, p.lr, p.dedup, rng);
    m.n_train = static_cast<std::int64_t>(chosen.windows.size());
    m.n_labelled = chosen.labels_read;
    m.extra["next_event_loss"] = loss;
    m.extra["train_examples"] = static_cast<double>(ex.size());
  }

  baseline::TestScores predict(DeepLogModel& m, const baseline::JobContext& c, const P& p) const override {
    return detect(m.net, c.in.target->windows, c.job.target_test, vocab_of(c), p.history, p.top_g, p.short_windows);
  }
};

}  // namespace

LOGSWEEP_REGISTER_METHOD("DeepLog", 60, MethodFamily::Baseline, make_method<DeepLog>);

}  // namespace logsweep
