// Training speed against the machine's measured peak.
// Usage: train_bench [PART] [STEPS] [JOB_WINDOWS] [MAX_THREADS] [METHODS]
//   PART = all | peak | logaction | together | jobs (default all); STEPS = timed LogAction steps per size
//   and thread count (default 3, after one warm-up step); JOB_WINDOWS = windows per toy system
//   for the per-method jobs (default 2000); MAX_THREADS: peak and steps on 1..MAX_THREADS
//   threads (default 2); METHODS: comma-separated methods for the jobs part (default all).
//   Threads as the runner sets them (set_compute_threads); environment BLAS=torch sets
//   torch's only, as the runner did before (OpenBLAS then keeps one thread per vCPU): the
//   "before" rows of BENCHMARKS.md.
//
// peak       torch::mm of n x n float, n = 1024 and 2048, on 1 and 2 threads: warm-up, best of
//            several; gflops = 2 n^3 / t.
// logaction  one training step of LogAction's networks (experiments/logaction/logaction_modules.hpp) at
//            paper sizes (B 512, L 20, D 300, encoder hidden 512, classifier hidden 64, fc 64)
//            and at the quick profile's sizes (read from find_method("LogAction").schema()):
//              encoder_step     encoder + discriminator forward, weighted CE, backward, Adam
//                               (what encoder pre-training and refits do per batch)
//              classifier_step  classifier on frozen encoder outputs gathered from a cache,
//                               three batches (source, bought target, pool with the EADA term)
//                               as in train_classifier_epoch, backward, Adam
//              classifier_step_fused  the same three batches as one classifier call on 3B
//                               windows (what train_classifier_epoch does since the change)
//            Each phase is timed (batch = WindowBatcher gather, gather = cache index_select,
//            forward, backward, adam) so waste shows up. Achieved GFLOP/s counts LSTM matmuls
//            only (see lstm_train_flops: forward 2*4H*(I+H)*B*L per layer, backward = weight
//            gradients + data gradients, ~3x forward). Linear heads and attention: < 1%, not counted.
// together   classifier step per window by batch rows, and its parts apart vs together
//            (classify_parts) with the pick of classify_together_pays, at paper and quick widths
// jobs       one full quick-profile job per registered method on toy data built like
//            tests/support/toy_dataset.hpp (dim 300, 20-event windows), 1 thread: seconds per
//            job and (source + target windows) / second.
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "core/models/batch.hpp"
#include "core/models/common_train.hpp"
#include "experiments/logaction/logaction_modules.hpp"
#include "experiments/logaction/logaction_selection.hpp"
#include "core/util/errors.hpp"
#include "core/models/compute_threads.hpp"
#include "experiments/method.hpp"
#include "tests/support/toy_dataset.hpp"

using namespace logsweep;
using namespace logsweep::bench;

namespace {

// Thread control: by default the runner's policy (set_compute_threads: OpenBLAS gets the n
// threads, torch's element-wise ops stay on one); with BLAS=torch the runner before it
// (torch::set_num_threads(n) only, OpenBLAS keeps one thread per vCPU): the "before" rows.
bool g_match_blas = true;

void set_threads(int n) {
  if (g_match_blas)
    set_compute_threads(n);
  else
    torch::set_num_threads(n);
}

double peak_gflops(int n, int threads) {
  set_threads(threads);
  auto a = torch::randn({n, n}), b = torch::randn({n, n});
  auto c = torch::mm(a, b);  // warm-up (and first-touch of c)
  const int reps = n <= 1024 ? 10 : 4;
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    auto t0 = Clock::now();
    at::mm_out(c, a, b);
    best = std::min(best, seconds_since(t0));
  }
  const double g = 2.0 * n * n * double(n) / best / 1e9;
  JsonLine("train").str("part", "peak").str("blas", g_match_blas ? "match" : "torch").integer("n", n).integer("threads", threads).num("seconds", best, 5)
      .num("gflops", g, 1).print();
  return g;
}

