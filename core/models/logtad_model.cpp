#include "core/models/logtad_model.hpp"

#include <algorithm>
#include <cmath>

#include "core/models/common_attention.hpp"
#include "core/models/common_grl.hpp"

namespace logsweep {

LogTadNetImpl::LogTadNetImpl(LogTadShape shape) {
  lstm_ = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(shape.input, shape.hidden)
                                                      .num_layers(shape.layers)
                                                      .dropout(shape.layers > 1 ? shape.dropout : 0.0)
                                                      .batch_first(true)));
  domain_ = register_module("domain", torch::nn::Sequential(torch::nn::Linear(shape.hidden, shape.domain_hidden),
                                                            torch::nn::ReLU(),
                                                            torch::nn::Linear(shape.domain_hidden, 2)));
}

torch::Tensor LogTadNetImpl::embed(const torch::Tensor& x, const torch::Tensor& mask) {
  auto out = std::get<0>(lstm_->forward(x));
  return masked_mean(out, mask);
}

torch::Tensor LogTadNetImpl::domain_logits(const torch::Tensor& z, double alpha) {
  return domain_->forward(grad_reverse(z, alpha));
}

torch::Tensor svdd_center(const torch::Tensor& z, const torch::Tensor& weight, double eps) {
  torch::Tensor c;
  if (weight.defined()) {
    auto w = weight.to(z.dtype()).unsqueeze(1);
    c = (z * w).sum(0) / w.sum();
  } else {
    c = z.mean(0);
  }
  if (eps > 0) {
    auto small = c.abs() < eps;
    auto pushed = torch::where(c < 0, torch::full_like(c, -eps), torch::full_like(c, eps));
    c = torch::where(small, pushed, c);
  }
  return c.detach();
}

torch::Tensor svdd_distance(const torch::Tensor& z, const torch::Tensor& center) {
  return (z - center).pow(2).sum(1).sqrt();
}

SvddThreshold search_svdd_threshold(const std::vector<double>& distance, const std::vector<std::int8_t>& label,
                                    int steps, double fallback_quantile) {
  SvddThreshold out;
  std::vector<double> normal, anomalous;
  for (std::size_t i = 0; i < distance.size(); ++i) (label[i] ? anomalous : normal).push_back(distance[i]);
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
  };
  out.mean_normal = mean(normal);
  out.mean_anomalous = mean(anomalous);
  if (anomalous.empty() || normal.empty()) {
    std::vector<double> v = normal.empty() ? anomalous : normal;
    std::sort(v.begin(), v.end());
    if (!v.empty()) {
      const auto k = static_cast<std::size_t>(std::floor(fallback_quantile * static_cast<double>(v.size() - 1)));
      out.radius = v[k];
    }
    return out;
  }
  const double lo = std::min(out.mean_normal, out.mean_anomalous);
  const double hi = std::max(out.mean_normal, out.mean_anomalous);
  out.searched = true;
  out.validation_f1 = -1;
  for (int s = 0; s <= steps; ++s) {
    const double r = lo + (hi - lo) * s / std::max(1, steps);
    std::int64_t tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < distance.size(); ++i) {
      const bool pred = distance[i] > r;
      tp += pred && label[i];
      fp += pred && !label[i];
      fn += !pred && label[i];
    }
    const double f1 = tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    if (f1 > out.validation_f1) {
      out.validation_f1 = f1;
      out.radius = r;
    }
  }
  return out;
}

}  // namespace logsweep
