// LogTAD (Han & Yuan, CIKM 2021; code hanxiao0607/LogTAD): Deep-SVDD on an LSTM's time-averaged
// output, trained on normal windows of the source plus the bought target normals (repeated so
// the two systems have about as many entries), with a domain classifier behind gradient reversal
// making the two systems' representations indistinguishable.
//
// Centre: the Deep-SVDD mean of the training embeddings, recomputed after each of the first
// `center_epochs` epochs, then fixed. Score = ‖z − c‖. Radius R: searched between the mean
// normal and mean anomalous distance on labelled validation data = the bought target labels;
// when those contain no anomaly (or no normal), the source's labelled windows are added (at most
// `validation_source` of them, evenly spaced) — they are training windows, so their normal
// distances are optimistic; without any anomaly at all R falls back to the 99% quantile of
// normal distances. The test split never chooses R.
#include <algorithm>
#include <numeric>

#include "core/models/common_train.hpp"
#include "core/models/logtad_model.hpp"
#include "experiments/baselines.hpp"

namespace logsweep {
namespace {

ParamSchema logtad_schema() {
  ParamSchema s("LogTAD");
  s.add("hidden", std::int64_t{128}, std::int64_t{16}, "LSTM hidden size (code: 128)", 1, 4096);
  s.add("layers", std::int64_t{2}, std::int64_t{1}, "LSTM layers (code: 2)", 1, 8);
  s.add("dropout", 0.3, 0.0, "LSTM dropout between layers (code: 0.3)", 0, 1);
  s.add("domain_hidden", std::int64_t{64}, std::int64_t{16}, "domain classifier hidden width (code: 64)", 1, 4096);
  s.add("grl_alpha", 0.1, "gradient reversal strength (code: 0.1)", 0, 100);
  s.add("domain_weight", 1.0, "weight of the domain loss against the Deep-SVDD loss", 0, 1e6);
  s.add("epochs", std::int64_t{20}, std::int64_t{10}, "training epochs (our choice)", 1, 10000);
  s.add("center_epochs", std::int64_t{1}, "epochs after which the centre is recomputed before it is fixed", 0, 10000);
  s.add("lr", 1e-3, 5e-3, "Adam learning rate", 0, 1);
  s.add("batch", std::int64_t{128}, std::int64_t{32}, "mini-batch size (unique windows)", 1, 1 << 20);
  s.add("threshold_steps", std::int64_t{100}, "radius candidates between the mean normal and anomalous distance", 1,
        1000000);
  s.add("validation_source", std::int64_t{5000}, std::int64_t{500},
        "source labelled windows added to validation when the bought labels lack a class", 0, 1 << 30);
  return s;
}

struct Entry {
  std::int8_t domain;  // 0 = source, 1 = target
  std::int64_t pos;    // row in that domain's UniqueWindows
};

class LogTad final : public Method {
 public:
  std::string name() const override { return "LogTAD"; }
  const ParamSchema& schema() const override {
    static const ParamSchema s = logtad_schema();
    return s;
  }

  double expected_cost(const JobInputs& in) const override {
    return width_cost(baseline::job_windows(in), static_cast<double>(in.params.i("epochs")),
                      static_cast<double>(in.params.i("hidden")));
  }

