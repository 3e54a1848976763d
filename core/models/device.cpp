#include "core/models/device.hpp"

#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/cuda.h>

namespace logsweep {

CudaSupport cuda_support() {
  CudaSupport s;
  // torch::cuda::is_available() is false both without CUDA and without a GPU; the CUDA hooks
  // tell the two apart (the stub registered by a CPU-only libtorch says no CUDA runtime).
  s.compiled = at::detail::getCUDAHooks().hasCUDART();
  s.visible = s.compiled ? static_cast<int>(torch::cuda::device_count()) : 0;
  return s;
}

}  // namespace logsweep
