// LogTransfer (Chen et al., ISSRE 2020; no public code): LSTM + fully connected classifier
// trained on source labels, then fine-tuned on the bought target labels.
//
// The paper shares the fully connected network between source and target and adapts the LSTM
// (LogAction: "fine-tuning the first half of the network with the target system logs"):
// finetune=lstm (default) keeps the FC layers as source training left them and fine-tunes the
// LSTM on the target labels; finetune=fc is the inverse (LSTM frozen, FC re-trained) and
// finetune=all updates every layer.
#include "core/models/common_train.hpp"
#include "experiments/logtransfer/logtransfer_model.hpp"
#include "experiments/baselines.hpp"
#include "experiments/registry.hpp"

namespace logsweep {
namespace {

struct LogTransferParams {
  std::int64_t hidden;
  std::int64_t layers;
  std::int64_t fc_hidden;
  std::int64_t source_epochs;
  std::int64_t target_epochs;
  double lr;
  std::int64_t batch;
  FineTune finetune;
  bool dedup;
  static const TypedSchema<LogTransferParams>& fields();
};

const TypedSchema<LogTransferParams>& LogTransferParams::fields() {
  using P = LogTransferParams;
  static const auto f =
      ParamFields<P>("LogTransfer")
          .add("hidden", &P::hidden, 128, 16, "LSTM hidden size (logsweep choice; not checked against the paper)", 1,
               4096)
          .add("layers", &P::layers, 2, 1, "LSTM layers (logsweep choice; not checked against the paper)", 1, 8)
          .add("fc_hidden", &P::fc_hidden, 64, 16, "hidden width of the shared FC classifier (logsweep choice)", 1,
               4096)
          .add("source_epochs", &P::source_epochs, 20, 15, "epochs on source labels (logsweep choice)", 1, 10000)
          .add("target_epochs", &P::target_epochs, 20, 10, "fine-tuning epochs on target labels (logsweep choice)", 0,
               10000)
          .add("lr", &P::lr, 1e-3, 5e-3, "Adam learning rate (logsweep choice)", 0, 1)
          .add("batch", &P::batch, 128, 32, "mini-batch size in windows (logsweep choice)", 1, 1 << 20)
          .add("finetune", &P::finetune, parse_fine_tune, "lstm",
               "layers updated on target labels: lstm = the LSTM with the FC network shared and frozen (paper), fc = "
               "the FC layers only, all = whole network")
          .choices({"lstm", "fc", "all"})
          .add("dedup", &P::dedup, true,
               "compute each batch's repeated windows once, weighted by their count (same batches, same steps and "
               "losses as false)")
          .build();
  return f;
}

struct LogTransferModel : baseline::Trained {
  LogTransferNet net;
};

class LogTransfer final : public Baseline<LogTransferParams, LogTransferModel> {
  using P = LogTransferParams;

  double cost(const JobInputs& in, const P& p) const override {
    return width_cost(baseline::job_windows(in), static_cast<double>(p.source_epochs), static_cast<double>(p.hidden));
  }

  LogTransferModel build(const baseline::JobContext& c, const P& p) const override {
    LogTransferNet net(LogTransferShape{c.src.dim(), p.hidden, p.layers, p.fc_hidden});
    net->to(c.in.device);
    return {{}, net};
  }

  // Every layer on the source labels, then the `finetune` part on the bought target labels.
  void train(LogTransferModel& m, const baseline::JobContext& c, const P& p, std::mt19937_64& rng) const override {
    const auto source = window_units(c.in.source->windows, c.job.source_train);
    torch::optim::Adam opt(m.net->parameters(), torch::optim::AdamOptions(p.lr));
    const double source_loss =
        train_logtransfer(m.net, c.src, source, opt, FineTune::All, p.source_epochs, p.batch, p.dedup, rng);
    double target_loss = 0;
    const auto target = window_units(c.in.target->windows, c.job.target_labelled);
    if (!target.seq.empty() && p.target_epochs > 0) {
      torch::optim::Adam fine(fine_tuned_parameters(m.net, p.finetune), torch::optim::AdamOptions(p.lr));
      target_loss = train_logtransfer(m.net, c.tgt, target, fine, p.finetune, p.target_epochs, p.batch, p.dedup, rng);
    }
    m.n_train = static_cast<std::int64_t>(c.job.source_train.size() + c.job.target_labelled.size());
    m.extra["source_loss"] = source_loss;
    m.extra["target_loss"] = target_loss;
  }

  baseline::TestScores predict(LogTransferModel& m, const baseline::JobContext& c, const P& /*p*/) const override {
    m.net->eval();
    return baseline::predict_windows(c.tgt, c.job.target_test, 1024, [&](const Batch& b) {
      auto prob = torch::softmax(m.net->forward(b.x, b.mask), 1).select(1, 1);
      return std::make_pair(prob, prob > 0.5);
    });
  }

  baseline::BatchEmbedder embedder(LogTransferModel& m) const override {
    return [&m](const Batch& b) { return m.net->represent(b.x, b.mask); };
  }
};

}  // namespace

LOGSWEEP_REGISTER_METHOD("LogTransfer", 40, MethodFamily::Baseline, make_method<LogTransfer>);

}  // namespace logsweep
