// DeepLog (Du et al., CCS 2017): next-event prediction over the target's template ids.
//
// DeepLog is unsupervised: by default it trains on the whole target pool (unlabelled windows,
// assumed mostly normal, as in the paper's deployment setting) and buys no label
// (train_on=pool). train_on=labelled_normals trains only on the bought windows labelled normal.
// The source system is not used (DeepLog has no transfer step).
// Every position t >= 1 of a window is predicted from up to `history` previous events
// (left-padded), so windows shorter than the history are still checked. A window is anomalous
// if some true next event ranks below the top g, or if it contains an event never seen in
// training. Score (for AUC) = max over positions of (rank − p(true event)), unseen = vocab + 1,
// which orders windows consistently with the top-g rule.
#include <algorithm>
#include <numeric>

#include "core/models/common_train.hpp"
#include "core/models/deeplog_model.hpp"
#include "experiments/baselines.hpp"

namespace logsweep {
namespace {

ParamSchema deeplog_schema() {
  ParamSchema s("DeepLog");
  s.add("history", std::int64_t{10}, std::int64_t{4}, "events of history per prediction (paper: 10)", 1, 1000);
  s.add("hidden", std::int64_t{64}, std::int64_t{16}, "LSTM hidden size (paper: 64)", 1, 4096);
  s.add("layers", std::int64_t{2}, std::int64_t{1}, "LSTM layers (paper: 2)", 1, 8);
  s.add("top_g", std::int64_t{9}, "a true next event outside the top g predictions is anomalous (paper: 9)", 1, 1 << 20);
  s.add("epochs", std::int64_t{30}, std::int64_t{10}, "training epochs (our choice)", 1, 10000);
  s.add("lr", 1e-3, 1e-2, "Adam learning rate", 0, 1);
  s.add("batch", std::int64_t{2048}, std::int64_t{256}, "mini-batch size ((history, next) examples)", 1, 1 << 24);
  s.add("train_on", std::string("pool"),
        "pool = all unlabelled target pool windows (no label bought); labelled_normals = bought normals only")
      .choices({"pool", "labelled_normals"});
  return s;
}

std::vector<std::int32_t> sequence(const WindowSet& w, std::int32_t s) {
  return {w.seq_events.begin() + w.seq_offsets[s], w.seq_events.begin() + w.seq_offsets[s + 1]};
}

torch::Tensor context_tensor(const NextEventExamples& ex, const std::vector<std::int64_t>& rows) {
  auto t = torch::empty({static_cast<std::int64_t>(rows.size()), ex.history}, torch::kInt64);
  auto* d = t.data_ptr<std::int64_t>();
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::int64_t k = 0; k < ex.history; ++k) d[i * ex.history + k] = ex.context[rows[i] * ex.history + k];
  return t;
}

class DeepLog final : public Method {
 public:
  std::string name() const override { return "DeepLog"; }
  const ParamSchema& schema() const override {
    static const ParamSchema s = deeplog_schema();
    return s;
  }

  double expected_cost(const JobInputs& in) const override {
    // Trains on the target only, one example per position.
    const double target = in.target ? static_cast<double>(in.target->windows.size()) : 0.0;
    return width_cost(target, static_cast<double>(in.params.i("epochs")), static_cast<double>(in.params.i("hidden")));
  }

