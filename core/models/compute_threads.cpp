#include "core/models/compute_threads.hpp"

#include <dlfcn.h>
#include <torch/torch.h>

namespace logsweep {

bool set_compute_threads(int n) {
  using SetThreads = void (*)(int);
  // OPENBLAS_NUM_THREADS in the environment would be read when the library loads, before main().
  auto openblas = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (!openblas) {
    torch::set_num_threads(n);
    return false;
  }
  torch::set_num_threads(1);
  openblas(n);
  return true;
}

}  // namespace logsweep
