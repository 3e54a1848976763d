#include "core/util/device.hpp"

#include <fmt/format.h>

#include <climits>
#include <vector>

#include "core/util/strings.hpp"

namespace logsweep {

const char* const kNoCudaInThisLibtorch =
    "this libtorch was built without CUDA; use device: cpu, or build against a CUDA libtorch: README, Running on GPUs";

namespace {

// A decimal integer >= 0 that fits an int, digits only (no sign, no blanks); nullopt otherwise.
std::optional<int> non_negative_int(const char* text) {
  if (!text || !*text) return std::nullopt;
  long long v = 0;
  for (const char* c = text; *c; ++c) {
    if (*c < '0' || *c > '9') return std::nullopt;
    v = v * 10 + (*c - '0');
    if (v > INT_MAX) return std::nullopt;
  }
  return static_cast<int>(v);
}

// The GPU a rank takes for `auto`/`cuda` among `visible` >= 1 GPUs (see device.hpp).
int gpu_of_rank(std::optional<int> local_rank, RankRole role, int visible) {
  if (role != RankRole::Worker || !local_rank) return 0;
  const int k = (*local_rank - 1) % visible;
  return k < 0 ? k + visible : k;  // local rank 0 of a node without the coordinator
}

bool is_device(const std::string& text) {
  return text == "auto" || text == "cpu" || text == "cuda" ||
         (starts_with(text, "cuda:") && non_negative_int(text.c_str() + 5));
}

// What a value that is no device most likely means beyond spelling: another case ("CUDA:1") or
// "gpu" for cuda ("GPU", "gpu:1"); "" when nothing fits.
std::string likely_meant(const std::string& text) {
  std::string lower = ascii_lower(text);
  if (lower == "gpu" || starts_with(lower, "gpu:")) lower = "cuda" + lower.substr(3);
  return lower != text && is_device(lower) ? lower : "";
}

}  // namespace

DeviceRequest parse_device(const std::string& text, const std::string& what, const Location& where) {
  if (text == "auto") return {DeviceRequest::Kind::Auto, 0};
  if (text == "cpu") return {DeviceRequest::Kind::Cpu, 0};
  if (text == "cuda") return {DeviceRequest::Kind::Cuda, 0};
  if (starts_with(text, "cuda:")) {
    if (auto n = non_negative_int(text.c_str() + 5)) return {DeviceRequest::Kind::CudaIndex, *n};
    throw ConfigError(fmt::format("{}: '{}' is not a device: the GPU number after 'cuda:' must be an integer >= 0; "
                                  "valid: auto, cpu, cuda, cuda:0, cuda:1, ...",
                                  what, text),
                      where);
  }
  const std::string meant = likely_meant(text);
  throw ConfigError(fmt::format("{}: '{}' is not a device; {}, cuda:1, ...", what, text,
                                meant.empty() ? suggest(text, {"auto", "cpu", "cuda", "cuda:0"})
                                              : "did you mean '" + meant + "'? valid: auto, cpu, cuda, cuda:0"),
                    where);
}

std::string device_text(const DeviceRequest& r) {
  switch (r.kind) {
    case DeviceRequest::Kind::Auto:
      return "auto";
    case DeviceRequest::Kind::Cpu:
      return "cpu";
    case DeviceRequest::Kind::Cuda:
      return "cuda";
    case DeviceRequest::Kind::CudaIndex:
      return fmt::format("cuda:{}", r.index);
  }
  return "auto";
}

std::optional<int> local_rank_from_env(const char* ompi_local_rank, const char* slurm_localid) {
  if (auto r = non_negative_int(ompi_local_rank)) return r;
  return non_negative_int(slurm_localid);
}

std::string choose_device(const DeviceRequest& request, const CudaSupport& cuda, std::optional<int> local_rank,
                          RankRole role, const Location& where) {
  using Kind = DeviceRequest::Kind;
  if (request.kind == Kind::Cpu) return "cpu";
  if (request.kind == Kind::Auto) {
    if (role == RankRole::Coordinator || !cuda.compiled || cuda.visible < 1) return "cpu";
    return fmt::format("cuda:{}", gpu_of_rank(local_rank, role, cuda.visible));
  }
  if (!cuda.compiled) throw ConfigError(kNoCudaInThisLibtorch, where);
  if (role == RankRole::Coordinator) return "cpu";
  if (cuda.visible < 1)
    throw ConfigError(
        fmt::format("device '{}': this libtorch has CUDA, but this process sees no GPU (check "
                    "CUDA_VISIBLE_DEVICES, or ask Slurm for GPUs with --gres=gpu:N); use device: cpu or auto",
                    device_text(request)),
        where);
  if (request.kind == Kind::CudaIndex) {
    if (request.index >= cuda.visible)
      throw ConfigError(fmt::format("device 'cuda:{}': this process sees {} GPU(s), cuda:0 to cuda:{}; did you mean "
                                    "'cuda:{}'? (or 'cuda': one GPU per worker)",
                                    request.index, cuda.visible, cuda.visible - 1, cuda.visible - 1),
                        where);
    return fmt::format("cuda:{}", request.index);
  }
  return fmt::format("cuda:{}", gpu_of_rank(local_rank, role, cuda.visible));
}

}  // namespace logsweep