  MethodResult run(const JobInputs& in) const override {
    baseline::Stopwatch clock;
    const auto job = baseline::split_job(in);
    const auto& p = in.params;
    auto rng = seed_job(in.seed);
    WindowBatcher src(*in.source), tgt(*in.target);
    LogTadNet net(LogTadShape{src.dim(), p.i("hidden"), p.i("layers"), p.r("dropout"), p.i("domain_hidden")});

    std::vector<std::int64_t> src_normal, tgt_normal;
    for (auto w : job.source_train)
      if (!in.source->windows.window_label[w]) src_normal.push_back(w);
    for (auto w : job.target_labelled)
      if (!in.target->windows.window_label[w]) tgt_normal.push_back(w);
    const UniqueWindows su = deduplicate(in.source->windows, src_normal);
    const UniqueWindows tu = deduplicate(in.target->windows, tgt_normal);
    const WindowBatcher* batchers[2] = {&src, &tgt};
    const UniqueWindows* sets[2] = {&su, &tu};

    std::vector<Entry> entries;
    for (std::size_t i = 0; i < su.seq.size(); ++i) entries.push_back({0, static_cast<std::int64_t>(i)});
    const std::size_t repeat = tu.seq.empty() ? 0 : std::max<std::size_t>(1, su.seq.size() / tu.seq.size());
    for (std::size_t r = 0; r < repeat; ++r)
      for (std::size_t i = 0; i < tu.seq.size(); ++i) entries.push_back({1, static_cast<std::int64_t>(i)});

    auto embed_all = [&]() {  // embeddings + weights of every training entry (eval mode)
      torch::NoGradGuard no_grad;
      net->eval();
      std::vector<torch::Tensor> zs, ws;
      for (int d = 0; d < 2; ++d)
        for (const auto& rows : chunks(static_cast<std::int64_t>(sets[d]->seq.size()), 1024)) {
          auto b = unique_batch(*batchers[d], *sets[d], rows);
          zs.push_back(net->embed(b.x, b.mask));
          ws.push_back(b.weight);
        }
      net->train();
      return std::make_pair(torch::cat(zs), torch::cat(ws));
    };
    auto [z0, w0] = embed_all();
    torch::Tensor center = svdd_center(z0, w0);

    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(p.r("lr")));
    const auto batch = p.i("batch");
    double last_svdd = 0, last_domain = 0;
    net->train();
    for (std::int64_t e = 0; e < p.i("epochs"); ++e) {
      std::vector<std::int64_t> order(entries.size());
      std::iota(order.begin(), order.end(), 0);
      shuffle_indices(order, rng);
      double sum_svdd = 0, sum_dom = 0;
      std::int64_t n = 0;
      for (std::size_t start = 0; start < order.size(); start += batch) {
        std::vector<std::int64_t> rows[2];
        for (std::size_t k = start; k < std::min(order.size(), start + static_cast<std::size_t>(batch)); ++k) {
          const auto& en = entries[order[k]];
          rows[en.domain].push_back(en.pos);
        }
        std::vector<torch::Tensor> zs, ws, dom;
        for (int d = 0; d < 2; ++d) {
          if (rows[d].empty()) continue;
          auto b = unique_batch(*batchers[d], *sets[d], rows[d]);
          zs.push_back(net->embed(b.x, b.mask));
          ws.push_back(b.weight);
          dom.push_back(torch::full({b.weight.size(0)}, d, torch::kInt64));
        }
        auto z = torch::cat(zs), w = torch::cat(ws), y = torch::cat(dom);
        auto svdd = ((z - center).pow(2).sum(1) * w).sum() / w.sum();
        auto loss = svdd;
        torch::Tensor domain;
        if (!tu.seq.empty()) {  // one system alone gives the discriminator nothing to separate
          domain = weighted_cross_entropy(net->domain_logits(z, p.r("grl_alpha")), y, torch::ones_like(w));
          loss = loss + p.r("domain_weight") * domain;
        }
        opt.zero_grad();
        loss.backward();
        opt.step();
        sum_svdd += svdd.item<double>();
        sum_dom += domain.defined() ? domain.item<double>() : 0.0;
        ++n;
      }
      last_svdd = n ? sum_svdd / n : 0;
      last_domain = n ? sum_dom / n : 0;
      if (e < p.i("center_epochs")) {
        auto [z, w] = embed_all();
        center = svdd_center(z, w);
      }
    }
    net->eval();

    // Radius from labelled validation data only.
    auto distances = [&](const WindowBatcher& b, const std::vector<std::int64_t>& windows) {
      auto s = baseline::predict_windows(b, windows, 1024, [&](const Batch& batch) {
        auto d = svdd_distance(net->embed(batch.x, batch.mask), center);
        return std::make_pair(d, d > 0);
      });
      return s.score;
    };
    std::vector<double> val_dist = distances(tgt, job.target_labelled);
    std::vector<std::int8_t> val_label = baseline::labels_of(*in.target, job.target_labelled);
    const bool both = std::count(val_label.begin(), val_label.end(), 1) > 0 &&
                      std::count(val_label.begin(), val_label.end(), 0) > 0;
    std::int64_t val_source = 0;
    if (!both && p.i("validation_source") > 0) {
      std::vector<std::int64_t> picked;
      const auto n = static_cast<std::int64_t>(job.source_train.size());
      const auto k = std::min(n, p.i("validation_source"));
      for (std::int64_t i = 0; i < k; ++i) picked.push_back(job.source_train[i * n / k]);
      auto d = distances(src, picked);
      auto l = baseline::labels_of(*in.source, picked);
      val_dist.insert(val_dist.end(), d.begin(), d.end());
      val_label.insert(val_label.end(), l.begin(), l.end());
      val_source = k;
    }
    const auto threshold = search_svdd_threshold(val_dist, val_label, static_cast<int>(p.i("threshold_steps")));
    const double train_s = clock.lap();

    const double radius = threshold.radius;
    auto scores = baseline::predict_windows(tgt, job.target_test, 1024, [&](const Batch& b) {
      auto d = svdd_distance(net->embed(b.x, b.mask), center);
      return std::make_pair(d, d > radius);
    });
    auto r = baseline::finish(in, job, scores,
                              static_cast<std::int64_t>(src_normal.size() + tgt_normal.size()), src, tgt,
                              [&](const Batch& b) { return net->embed(b.x, b.mask); });
    r.train_seconds = train_s;
    r.eval_seconds = clock.lap();
    r.extra["svdd_loss"] = last_svdd;
    r.extra["domain_loss"] = last_domain;
    r.extra["radius"] = radius;
    r.extra["radius_searched"] = threshold.searched ? 1.0 : 0.0;
    r.extra["validation_f1"] = threshold.validation_f1;
    r.extra["validation_source_windows"] = static_cast<double>(val_source);
    return r;
  }
};

}  // namespace

std::unique_ptr<Method> make_logtad() { return std::make_unique<LogTad>(); }

}  // namespace logsweep
