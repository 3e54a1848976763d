#include "experiments/baselines.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "core/models/baseline_common.hpp"
#include "core/models/common_train.hpp"

namespace logsweep {

namespace baseline {
namespace {

// Salt so that the label sample differs from other draws made from the same job seed.
constexpr std::uint64_t kLabelSalt = 0x6c6162656c73ULL;  // "labels"

std::vector<std::int64_t> concat(std::vector<std::int64_t> a, const std::vector<std::int64_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  return a;
}

// Up to k indices of v, evenly spaced (deterministic, covers the whole time range).
std::vector<std::int64_t> spread(const std::vector<std::int64_t>& v, std::int64_t k) {
  const auto n = static_cast<std::int64_t>(v.size());
  if (n <= k) return v;
  std::vector<std::int64_t> out;
  for (std::int64_t i = 0; i < k; ++i) out.push_back(v[i * n / k]);
  return out;
}

}  // namespace

JobData split_job(const JobInputs& in) {
  if (!in.source || !in.target) throw Error("baseline job without source or target dataset");
  JobData job;
  job.source = in.source;
  job.target = in.target;
  const auto& sw = in.source->windows;
  const auto& tw = in.target->windows;
  if (in.source->embeddings.cols != in.target->embeddings.cols)
    throw InputError(fmt::format("embedding widths differ: {} has {}, {} has {}", in.source->name,
                                 in.source->embeddings.cols, in.target->name, in.target->embeddings.cols));
  job.source_train = concat(sw.indices(SplitRole::Train), sw.indices(SplitRole::Pretrain));
  job.target_pool = tw.indices(SplitRole::Train);
  job.target_test = tw.indices(SplitRole::Test);
  if (job.target_test.empty() || tw.indices(SplitRole::Test, 1).empty())
    throw JobSkipped(fmt::format("target {} has no anomalous test window", in.target->name));
  if (job.source_train.empty())
    throw JobSkipped(fmt::format("source {} has no training window", in.source->name));
  std::mt19937_64 label_rng(in.seed ^ kLabelSalt);
  job.target_labelled = sample_fraction(job.target_pool, in.budget, label_rng);
  return job;
}

TestScores predict_windows(const WindowBatcher& batcher, const std::vector<std::int64_t>& windows,
                           std::int64_t chunk, const BatchPredictor& predict) {
  const auto groups = group_by_sequence(batcher.data().windows, windows);
  const auto n = static_cast<std::int64_t>(groups.seq.size());
  std::vector<double> seq_score(n);
  std::vector<std::int8_t> seq_pred(n);
  torch::NoGradGuard no_grad;
  for (const auto& rows : chunks(n, chunk)) {
    std::vector<std::int32_t> seqs;
    for (auto r : rows) seqs.push_back(groups.seq[r]);
    auto batch = batcher.make_unique(seqs, std::vector<std::int8_t>(seqs.size(), 0),
                                     std::vector<float>(seqs.size(), 1.0f));
    auto [score, pred] = predict(batch);
    score = to_host(score, torch::kFloat64);
    pred = to_host(pred, torch::kBool);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      seq_score[rows[i]] = score.data_ptr<double>()[i];
      seq_pred[rows[i]] = pred.data_ptr<bool>()[i] ? 1 : 0;
    }
  }
  TestScores out;
  out.predicted.reserve(windows.size());
  out.score.reserve(windows.size());
  for (auto g : groups.group_of) {
    out.predicted.push_back(seq_pred[g]);
    out.score.push_back(seq_score[g]);
  }
  return out;
}

double Stopwatch::lap() {
  const auto now = std::chrono::steady_clock::now();
  const double s = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  return s;
}

double job_windows(const JobInputs& in) {
  return static_cast<double>((in.source ? in.source->windows.size() : 0) + (in.target ? in.target->windows.size() : 0));
}

std::vector<std::int8_t> labels_of(const PreparedDataset& data, const std::vector<std::int64_t>& windows) {
  std::vector<std::int8_t> out;
  out.reserve(windows.size());
  for (auto w : windows) out.push_back(data.windows.window_label[w] != 0 ? 1 : 0);
  return out;
}

MethodResult finish(const JobInputs& in, const JobData& job, const TestScores& scores, std::int64_t n_train,
                    const WindowBatcher& source_batcher, const WindowBatcher& target_batcher,
                    const BatchEmbedder& embed, std::int64_t max_vectors) {
  MethodResult r;
  // The only place the target test labels are read.
  r.score(labels_of(*job.target, job.target_test), scores.predicted, scores.score);
  r.n_train = n_train;
  r.n_test = static_cast<std::int64_t>(job.target_test.size());
  r.n_labelled = static_cast<std::int64_t>(job.target_labelled.size());
  if (in.keep_vectors && embed) {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> parts;
    auto add = [&](const WindowBatcher& b, const PreparedDataset& d, const std::vector<std::int64_t>& w,
                   std::int8_t system) {
      const auto picked = spread(w, max_vectors);
      for (const auto& rows : chunks(static_cast<std::int64_t>(picked.size()), 512)) {
        std::vector<std::int64_t> ids;
        for (auto i : rows) ids.push_back(picked[i]);
        parts.push_back(to_host(embed(b.make(ids)), torch::kFloat32));
      }
      for (auto l : labels_of(d, picked)) r.vector_labels.push_back(l);
      r.vector_system.insert(r.vector_system.end(), picked.size(), system);
    };
    add(source_batcher, *job.source, job.source_train, 0);
    add(target_batcher, *job.target, job.target_test, 1);
    if (!parts.empty()) {
      auto all = torch::cat(parts, 0).contiguous();
      r.vectors = Matrix(all.size(0), all.size(1));
      std::memcpy(r.vectors.data.data(), all.data_ptr<float>(), r.vectors.data.size() * sizeof(float));
    }
  }
  return r;
}

}  // namespace baseline
}  // namespace logsweep
