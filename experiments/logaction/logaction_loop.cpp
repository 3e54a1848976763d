// LogAction's loop over epochs and purchases (logaction_loop.hpp), its saved state, the scorer
// of a finished loop's networks, and the batch job: the loop answered from the target's labels.
#include "experiments/logaction/logaction_loop.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>

#include <cstdio>
#include <limits>
#include <sstream>

#include "core/models/common_train.hpp"
#include "experiments/logaction/logaction_trainer.hpp"

namespace logsweep {

using namespace logaction_units;

namespace {

double loop_seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

// --- The loop ---------------------------------------------------------------------------------

void LogActionLoop::Trainer::pretrain() {
  const auto t_encoder = Clock::now();
  result_.extra["encoder_loss"] = train_encoder({&encoder_set_}, c_.encoder_epochs);
  result_.extra["encoder_seconds"] = loop_seconds(t_encoder);  // pre-training only
  result_.extra["encoder_steps"] = static_cast<double>(encoder_steps_);  // pre-training only
  pool_set_.units = label_free_units(in_.target->windows, pool_);
  if (v_ != LogActionVariant::Supervised) sizes_ = round_sizes(in_.budget, c_.round_size, initial_pool_);
  plan_ = logaction_round_plan(c_, static_cast<int>(sizes_.size()));
  pretrained_ = true;
}

// With validation, the classifier of the best validation epoch after the last round is kept
// (earliest on ties); epochs before it have not seen every bought label.
void LogActionLoop::Trainer::keep_if_best(int epoch) {
  const int first_candidate = plan_.rounds.empty() ? 1 : plan_.rounds.back() + 1;
  if (c_.val_ratio <= 0 || epoch < first_candidate) return;
  const double f1 = validation_f1();
  if (f1 <= best_f1_) return;
  best_f1_ = f1;
  best_state_.clear();
  for (const auto& p : nets_.classifier->parameters()) best_state_.push_back(p.detach().clone());
  result_.extra["best_epoch"] = epoch;
  result_.extra["validation_f1"] = f1;
}

std::optional<Purchase> LogActionLoop::Trainer::advance() {
  if (!pending_.empty()) throw Error("LogAction: a purchase is still waiting for its labels");
  const auto t0 = Clock::now();
  if (!pretrained_) pretrain();
  std::optional<Purchase> out;
  while (!over_ && !out) {
    if (epoch_rounds_done_) {
      if (epoch_ == plan_.epochs) {
        if (!best_state_.empty()) {
          torch::NoGradGuard no_grad;
          auto params = nets_.classifier->parameters();
          for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(best_state_[i]);
        }
        over_ = true;
        break;
      }
      ++epoch_;
      const auto t_epoch = Clock::now();
      result_.extra["final_loss"] = train_classifier_epoch();
      classifier_seconds_ += loop_seconds(t_epoch);
      epoch_rounds_done_ = false;
    }
    if (next_round_ < plan_.rounds.size() && plan_.rounds[next_round_] == epoch_) {
      if (result_.rounds.empty()) result_.rounds.push_back(pool_record(epoch_));  // round 0: nothing bought yet
      score_round(result_.rounds.back());
      ++next_round_;
      out = propose(sizes_[next_round_ - 1], epoch_);
      break;
    }
    keep_if_best(epoch_);
    epoch_rounds_done_ = true;
  }
  // Rounds scheduled past the last epoch cannot happen (round_schedule prevents it); guard anyway.
  if (over_ && !out && next_round_ < sizes_.size()) {
    ++next_round_;
    out = propose(sizes_[next_round_ - 1], plan_.epochs);
  }
  train_seconds_ += loop_seconds(t0);
  return out;
}

void LogActionLoop::Trainer::answer(const std::vector<std::int8_t>& labels) {
  if (pending_.empty()) throw Error("LogAction: no purchase is waiting for labels");
  if (labels.size() != pending_.size())
    throw Error(fmt::format("LogAction: {} labels for a purchase of {} windows", labels.size(), pending_.size()));
  const auto t0 = Clock::now();
  accept(labels);
  train_seconds_ += loop_seconds(t0);
}

MethodResult LogActionLoop::Trainer::finish() {
  if (!over_ || !pending_.empty()) throw Error("LogAction: finish() before training is over");
  MethodResult result = result_;
  const auto t1 = Clock::now();
  evaluate(result);
  // The last round's scores are the job's; budget 0 records the source-only classifier as round 0.
  if (v_ != LogActionVariant::Supervised) {
    if (result.rounds.empty()) result.rounds.push_back(pool_record(plan_.epochs));
    auto& last = result.rounds.back();
    last.precision = result.precision;
    last.recall = result.recall;
    last.f1 = result.f1;
  }
  if (in_.keep_vectors) keep_vectors(result);
  result.eval_seconds = loop_seconds(t1);
  result.train_seconds = train_seconds_;
  result.n_labelled = v_ == LogActionVariant::Supervised ? initial_pool_ : static_cast<std::int64_t>(selected_.size());
  const auto base_windows = static_cast<std::int64_t>(base_set_.units.seq.size());  // one unit per window
  result.n_train = base_windows + (v_ == LogActionVariant::Supervised
                                       ? 0
                                       : static_cast<std::int64_t>(selected_.size() - target_val_.size()));
  result.extra["rounds"] = static_cast<double>(sizes_.size());
  result.extra["classifier_epochs"] = plan_.epochs;
  result.extra["classifier_steps"] = static_cast<double>(classifier_steps_);
  result.extra["classifier_seconds"] = classifier_seconds_;
  result.extra["delta"] = eada_.delta();
  return result;
}

std::vector<std::pair<std::int64_t, std::int8_t>> LogActionLoop::Trainer::bought_labels() const {
  std::vector<std::pair<std::int64_t, std::int8_t>> out;
  for (std::size_t i = 0; i < selected_.size(); ++i) out.emplace_back(selected_[i], answers_[i]);
  return out;
}

// --- Saved state --------------------------------------------------------------------------------
// One torch archive: the networks and optimisers as torch writes them, every other member as a
// tensor or a value under its own name, and the job's identity, checked on load.

namespace {

constexpr const char* kStateFormat = "logsweep-logaction-state 1";
constexpr const char* kNetworksFormat = "logsweep-logaction-networks 1";

torch::Tensor i64(const std::vector<std::int64_t>& v) {
  return torch::tensor(torch::ArrayRef<std::int64_t>(v), torch::kInt64).clone();
}
std::vector<std::int64_t> i64(const torch::Tensor& t) {
  auto c = t.to(torch::kInt64).contiguous();
  return {c.data_ptr<std::int64_t>(), c.data_ptr<std::int64_t>() + c.numel()};
}
template <class Rng>
std::string rng_text(const Rng& r) {
  std::ostringstream s;
  s << r;
  return s.str();
}

// The state file's members, written and read through one list (the loop's fields by name).
struct StateArchive {
  torch::serialize::OutputArchive* out = nullptr;
  torch::serialize::InputArchive* in = nullptr;
  std::string file;

