// LogTransfer (Chen et al., ISSRE 2020; no public code): LSTM + fully connected classifier
// trained on source labels, then fine-tuned on the bought target labels.
//
// The paper shares the fully connected network between source and target and adapts the LSTM
// (LogAction: "fine-tuning the first half of the network with the target system logs"):
// finetune=lstm (default) keeps the FC layers as source training left them and fine-tunes the
// LSTM on the target labels; finetune=fc is the inverse (LSTM frozen, FC re-trained) and
// finetune=all updates every layer.
#include "core/models/common_train.hpp"
#include "core/models/logtransfer_model.hpp"
#include "experiments/baselines.hpp"
#include "experiments/registry.hpp"

namespace logsweep {
namespace {

ParamSchema logtransfer_schema() {
  ParamSchema s("LogTransfer");
  s.add("hidden", std::int64_t{128}, std::int64_t{16}, "LSTM hidden size (logsweep choice; not checked against the paper)", 1, 4096);
  s.add("layers", std::int64_t{2}, std::int64_t{1}, "LSTM layers (logsweep choice; not checked against the paper)", 1, 8);
  s.add("fc_hidden", std::int64_t{64}, std::int64_t{16}, "hidden width of the shared FC classifier (logsweep choice)", 1, 4096);
  s.add("source_epochs", std::int64_t{20}, std::int64_t{15}, "epochs on source labels (logsweep choice)", 1, 10000);
  s.add("target_epochs", std::int64_t{20}, std::int64_t{10}, "fine-tuning epochs on target labels (logsweep choice)", 0, 10000);
  s.add("lr", 1e-3, 5e-3, "Adam learning rate (logsweep choice)", 0, 1);
  s.add("batch", std::int64_t{128}, std::int64_t{32}, "mini-batch size in windows (logsweep choice)", 1, 1 << 20);
  s.add("finetune", std::string("lstm"),
        "layers updated on target labels: lstm = the LSTM with the FC network shared and frozen (paper), fc = the FC "
        "layers only, all = whole network")
      .choices({"lstm", "fc", "all"});
  s.add("dedup", true,
        "compute each batch's repeated windows once, weighted by their count (same batches, same steps and losses "
        "as false)");
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
    const bool dedup = p.b("dedup");
    const auto part = parse_fine_tune(p.s("finetune"));
    auto rng = seed_job(in.seed);
    WindowBatcher src(*in.source), tgt(*in.target);
    LogTransferNet net(LogTransferShape{src.dim(), p.i("hidden"), p.i("layers"), p.i("fc_hidden")});

    const auto source = window_units(in.source->windows, job.source_train);
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(p.r("lr")));
    const double source_loss =
        train_logtransfer(net, src, source, opt, FineTune::All, p.i("source_epochs"), p.i("batch"), dedup, rng);

    double target_loss = 0;
    const auto target = window_units(in.target->windows, job.target_labelled);
    if (!target.seq.empty() && p.i("target_epochs") > 0) {
      torch::optim::Adam fine(fine_tuned_parameters(net, part), torch::optim::AdamOptions(p.r("lr")));
      target_loss = train_logtransfer(net, tgt, target, fine, part, p.i("target_epochs"), p.i("batch"), dedup, rng);
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
};

}  // namespace

LOGSWEEP_REGISTER_METHOD("LogTransfer", 40, make_method<LogTransfer>);

}  // namespace logsweep
