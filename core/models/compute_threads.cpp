#include "core/models/compute_threads.hpp"

#include <dlfcn.h>
#include <torch/torch.h>

namespace logsweep {

bool set_compute_threads(int n) {
  torch::set_num_threads(n);
  using SetThreads = void (*)(int);
  // OPENBLAS_NUM_THREADS in the environment would be read when the library loads, before main().
  auto fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (!fn) return false;
  fn(n);
  return true;
}

}  // namespace logsweep