// Matmul FLOPs of one forward + backward pass of a stacked LSTM over B windows of L steps.
// Per layer (input width I, hidden H): forward 2*4H*(I+H)*B*L; backward = weight gradients
// (as costly as the forward) + data gradients: 2*4H*H*B*L through the recurrence, plus
// 2*4H*I*B*L into the layer's input unless that input needs no gradient (the first layer of
// the encoder, whose input is the embedding; the classifier's first layer on cached, frozen
// encoder outputs). Elementwise gate work, the linear heads and the attention are < 1%.
double lstm_train_flops(std::int64_t input, std::int64_t hidden, int layers, std::int64_t B, std::int64_t L,
                        bool input_needs_grad) {
  double f = 0;
  for (int l = 0; l < layers; ++l) {
    const double in = l == 0 ? input : hidden, H = hidden, BL = double(B) * L;
    const double fwd = 2.0 * 4.0 * H * (in + H) * BL;
    const double dgrad = 2.0 * 4.0 * H * H * BL + (l > 0 || input_needs_grad ? 2.0 * 4.0 * H * in * BL : 0.0);
    f += fwd + fwd + dgrad;
  }
  return f;
}

struct Sizes {
  std::string profile;
  std::int64_t batch, len, dim, enc_hidden, hidden, fc;
};

struct Phases {
  double batch = 0, gather = 0, forward = 0, backward = 0, adam = 0;
  double total() const { return batch + gather + forward + backward + adam; }
  Phases& operator+=(const Phases& o) {
    batch += o.batch;
    gather += o.gather;
    forward += o.forward;
    backward += o.backward;
    adam += o.adam;
    return *this;
  }
};

// The end of every timed step: backward, then the optimizer step (item() waits for it).
void backward_and_step(torch::optim::Optimizer& opt, const torch::Tensor& loss, Phases& p) {
  auto t = Clock::now();
  opt.zero_grad();
  loss.backward();
  p.backward = seconds_since(t);
  t = Clock::now();
  opt.step();
  loss.item<double>();
  p.adam = seconds_since(t);
}

void print_step(const char* what, const Sizes& s, int threads, int steps, const Phases& p, double windows_per_step,
                double flops_per_step, double peak) {
  const double per_step = p.total() / steps;
  const double gflops = flops_per_step / per_step / 1e9;
  JsonLine("train").str("part", "logaction").str("blas", g_match_blas ? "match" : "torch").str("step", what).str("profile", s.profile).integer("threads", threads)
      .integer("batch", s.batch).integer("len", s.len).integer("dim", s.dim).integer("encoder_hidden", s.enc_hidden)
      .integer("hidden", s.hidden).num("step_seconds", per_step, 5).num("windows_per_s", windows_per_step / per_step, 0)
      .num("gflop_per_step", flops_per_step / 1e9, 3).num("gflops", gflops, 2).num("peak_gflops", peak, 1)
      .num("fraction_of_peak", gflops / peak, 3)
      .num("batch_share", p.batch / p.total(), 3).num("gather_share", p.gather / p.total(), 3)
      .num("forward_share", p.forward / p.total(), 3).num("backward_share", p.backward / p.total(), 3)
      .num("adam_share", p.adam / p.total(), 3).print();
}

