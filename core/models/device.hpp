#pragma once
// What the linked libtorch offers on this node, for choose_device (core/util/device.hpp), which
// is kept free of torch. Asking does not create a CUDA context.
#include "core/util/device.hpp"

namespace logsweep {

// compiled: libtorch was built with CUDA (its CUDA library is linked); visible: the GPUs this
// process sees (after CUDA_VISIBLE_DEVICES), 0 without CUDA.
CudaSupport cuda_support();

}  // namespace logsweep