  MethodResult run(const JobInputs& in) const override {
    baseline::Stopwatch clock;
    const auto job = baseline::split_job(in);
    const auto& p = in.params;
    auto rng = seed_job(in.seed);
    const auto& tw = in.target->windows;
    const auto vocab = static_cast<std::int64_t>(in.target->templates.size());
    const auto pad = static_cast<std::int32_t>(vocab);
    const auto history = p.i("history");
    const bool use_labels = p.s("train_on") == "labelled_normals";

    std::vector<std::int64_t> train_windows;
    if (use_labels) {
      for (auto w : job.target_labelled)
        if (!tw.window_label[w]) train_windows.push_back(w);
    } else {
      train_windows = job.target_pool;
    }
    const auto groups = group_by_sequence(tw, train_windows);
    std::vector<std::vector<std::int32_t>> seqs;
    std::vector<bool> seen(vocab, false);
    for (auto s : groups.seq) {
      seqs.push_back(sequence(tw, s));
      for (auto e : seqs.back()) seen[e] = true;
    }
    const auto ex = next_event_examples(seqs, groups.count, history, pad);

    DeepLogNet net(DeepLogShape{vocab, p.i("hidden"), p.i("layers")});
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(p.r("lr")));
    BatchCycler cycler(static_cast<std::int64_t>(ex.size()), p.i("batch"), rng);
    double last = 0;
    net->train();
    for (std::int64_t e = 0; e < p.i("epochs") && ex.size() > 0; ++e) {
      double sum = 0;
      for (std::int64_t b = 0; b < cycler.batches_per_pass(); ++b) {
        const auto rows = cycler.next();
        std::vector<std::int64_t> next;
        std::vector<float> weight;
        for (auto r : rows) {
          next.push_back(ex.next[r]);
          weight.push_back(ex.weight[r]);
        }
        auto loss = weighted_cross_entropy(net->forward(context_tensor(ex, rows)), torch::tensor(next),
                                           torch::tensor(weight));
        opt.zero_grad();
        loss.backward();
        opt.step();
        sum += loss.item<double>();
      }
      last = sum / static_cast<double>(std::max<std::int64_t>(1, cycler.batches_per_pass()));
    }
    const double train_s = clock.lap();

    net->eval();
    torch::NoGradGuard no_grad;
    const auto g = p.i("top_g");
    const auto test = group_by_sequence(tw, job.target_test);
    std::vector<double> seq_score(test.seq.size(), 0.0);
    std::vector<std::int8_t> seq_pred(test.seq.size(), 0);
    for (const auto& rows : chunks(static_cast<std::int64_t>(test.seq.size()), 256)) {
      NextEventExamples q;  // one example per position, kept in order (no de-duplication)
      q.history = history;
      std::vector<std::int64_t> owner;
      for (auto r : rows) {
        const auto s = sequence(tw, test.seq[r]);
        for (auto e : s)
          if (!seen[e]) {
            seq_pred[r] = 1;
            seq_score[r] = static_cast<double>(vocab + 1);
          }
        for (std::size_t t = 1; t < s.size(); ++t) {
          for (std::int64_t k = 0; k < history; ++k) {
            const std::int64_t src = static_cast<std::int64_t>(t) - history + k;
            q.context.push_back(src < 0 ? pad : s[src]);
          }
          q.next.push_back(s[t]);
          owner.push_back(r);
        }
      }
      if (q.next.empty()) continue;
      std::vector<std::int64_t> all(q.next.size());
      std::iota(all.begin(), all.end(), 0);
      auto probs = torch::softmax(net->forward(context_tensor(q, all)), 1);
      const auto ranks = true_event_ranks(probs, q.next);
      auto pd = probs.to(torch::kFloat64).contiguous();
      const double* pdata = pd.data_ptr<double>();
      for (std::size_t i = 0; i < q.next.size(); ++i) {
        const auto r = owner[i];
        const bool ok = seen[q.next[i]];
        const double p_true = pdata[static_cast<std::int64_t>(i) * vocab + q.next[i]];
        const double score = ok ? static_cast<double>(ranks[i]) - p_true : static_cast<double>(vocab + 1);
        seq_score[r] = std::max(seq_score[r], score);
        if (deeplog_position_anomalous(ranks[i], ok, g)) seq_pred[r] = 1;
      }
    }
    baseline::TestScores scores;
    for (auto gi : test.group_of) {
      scores.predicted.push_back(seq_pred[gi]);
      scores.score.push_back(seq_score[gi]);
    }
    WindowBatcher src(*in.source), tgt(*in.target);
    auto r = baseline::finish(in, job, scores, static_cast<std::int64_t>(train_windows.size()), src, tgt, nullptr);
    if (!use_labels) r.n_labelled = 0;
    r.train_seconds = train_s;
    r.eval_seconds = clock.lap();
    r.extra["next_event_loss"] = last;
    r.extra["train_examples"] = static_cast<double>(ex.size());
    return r;
  }
};

}  // namespace

std::unique_ptr<Method> make_deeplog() { return std::make_unique<DeepLog>(); }

}  // namespace logsweep