void bench_logaction(const Sizes& s, int threads, int steps, double peak) {
  set_threads(threads);
  torch::manual_seed(1);
  // Enough unique sequences for a few batches of each kind.
  const int n_windows = static_cast<int>(std::max<std::int64_t>(4 * s.batch, 256));
  auto data = testing::toy_dataset("bench", 7, n_windows, 0.1, static_cast<int>(s.len), static_cast<int>(s.dim), 40);
  WindowBatcher batcher(data, static_cast<int>(s.len));
  UniqueWindows units = deduplicate(data.windows, data.windows.indices(SplitRole::Train));
  LogActionNets nets(LogActionShape{s.dim, s.enc_hidden, s.hidden, s.fc, AttentionGuide::Learned});
  auto enc_params = nets.encoder->parameters();
  for (auto& t : nets.discriminator->parameters()) enc_params.push_back(t);
  torch::optim::Adam enc_opt(enc_params, torch::optim::AdamOptions(1e-3).weight_decay(5e-6));
  torch::optim::Adam cls_opt(nets.classifier->parameters(), torch::optim::AdamOptions(1e-3).weight_decay(5e-6));
  std::mt19937_64 rng(1);
  BatchCycler cycler(static_cast<std::int64_t>(units.seq.size()), s.batch, rng);
  auto next_full = [&] {  // a full-size batch (the cycler's pass tail may be short)
    auto pos = cycler.next();
    while (static_cast<std::int64_t>(pos.size()) < s.batch) pos = cycler.next();
    return pos;
  };

  // Encoder step.
  Phases enc;
  for (int step = -1; step < steps; ++step) {  // step -1 = warm-up
    Phases p;
    auto t = Clock::now();
    auto pos = next_full();
    auto b = unique_batch(batcher, units, pos);
    p.batch = seconds_since(t);
    t = Clock::now();
    auto h = nets.encoder->forward(b.x);
    auto loss = weighted_cross_entropy(nets.discriminator->forward(h, b.mask), b.y, b.weight);
    p.forward = seconds_since(t);
    backward_and_step(enc_opt, loss, p);
    if (step >= 0) enc += p;
  }
  const double enc_flops = lstm_train_flops(s.dim, s.enc_hidden, 2, s.batch, s.len, false) +
                           lstm_train_flops(s.enc_hidden, s.hidden, 2, s.batch, s.len, true);
  print_step("encoder_step", s, threads, steps, enc, double(s.batch), enc_flops, peak);

  // Classifier step on cached frozen-encoder outputs, three batches as in train_classifier_epoch.
  torch::Tensor cache;
  {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> parts;
    for (std::size_t i = 0; i < units.seq.size(); i += static_cast<std::size_t>(s.batch)) {
      std::vector<std::int64_t> pos;
      for (std::size_t j = i; j < std::min(units.seq.size(), i + s.batch); ++j) pos.push_back(static_cast<std::int64_t>(j));
      parts.push_back(nets.encoder->forward(unique_batch(batcher, units, pos).x));
    }
    cache = torch::cat(parts);
  }
  Phases cls;
  for (int step = -1; step < steps; ++step) {
    Phases p;
    std::vector<torch::Tensor> terms;
    for (int part = 0; part < 3; ++part) {
      auto t = Clock::now();
      auto pos = next_full();
      auto b = unique_batch(batcher, units, pos);
      p.batch += seconds_since(t);
      t = Clock::now();
      auto h = cache.index_select(0, torch::tensor(pos, torch::kInt64));
      p.gather += seconds_since(t);
      t = Clock::now();
      auto z = nets.classifier->forward(h, b.mask);
      if (part < 2) {
        terms.push_back(weighted_cross_entropy(z, b.y, b.weight));
      } else {
        auto f = free_energy(z, 0.1);
        terms.push_back(0.01 * ((f - 1.0).clamp_min(0) * b.weight).sum() / b.weight.sum());
      }
      p.forward += seconds_since(t);
    }
    backward_and_step(cls_opt, terms[0] + terms[1] + terms[2], p);
    if (step >= 0) cls += p;
  }
  const double cls_flops = 3.0 * lstm_train_flops(s.enc_hidden, s.hidden, 2, s.batch, s.len, false);
  print_step("classifier_step", s, threads, steps, cls, 3.0 * s.batch, cls_flops, peak);

  // The same three batches through the classifier as ONE batch of 3B windows (one LSTM call
  // instead of three): what train_classifier_epoch does. Same maths, fewer tiny ops.
  Phases fused;
  for (int step = -1; step < steps; ++step) {
    Phases p;
    auto t = Clock::now();
    std::vector<std::int64_t> pos;
    for (int part = 0; part < 3; ++part) {
      auto q = next_full();
      pos.insert(pos.end(), q.begin(), q.end());
    }
    auto b = unique_batch(batcher, units, pos);
    p.batch = seconds_since(t);
    t = Clock::now();
    auto h = cache.index_select(0, torch::tensor(pos, torch::kInt64));
    p.gather = seconds_since(t);
    t = Clock::now();
    auto z = nets.classifier->forward(h, b.mask);
    auto zs = z.split(s.batch), ys = b.y.split(s.batch), ws = b.weight.split(s.batch);
    auto f = free_energy(zs[2], 0.1);
    auto loss = weighted_cross_entropy(zs[0], ys[0], ws[0]) + weighted_cross_entropy(zs[1], ys[1], ws[1]) +
                0.01 * ((f - 1.0).clamp_min(0) * ws[2]).sum() / ws[2].sum();
    p.forward = seconds_since(t);
    backward_and_step(cls_opt, loss, p);
    if (step >= 0) fused += p;
  }
  print_step("classifier_step_fused", s, threads, steps, fused, 3.0 * s.batch, cls_flops, peak);
}

