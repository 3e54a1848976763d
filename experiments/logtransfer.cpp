// LogTransfer (Chen et al., ISSRE 2020; no public code): LSTM + fully connected classifier
// trained on source labels, then fine-tuned on the bought target labels.
//
// Reading of "fine-tunes the first half of the network" (LogAction's description): the LSTM is
// the part shared between systems and stays frozen; the fully connected layers are re-trained
// on the target labels (finetune=fc, default). finetune=all updates every layer instead.
#include "core/models/common_train.hpp"
#include "core/models/logtransfer_model.hpp"
#include "experiments/baselines.hpp"

namespace logsweep {
namespace {

ParamSchema logtransfer_schema() {
  ParamSchema s("LogTransfer");
  s.add("hidden", std::int64_t{128}, std::int64_t{16}, "LSTM hidden size (paper: 128)", 1, 4096);
  s.add("layers", std::int64_t{2}, std::int64_t{1}, "LSTM layers (paper: 2)", 1, 8);
  s.add("fc_hidden", std::int64_t{64}, std::int64_t{16}, "hidden width of the FC classifier (our choice)", 1, 4096);
  s.add("source_epochs", std::int64_t{20}, std::int64_t{15}, "epochs on source labels (not given by the paper)", 1, 10000);
  s.add("target_epochs", std::int64_t{20}, std::int64_t{10}, "fine-tuning epochs on target labels (not given)", 0, 10000);
  s.add("lr", 1e-3, 5e-3, "Adam learning rate", 0, 1);
  s.add("batch", std::int64_t{128}, std::int64_t{32}, "mini-batch size (unique windows)", 1, 1 << 20);
  s.add("finetune", std::string("fc"), "layers updated on target labels: fc = FC layers only, all = whole network")
      .choices({"fc", "all"});
  return s;
}

class LogTransfer final : public Method {
 public:
  std::string name() const override { return "LogTransfer"; }
  const ParamSchema& schema() const override {
    static const ParamSchema s = logtransfer_schema();
    return s;
  }

  double expected_cost(const JobInputs& in) const override {
    return width_cost(baseline::job_windows(in), static_cast<double>(in.params.i("source_epochs")),
                      static_cast<double>(in.params.i("hidden")));
  }

  MethodResult run(const JobInputs& in) const override {
    baseline::Stopwatch clock;
    const auto job = baseline::split_job(in);
    const auto& p = in.params;
    auto rng = seed_job(in.seed);
    WindowBatcher src(*in.source), tgt(*in.target);
    LogTransferNet net(LogTransferShape{src.dim(), p.i("hidden"), p.i("layers"), p.i("fc_hidden")});

    const auto source = deduplicate(in.source->windows, job.source_train);
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(p.r("lr")));
    const double source_loss = train(net, src, source, opt, p.i("source_epochs"), p.i("batch"), false, rng);

    double target_loss = 0;
    const auto target = deduplicate(in.target->windows, job.target_labelled);
    if (!target.seq.empty() && p.i("target_epochs") > 0) {
      const bool fc_only = p.s("finetune") == "fc";
      torch::optim::Adam fine(fc_only ? net->fc_parameters() : net->parameters(), torch::optim::AdamOptions(p.r("lr")));
      target_loss = train(net, tgt, target, fine, p.i("target_epochs"), p.i("batch"), fc_only, rng);
    }
    const double train_s = clock.lap();

    net->eval();
    auto scores = baseline::predict_windows(tgt, job.target_test, 1024, [&](const Batch& b) {
      auto prob = torch::softmax(net->forward(b.x, b.mask), 1).select(1, 1);
      return std::make_pair(prob, prob > 0.5);
    });
    auto r = baseline::finish(in, job, scores,
                              static_cast<std::int64_t>(job.source_train.size() + job.target_labelled.size()), src,
                              tgt, [&](const Batch& b) { return net->represent(b.x, b.mask); });
    r.train_seconds = train_s;
    r.eval_seconds = clock.lap();
    r.extra["source_loss"] = source_loss;
    r.extra["target_loss"] = target_loss;
    return r;
  }

 private:
  // Returns the last epoch's mean loss.
  static double train(LogTransferNet& net, const WindowBatcher& batcher, const UniqueWindows& data,
                      torch::optim::Optimizer& opt, std::int64_t epochs, std::int64_t batch, bool frozen_lstm,
                      std::mt19937_64& rng) {
    net->train();
    BatchCycler cycler(static_cast<std::int64_t>(data.seq.size()), batch, rng);
    double last = 0;
    for (std::int64_t e = 0; e < epochs; ++e) {
      double sum = 0;
      for (std::int64_t s = 0; s < cycler.batches_per_pass(); ++s) {
        auto b = unique_batch(batcher, data, cycler.next());
        torch::Tensor h;
        if (frozen_lstm) {
          torch::NoGradGuard no_grad;
          h = net->represent(b.x, b.mask);
        } else {
          h = net->represent(b.x, b.mask);
        }
        auto loss = weighted_cross_entropy(net->classify(h), b.y, b.weight);
        opt.zero_grad();
        loss.backward();
        opt.step();
        sum += loss.item<double>();
      }
      last = sum / static_cast<double>(std::max<std::int64_t>(1, cycler.batches_per_pass()));
    }
    return last;
  }
};

}  // namespace

std::unique_ptr<Method> make_logtransfer() { return std::make_unique<LogTransfer>(); }

}  // namespace logsweep