  [[noreturn]] void bad(const std::string& what) const {
    Location where;
    where.file = file;
    throw InputError(what, where);
  }
  void value(const std::string& key, c10::IValue& v) const {
    if (out) {
      out->write(key, v);
    } else if (!in->try_read(key, v)) {
      bad(fmt::format("the saved state has no '{}'", key));
    }
  }
  template <class T>
  void number(const std::string& key, T& x) const {
    c10::IValue v = out ? c10::IValue(static_cast<double>(x)) : c10::IValue();
    value(key, v);
    if (in) x = static_cast<T>(v.toDouble());
  }
  void text(const std::string& key, std::string& s) const {
    c10::IValue v = out ? c10::IValue(s) : c10::IValue();
    value(key, v);
    if (in) s = v.toStringRef();
  }
  void tensor(const std::string& key, torch::Tensor& t) const {
    if (out) {
      out->write(key, t);
    } else if (!in->try_read(key, t)) {
      bad(fmt::format("the saved state has no tensor '{}'", key));
    }
  }
  // Any integer vector (positions, epochs, labels), stored as int64.
  template <class I>
  void ints(const std::string& key, std::vector<I>& v) const {
    torch::Tensor t = out ? i64(std::vector<std::int64_t>(v.begin(), v.end())) : torch::Tensor();
    tensor(key, t);
    if (in) {
      const auto read = i64(t);
      v.assign(read.begin(), read.end());
    }
  }
  void tensors(const std::string& key, std::vector<torch::Tensor>& v) const {
    std::int64_t n = static_cast<std::int64_t>(v.size());
    number(key + ".count", n);
    if (in) v.assign(static_cast<std::size_t>(n), torch::Tensor());
    for (std::size_t i = 0; i < v.size(); ++i) tensor(fmt::format("{}.{}", key, i), v[i]);
  }
  // Torch's default CPU generator (nothing in training draws from it after the networks are
  // built, but a saved state must not depend on that staying true).
  void generator(const std::string& key) const {
    auto gen = at::detail::getDefaultCPUGenerator();
    torch::Tensor t = out ? gen.get_state() : torch::Tensor();
    tensor(key, t);
    if (in) gen.set_state(t);
  }
  template <class Rng>
  void rng(const std::string& key, Rng& r) const {
    std::string s = out ? rng_text(r) : std::string();
    text(key, s);
    if (in) {
      std::istringstream is(s);
      is >> r;
      if (!is) bad(fmt::format("the saved random stream '{}' does not read back", key));
    }
  }
  void module(const std::string& key, torch::nn::Module& m) const { nested(key, "network", m); }
  void optimizer(const std::string& key, torch::optim::Optimizer& o) const { nested(key, "optimiser", o); }
  // Anything with save(OutputArchive&) and load(InputArchive&), as a sub-archive under `key`.
  template <class T>
  void nested(const std::string& key, const char* what, T& x) const {
    if (out) {
      torch::serialize::OutputArchive sub;
      x.save(sub);
      out->write(key, sub);
    } else {
      torch::serialize::InputArchive sub;
      if (!in->try_read(key, sub)) bad(fmt::format("the saved state has no {} '{}'", what, key));
      x.load(sub);
    }
  }
};

// A RoundRecord as one value per field (the field list of visit_round_fields).
void record(const StateArchive& a, const std::string& key, RoundRecord& rec) {
  visit_round_fields([&](const char* name, auto& field) { a.number(fmt::format("{}.{}", key, name), field); }, rec);
}

void records(const StateArchive& a, const std::string& key, std::vector<RoundRecord>& recs) {
  std::int64_t n = static_cast<std::int64_t>(recs.size());
  a.number(key + ".count", n);
  if (a.in) recs.assign(static_cast<std::size_t>(n), RoundRecord{});
  for (std::size_t i = 0; i < recs.size(); ++i) record(a, fmt::format("{}.{}", key, i), recs[i]);
}

void lists(const StateArchive& a, const std::string& key, std::vector<std::vector<std::int64_t>>& v) {
  std::int64_t n = static_cast<std::int64_t>(v.size());
  a.number(key + ".count", n);
  if (a.in) v.assign(static_cast<std::size_t>(n), {});
  for (std::size_t i = 0; i < v.size(); ++i) a.ints(fmt::format("{}.{}", key, i), v[i]);
}

void extras(const StateArchive& a, std::map<std::string, double>& extra) {
  std::string names;
  for (const auto& [k, v] : extra) names += k + "\n";
  a.text("extra.names", names);
  std::map<std::string, double> read;
  std::istringstream is(names);
  for (std::string k; std::getline(is, k);) {
    double v = a.out ? extra.at(k) : 0;
    a.number("extra." + k, v);
    read[k] = v;
  }
  if (a.in) extra = std::move(read);
}

}  // namespace

// Everything the loop holds that is not rebuilt from the inputs, read and written through one
// list. The sets (encoder, base, selected, pool units) and the encoder cache are rebuilt after a
// load.
template <class Archive>
void LogActionLoop::Trainer::state_fields(const Archive& a) {
  a.module("classifier", *nets_.classifier);
  if (nets_.encoder) {
    a.module("encoder", *nets_.encoder);
    a.module("discriminator", *nets_.discriminator);
    a.optimizer("encoder_optimiser", *enc_opt_);
  }
  a.optimizer("classifier_optimiser", cls_opt_);
  a.rng("order_rng", order_rng_);
  a.rng("draw_rng", draw_rng_);
  a.number("encoder_steps", encoder_steps_);
  a.number("classifier_steps", classifier_steps_);
  a.ints("pool", pool_);
  a.ints("selected", selected_);
  a.ints("pending", pending_);
  record(a, "pending_record", pending_record_);
  a.ints("answers", answers_);
  a.ints("round_sizes", sizes_);
  a.ints("round_epochs", plan_.rounds);
  a.number("epochs", plan_.epochs);
  a.number("pretrained", pretrained_);
  a.number("over", over_);
  a.number("epoch", epoch_);
  a.number("epoch_rounds_done", epoch_rounds_done_);
  a.number("next_round", next_round_);
  a.number("best_f1", best_f1_);
  a.tensors("best_state", best_state_);
  double delta = eada_.delta();
  bool started = eada_.started();
  a.number("eada.delta", delta);
  a.number("eada.started", started);
  eada_.restore(delta, started);  // what was read (saving: what it held)
  a.generator("torch_rng");
  a.number("classifier_seconds", classifier_seconds_);
  a.number("train_seconds", train_seconds_);
  lists(a, "result.selected", result_.selected);
  records(a, "result.rounds", result_.rounds);
  extras(a, result_.extra);
}

void LogActionLoop::Trainer::save(const std::string& path) const {
  auto& self = const_cast<Trainer&>(*this);  // the field list reads and writes; saving only reads
  torch::serialize::OutputArchive ar;
  StateArchive a{&ar, nullptr, path};
  std::string format = kStateFormat, job = job_identity();
  a.text("format", format);
  a.text("job", job);
  self.state_fields(a);
  const std::string tmp = path + ".tmp";
  try {
    ar.save_to(tmp);
  } catch (const c10::Error& e) {
    throw StorageError(fmt::format("cannot write the loop state: {}", e.what_without_backtrace()), Location::in_file(tmp));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw StorageError("cannot move the loop state into place", Location::in_file(path));
}

void LogActionLoop::Trainer::load(const std::string& path) {
  torch::serialize::InputArchive ar;
  try {
    ar.load_from(path);
  } catch (const c10::Error& e) {
    throw InputError(fmt::format("not a readable loop state: {}", e.what_without_backtrace()), Location::in_file(path));
  }
  StateArchive a{nullptr, &ar, path};
  std::string format, job;
  a.text("format", format);
  if (format != kStateFormat) a.bad(fmt::format("format '{}', expected '{}'", format, kStateFormat));
  a.text("job", job);
  if (job != job_identity())
    a.bad(fmt::format("the state belongs to another job:\n  saved: {}\n  here:  {}", job, job_identity()));
  state_fields(a);
  if (answers_.size() != selected_.size()) a.bad("the saved state's answers do not match its purchases");
  rebuild_target_sets();
}

std::string LogActionLoop::Trainer::job_identity() const {
  return fmt::format("{} {} -> {} budget {} seed {} data {}:{} params {}", logaction_variant_name(v_),
                     in_.source->name, in_.target->name, in_.budget, in_.seed, in_.source->cache_key,
                     in_.target->cache_key, in_.params.canonical());
}

void LogActionLoop::Trainer::save_networks(const std::string& path) const {
  auto& nets = const_cast<LogActionNets&>(nets_);  // Module::save is const; the archive helper takes both ways
  torch::serialize::OutputArchive ar;
  StateArchive a{&ar, nullptr, path};
  std::string format = kNetworksFormat;
  a.text("format", format);
  auto shape = std::vector<std::int64_t>{src_batcher_.dim(), c_.encoder_hidden, c_.hidden, c_.fc,
                                         c_.guide == AttentionGuide::Learned ? 0 : 1, nets_.encoder ? 1 : 0,
                                         c_.max_len, c_.batch_size};
  a.ints("shape", shape);
  a.module("classifier", *nets.classifier);
  if (nets.encoder) a.module("encoder", *nets.encoder);
  const std::string tmp = path + ".tmp";
  ar.save_to(tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw StorageError("cannot move the networks into place", Location::in_file(path));
}

// --- The public wrapper -------------------------------------------------------------------------

LogActionLoop::LogActionLoop(const JobInputs& in, LogActionVariant variant, LoopOptions options) {
  if (!in.source || !in.target) throw Error("LogAction: job has no source or target dataset");
  if (in.budget < 0 || in.budget > 1) throw ConfigError(fmt::format("budget {} is outside [0, 1]", in.budget));
  if (in.source->embeddings.cols != in.target->embeddings.cols)
    throw InputError(fmt::format("source {} and target {} embeddings differ in width ({} vs {})", in.source->name,
                                 in.target->name, in.source->embeddings.cols, in.target->embeddings.cols));
  t_ = std::make_unique<Trainer>(in, variant, options);
}
LogActionLoop::~LogActionLoop() = default;
std::optional<Purchase> LogActionLoop::next() { return t_->advance(); }
void LogActionLoop::answer(const std::vector<std::int8_t>& labels) { t_->answer(labels); }
MethodResult LogActionLoop::finish() { return t_->finish(); }
std::vector<std::pair<std::int64_t, std::int8_t>> LogActionLoop::bought_labels() const { return t_->bought_labels(); }
std::vector<std::int64_t> LogActionLoop::pending_windows() const { return t_->pending_windows(); }
void LogActionLoop::save(const std::string& path) const { t_->save(path); }
void LogActionLoop::load(const std::string& path) { t_->load(path); }
void LogActionLoop::save_networks(const std::string& path) const { t_->save_networks(path); }

// The batch job: every purchase answered from the target's labels (the simulated person).
MethodResult run_logaction(const JobInputs& in, LogActionVariant variant) {
  LogActionLoop loop(in, variant);
  const auto& labels = in.target->windows.window_label;
  while (auto p = loop.next()) {
    std::vector<std::int8_t> answers;
    for (auto w : p->windows) answers.push_back(labels[static_cast<std::size_t>(w)] != 0 ? 1 : 0);
    loop.answer(answers);
  }
  return loop.finish();
}

// --- Scoring a finished loop's networks ---------------------------------------------------------

struct LogActionScorer::Impl {
  explicit Impl(const LogActionShape& s) : nets(s) {}
  LogActionNets nets;
  int max_len = 0;
  std::int64_t batch_size = 512;
  std::int64_t dim = 0;
};

LogActionScorer::LogActionScorer(const std::string& networks_path) {
  torch::serialize::InputArchive ar;
  try {
    ar.load_from(networks_path);
  } catch (const c10::Error& e) {
    throw InputError(fmt::format("not a readable networks file: {}", e.what_without_backtrace()),
                     Location::in_file(networks_path));
  }
  StateArchive a{nullptr, &ar, networks_path};
  std::string format;
  a.text("format", format);
  if (format != kNetworksFormat) a.bad(fmt::format("format '{}', expected '{}'", format, kNetworksFormat));
  std::vector<std::int64_t> s;
  a.ints("shape", s);
  if (s.size() != 8) a.bad("the networks' shape record is malformed");
  LogActionShape shape{s[0], s[1], s[2], s[3], s[4] == 0 ? AttentionGuide::Learned : AttentionGuide::Last, s[5] != 0};
  impl_ = std::make_unique<Impl>(shape);
  impl_->max_len = static_cast<int>(s[6]);
  impl_->batch_size = s[7];
  impl_->dim = s[0];
  a.module("classifier", *impl_->nets.classifier);
  if (impl_->nets.encoder) a.module("encoder", *impl_->nets.encoder);
}
LogActionScorer::~LogActionScorer() = default;
std::int64_t LogActionScorer::input_dim() const { return impl_->dim; }

std::vector<double> LogActionScorer::probability(const PreparedDataset& d, const std::vector<std::int64_t>& windows) const {
  WindowBatcher batcher(d, impl_->max_len);
  auto groups = group_by_sequence(d.windows, windows);
  auto z = logaction_logits(impl_->nets, batcher, groups.seq, impl_->batch_size);
  auto p = to_host(torch::softmax(z, 1).select(1, 1), torch::kFloat64);
  std::vector<double> out;
  for (std::size_t i = 0; i < windows.size(); ++i) out.push_back(p.data_ptr<double>()[groups.group_of[i]]);
  return out;
}

}  // namespace logsweep