// The classifier step's two paths (classify_parts in experiments/logaction/logaction_modules.hpp) and the
// rule that picks one. For each rows count R: one classifier step (forward, CE, backward, Adam)
// on R cached frozen-encoder windows (seconds per window: how the per-window cost grows with
// the batch); then the step on parts {R, R/32, R} (source, bought, pool as in
// train_classifier_epoch) apart and together, median of `steps`, and what the rule picks.
// TOGETHER_ROWS=R (environment): that one R only, e.g. for many steps at the paper's size.
void bench_together(const Sizes& s, int steps) {
  set_threads(1);
  torch::manual_seed(1);
  LogLSTM net(s.enc_hidden, s.hidden, s.fc, AttentionGuide::Learned);
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(1e-3).weight_decay(5e-6));
  auto step_seconds = [&](const std::vector<std::int64_t>& parts, ClassifyPath path) {
    std::vector<torch::Tensor> xs, masks, ys;
    for (auto r : parts) {
      xs.push_back(torch::randn({r, s.len, s.enc_hidden}));
      masks.push_back(torch::ones({r, s.len}, torch::kBool));
      ys.push_back(torch::randint(0, 2, {r}, torch::kInt64));
    }
    std::vector<double> times;
    for (int i = -1; i < steps; ++i) {  // i = -1: warm-up
      const auto t0 = Clock::now();
      auto z = classify_parts(net, xs, masks, path);
      auto loss = torch::nn::functional::cross_entropy(z[0], ys[0]);
      for (std::size_t k = 1; k < z.size(); ++k) loss = loss + torch::nn::functional::cross_entropy(z[k], ys[k]);
      opt.zero_grad();
      loss.backward();
      opt.step();
      loss.item<double>();
      if (i >= 0) times.push_back(seconds_since(t0));
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];  // median: single steps here vary by +-15% run to run
  };
  std::vector<std::int64_t> row_counts{64, 128, 256, 512, 1024, 1536, 2048};
  if (const char* only = std::getenv("TOGETHER_ROWS")) row_counts = {std::atoll(only)};  // one size, more steps
  for (std::int64_t rows : row_counts) {
    const double one = step_seconds({rows}, ClassifyPath::Apart);
    const std::vector<std::int64_t> parts{rows, std::max<std::int64_t>(rows / 32, 1), rows};
    const double apart = step_seconds(parts, ClassifyPath::Apart);
    const double together = step_seconds(parts, ClassifyPath::Together);
    const std::int64_t total = parts[0] + parts[1] + parts[2];
    const bool rule = classify_together_pays(total, s.len);
    JsonLine("train").str("part", "together").str("profile", s.profile).integer("len", s.len)
        .integer("input", s.enc_hidden).integer("hidden", s.hidden).integer("rows", rows)
        .num("one_batch_seconds", one, 5).num("seconds_per_window", one / rows, 7)
        .integer("parts_rows", total).num("apart_seconds", apart, 5).num("together_seconds", together, 5)
        .num("together_over_apart", together / apart, 3).str("faster", together < apart ? "together" : "apart")
        .str("rule_picks", rule ? "together" : "apart").print();
  }
}

