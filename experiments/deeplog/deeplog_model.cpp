#include "experiments/deeplog/deeplog_model.hpp"

#include <algorithm>
#include <map>

#include "core/util/errors.hpp"

namespace logsweep {

DeepLogNetImpl::DeepLogNetImpl(DeepLogShape shape) : shape_(shape) {
  lstm_ = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(shape.vocab + 1, shape.hidden)
                                                      .num_layers(shape.layers)
                                                      .batch_first(true)));
  out_ = register_module("out", torch::nn::Linear(shape.hidden, shape.vocab));
}

torch::Tensor DeepLogNetImpl::forward(const torch::Tensor& history) {
  // One-hot inputs (the padding id has its own slot) as in DeepLog's key-sequence model.
  auto x = torch::one_hot(history, shape_.vocab + 1).to(torch::kFloat32);
  auto out = std::get<0>(lstm_->forward(x));
  return out_->forward(out.select(1, out.size(1) - 1));
}

ShortWindows parse_short_windows(const std::string& s) {
  if (s == "pad_end") return ShortWindows::End;
  if (s == "pad_start") return ShortWindows::Start;
  throw ConfigError("DeepLog short_windows must be pad_end or pad_start, not '" + s + "'");
}

void append_next_event_examples(NextEventExamples& out, const std::int32_t* events, std::size_t n, std::int32_t pad,
                                ShortWindows rule, bool training) {
  if (n == 0) return;
  const auto h = static_cast<std::size_t>(out.history);
  std::vector<std::int32_t> padded;
  const std::size_t missing = n < h + 1 ? h + 1 - n : 0;
  if (rule == ShortWindows::Start) padded.assign(missing, pad);
  padded.insert(padded.end(), events, events + n);
  if (rule == ShortWindows::End) padded.insert(padded.end(), missing, pad);
  for (std::size_t t = h; t < padded.size(); ++t) {
    if (training && padded[t] == pad) continue;
    out.context.insert(out.context.end(), padded.begin() + (t - h), padded.begin() + t);
    out.next.push_back(padded[t]);
    out.weight.push_back(1.0f);
  }
}

NextEventExamples example_batch(const NextEventExamples& all, const std::vector<std::int64_t>& positions, bool dedup) {
  NextEventExamples b;
  b.history = all.history;
  const auto h = all.history;
  // Ordered map keyed by (context, next) -> row: the merged order is that of first appearance.
  std::map<std::vector<std::int32_t>, std::size_t> row;
  std::vector<std::int32_t> key(h + 1);
  for (auto p : positions) {
    const auto* ctx = all.context.data() + p * h;
    if (dedup) {
      std::copy(ctx, ctx + h, key.begin());
      key[h] = all.next[p];
      auto [it, fresh] = row.emplace(key, b.next.size());
      if (!fresh) {
        b.weight[it->second] += all.weight[p];
        continue;
      }
    }
    b.context.insert(b.context.end(), ctx, ctx + h);
    b.next.push_back(all.next[p]);
    b.weight.push_back(all.weight[p]);
  }
  return b;
}

torch::Tensor context_tensor(const NextEventExamples& ex) {
  const auto n = static_cast<std::int64_t>(ex.size());
  auto t = torch::empty({n, ex.history}, torch::kInt64);
  auto* d = t.data_ptr<std::int64_t>();
  for (std::size_t i = 0; i < ex.context.size(); ++i) d[i] = ex.context[i];
  return t;
}

DeepLogTrainOn parse_train_on(const std::string& s) {
  if (s == "normal") return DeepLogTrainOn::Normal;
  if (s == "pool") return DeepLogTrainOn::Pool;
  if (s == "labelled_normals") return DeepLogTrainOn::LabelledNormals;
  throw ConfigError("DeepLog train_on must be normal, pool or labelled_normals, not '" + s + "'");
}

DeepLogTrainingSet deeplog_training_windows(const WindowSet& target, const std::vector<std::int64_t>& pool,
                                            const std::vector<std::int64_t>& labelled, DeepLogTrainOn on) {
  DeepLogTrainingSet out;
  auto normals_of = [&](const std::vector<std::int64_t>& ws) {
    for (auto w : ws)
      if (target.window_label.at(w) == 0) out.windows.push_back(w);
    out.labels_read = static_cast<std::int64_t>(ws.size());
  };
  switch (on) {
    case DeepLogTrainOn::Normal: normals_of(pool); break;
    case DeepLogTrainOn::LabelledNormals: normals_of(labelled); break;
    case DeepLogTrainOn::Pool: out.windows = pool; break;
  }
  return out;
}

std::vector<std::int64_t> true_event_ranks(const torch::Tensor& probs, const std::vector<std::int32_t>& truth) {
  auto p = probs.to(torch::kFloat64).contiguous();
  const auto n = p.size(0), v = p.size(1);
  const double* data = p.data_ptr<double>();
  std::vector<std::int64_t> ranks(n);
  for (std::int64_t i = 0; i < n; ++i) {
    const double* row = data + i * v;
    const double pt = row[truth[i]];
    std::int64_t higher = 0;
    for (std::int64_t j = 0; j < v; ++j) higher += row[j] > pt;
    ranks[i] = higher + 1;
  }
  return ranks;
}

bool deeplog_position_anomalous(std::int64_t rank, bool is_class, std::int64_t g) { return !is_class || rank > g; }

}  // namespace logsweep
