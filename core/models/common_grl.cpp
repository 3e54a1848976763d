#include "core/models/common_grl.hpp"

namespace logsweep {
namespace {

struct GradReverse : torch::autograd::Function<GradReverse> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor x, double alpha) {
    ctx->saved_data["alpha"] = alpha;
    return x.view_as(x);
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad) {
    const double alpha = ctx->saved_data["alpha"].toDouble();
    return {grad[0] * -alpha, torch::Tensor()};
  }
};

}  // namespace

torch::Tensor grad_reverse(const torch::Tensor& x, double alpha) { return GradReverse::apply(x, alpha); }

}  // namespace logsweep