void bench_jobs(int windows, const std::string& only) {
  set_threads(1);
  auto source = testing::toy_dataset("toyS", 1, windows, 0.1, 20, 300, 12);
  auto target = testing::toy_dataset("toyT", 2, windows, 0.1, 20, 300, 12);
  for (const auto& name : method_names()) {
    if (!only.empty() && ("," + only + ",").find("," + name + ",") == std::string::npos) continue;
    const auto& m = find_method(name);
    JobInputs in;
    in.source = &source;
    in.target = &target;
    in.budget = 0.05;
    in.seed = 1;
    in.params = Params::resolve(m.schema(), Profile::Quick);
    auto t0 = Clock::now();
    JsonLine j("train");
    j.str("part", "job").str("blas", g_match_blas ? "match" : "torch").str("method", name).str("profile", "quick").integer("windows_per_system", windows);
    try {
      auto r = m.run(in);
      const double s = seconds_since(t0);
      j.num("seconds", s, 3).num("train_seconds", r.train_seconds, 3).num("eval_seconds", r.eval_seconds, 3)
          .num("windows_per_s", 2.0 * windows / s, 0).num("f1", r.f1, 3);
    } catch (const JobSkipped& e) {
      j.str("skipped", e.what());
    } catch (const std::exception& e) {
      j.str("error", e.what());
    }
    j.print();
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string part = argc > 1 ? argv[1] : "all";
  const int steps = argc > 2 ? std::stoi(argv[2]) : 3;
  const int job_windows = argc > 3 ? std::stoi(argv[3]) : 2000;
  const int max_threads = std::clamp(argc > 4 ? std::stoi(argv[4]) : 2, 1, 2);
  const std::string only_methods = argc > 5 ? argv[5] : "";
  if (const char* b = std::getenv("BLAS")) g_match_blas = std::string(b) != "torch";
  std::fprintf(stderr, "%s\n", at::get_parallel_info().c_str());

  double peak[3] = {0, 0, 0};  // by thread count: best over sizes
  if (part == "all" || part == "peak" || part == "logaction")
    for (int threads = 1; threads <= max_threads; ++threads)
      for (int n : {1024, 2048}) peak[threads] = std::max(peak[threads], peak_gflops(n, threads));

  if (part == "all" || part == "logaction") {
    const auto q = Params::resolve(find_method("LogAction").schema(), Profile::Quick);
    const std::int64_t quick_len = q.i("max_len") > 0 ? q.i("max_len") : 20;
    const Sizes paper{"paper", 512, 20, 300, 512, 64, 64};
    const Sizes quick{"quick", q.i("batch_size"), quick_len, 300, q.i("encoder_hidden"), q.i("hidden"), q.i("fc")};
    for (int threads = 1; threads <= max_threads; ++threads) {
      bench_logaction(quick, threads, std::max(steps, 20), peak[threads]);
      bench_logaction(paper, threads, steps, peak[threads]);
    }
  }
  if (part == "all" || part == "together") {
    const auto q = Params::resolve(find_method("LogAction").schema(), Profile::Quick);
    const std::int64_t quick_len = q.i("max_len") > 0 ? q.i("max_len") : 20;
    bench_together(Sizes{"paper", 512, 20, 300, 512, 64, 64}, std::max(steps, 3));
    bench_together(Sizes{"quick", q.i("batch_size"), quick_len, 300, q.i("encoder_hidden"), q.i("hidden"), q.i("fc")},
                   std::max(steps, 10));
  }
  if (part == "all" || part == "jobs") bench_jobs(job_windows, only_methods);
  return 0;
}
