// The LogAction family as Methods, and its parameter schema.
#include "experiments/logaction/logaction.hpp"

#include <fmt/format.h>

#include "experiments/registry.hpp"

namespace logsweep {

const char* logaction_variant_name(LogActionVariant v) {
  switch (v) {
    case LogActionVariant::Full: return "LogAction";
    case LogActionVariant::NoTransfer: return "LogAction_wt";
    case LogActionVariant::RandomSelection: return "LogAction_wa";
    case LogActionVariant::EnergyOnly: return "LogAction_wu";
    case LogActionVariant::UncertaintyOnly: return "LogAction_we";
    case LogActionVariant::Supervised: return "Supervised";
  }
  return "?";
}

namespace {

AttentionGuide attention_guide_from(const std::string& s) {
  if (s == "learned") return AttentionGuide::Learned;
  if (s == "last") return AttentionGuide::Last;
  throw ConfigError(fmt::format("attention_guide '{}' is neither learned nor last", s));
}

EnergyReading energy_reading_from(const std::string& s) {
  if (s == "logits") return EnergyReading::NegatedLogits;
  if (s == "outputs") return EnergyReading::Outputs;
  throw ConfigError(fmt::format("energy '{}' is neither logits nor outputs", s));
}

// "auto" = periodic rounds (no list); a malformed list stops the config load, not every job.
std::vector<int> round_epochs_from(const std::string& s) {
  if (s == "auto") return {};
  return parse_epoch_list(s, "round_epochs");
}

}  // namespace

const TypedSchema<LogActionConfig>& logaction_params() {
  using C = LogActionConfig;
  static const auto fields =
      ParamFields<C>("LogAction")
          .add("epochs", &C::epochs, 60, 12,
               "classifier epochs without rounds (budget 0, Supervised) and with listed round_epochs (paper/code: 60)",
               1, 10000)
          .add("encoder_epochs", &C::encoder_epochs, 60, 8, "encoder pre-training epochs (code: 60)", 0, 10000)
          .add("encoder_refit_epochs", &C::encoder_refit_epochs, 1, 1,
               "encoder epochs on pooled labels (source pretraining + bought target) after each round; ours, "
               "the code trains the encoder once on extra target labels instead",
               0, 10000)
          .add("batch_size", &C::batch_size, 512, 64, "mini-batch size (code: 512)", 1, 1 << 20)
          .add("lr", &C::lr, 1e-3, 5e-3, "Adam learning rate (code: 1e-3; quick: larger, few steps)", 1e-8, 10)
          .add("weight_decay", &C::weight_decay, 5e-6, "Adam weight decay (code)", 0, 1)
          .add("encoder_hidden", &C::encoder_hidden, 512, 32, "encoder LSTM width = log vector size (code: 512)", 1,
               1 << 16)
          .add("hidden", &C::hidden, 64, 16, "classifier/discriminator LSTM width (code: 64)", 1, 1 << 16)
          .add("fc", &C::fc, 64, 16, "width of the first linear layer of the head (code: 64)", 1, 1 << 16)
          .add("attention_guide", &C::guide, attention_guide_from, "learned",
               "attention guide g: learned vector (authors' code) or the last hidden state")
          .choices({"learned", "last"})
          .add("beta", &C::beta, 0.1, "free-energy temperature (code ENERGY_BETA)", 1e-6, 1e6)
          .add("first_ratio", &C::first_ratio, 0.1,
               "selection step 1 keeps ceil(first_ratio * T) highest free-energy pool windows (paper)", 0, 1)
          .add("round_size", &C::round_size, 0.01,
               "labels bought per round as a fraction of the initial pool T (paper 1%, RQ2 sweep 0.5%)", 1e-6, 1)
          .add("round_epochs", &C::round_epochs, round_epochs_from, "auto",
               "auto = round r after epoch r * round_every, then epochs_after_last_round more epochs; or a list of "
               "epochs (paper: 10,20) with `epochs` in all: extra rounds repeat the last gap, compressed to fit")
          .add("round_every", &C::round_every, 10, 2,
               "auto schedule: epochs between rounds, the first after this many (paper: rounds after epochs 10, 20)", 1,
               10000)
          .add("epochs_after_last_round", &C::epochs_after_last_round, 40, 8,
               "auto schedule: classifier epochs after the last round (paper: 60 - 20 = 40)", 1, 10000)
          .add("align_weight", &C::align_weight, 0.01,
               "weight of the EADA free-energy alignment loss (paper 0.01; 0 disables)", 0, 1e6)
          .add("energy", &C::energy, energy_reading_from, "logits",
               "which outputs are the energies of F and the margin: logits = EADA's E = -z (z the logits CE "
               "reads); outputs = the authors' code, E = z, the raw outputs CE also reads as logits")
          .choices({"logits", "outputs"})
          .added_later()
          .add("dedup", &C::dedup, true,
               "compute each batch's repeated windows once, weighted by their count (same batches, same steps and "
               "losses as false)")
          .add("max_len", &C::max_len, 20,
               "events per window fed to the encoder (LogAction: 20-line windows; 0 = longest)", 0, 1 << 16)
          .add("vector_samples", &C::vector_samples, 2000, 200,
               "target (and at most as many source) test windows whose log vectors are kept when asked", 0, 1 << 24)
          .add("encoder_cache_mb", &C::encoder_cache_mb, 2048, 256,
               "memory for caching frozen-encoder outputs of training/pool sequences (0 = recompute each step)", 0,
               1 << 30)
          .add("contrastive_weight", &C::contrastive_weight, 0.0,
               "weight of a supervised contrastive term in encoder training (paper's wording; code and default: 0 = "
               "CE only)",
               0, 1e6)
          .add("contrastive_temperature", &C::contrastive_temperature, 0.1, "temperature of that contrastive term",
               1e-6, 1e6)
          .add("val_ratio", &C::val_ratio, 0.0,
               "0 = fixed epochs; > 0 = hold out this share of the labelled windows (source Train, bought target) "
               "and keep the classifier of the best validation-F1 epoch after the last round",
               0, 0.5)
          .build();
  return fields;
}

RoundPlan logaction_round_plan(const LogActionConfig& c, int n_rounds) {
  if (c.round_epochs.empty()) return periodic_rounds(n_rounds, c.round_every, c.epochs_after_last_round, c.epochs);
  return RoundPlan{round_schedule(n_rounds, c.round_epochs, c.epochs), c.epochs};
}

namespace {

class LogActionMethod : public Method {
 public:
  explicit LogActionMethod(LogActionVariant v) : variant_(v) {}
  std::string name() const override { return logaction_variant_name(variant_); }
  const ParamSchema& schema() const override { return logaction_schema(); }
  MethodResult run(const JobInputs& in) const override { return run_logaction(in, variant_); }
  double expected_cost(const JobInputs& in) const override {
    // Encoder epochs at its width (none for wt, which has no encoder) plus the planned classifier
    // epochs, each of three batches (source, bought, pool), at the classifier's.
    double windows = 0;
    if (in.source && variant_ != LogActionVariant::NoTransfer && variant_ != LogActionVariant::Supervised)
      windows += static_cast<double>(in.source->windows.size());
    if (in.target) windows += static_cast<double>(in.target->windows.size());
    const auto c = logaction_params().bind(in.params);
    // The number of rounds depends on budget / round_size only (any non-empty pool).
    const int rounds =
        variant_ == LogActionVariant::Supervised ? 0 : static_cast<int>(round_sizes(in.budget, c.round_size, 1).size());
    const double encoder_epochs = variant_ == LogActionVariant::NoTransfer ? 0.0 : c.encoder_epochs;
    return width_cost(windows, encoder_epochs, static_cast<double>(c.encoder_hidden)) +
           width_cost(windows, 3.0 * logaction_round_plan(c, rounds).epochs, static_cast<double>(c.hidden));
  }

 private:
  LogActionVariant variant_;
};

}  // namespace

// The paper's method, its ablations and the supervised ceiling: the listing order so far.
LOGSWEEP_REGISTER_METHOD("LogAction", 10, MethodFamily::Proposed, make_method<LogActionMethod, LogActionVariant::Full>, Starter{1});
LOGSWEEP_REGISTER_METHOD("LogAction_wt", 11, MethodFamily::Ablation, make_method<LogActionMethod, LogActionVariant::NoTransfer>, Starter{3});
LOGSWEEP_REGISTER_METHOD("LogAction_wa", 12, MethodFamily::Ablation, make_method<LogActionMethod, LogActionVariant::RandomSelection>, Starter{2});
LOGSWEEP_REGISTER_METHOD("LogAction_wu", 13, MethodFamily::Ablation, make_method<LogActionMethod, LogActionVariant::EnergyOnly>);
LOGSWEEP_REGISTER_METHOD("LogAction_we", 14, MethodFamily::Ablation, make_method<LogActionMethod, LogActionVariant::UncertaintyOnly>);
LOGSWEEP_REGISTER_METHOD("Supervised", 15, MethodFamily::Ceiling, make_method<LogActionMethod, LogActionVariant::Supervised>);

}  // namespace logsweep
