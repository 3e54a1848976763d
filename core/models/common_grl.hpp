#pragma once
// Gradient reversal (Ganin & Lempitsky): identity forward, gradient multiplied by -alpha
// backward. Used by domain-adversarial heads (LogTAD's domain classifier, LogSynergy's DAAN).
#include <torch/torch.h>

namespace logsweep {

torch::Tensor grad_reverse(const torch::Tensor& x, double alpha);

}  // namespace logsweep
