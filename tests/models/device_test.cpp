// The job's device in the shared model pieces: what this libtorch offers (core/models/device.hpp)
// and batches built on a device (core/models/batch.hpp). Only the CPU path runs on this
// project's machines; the meta device (shapes without data) stands in for "not the CPU".
#include "core/models/device.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/models/batch.hpp"
#include "core/models/common_train.hpp"

namespace logsweep {
namespace {

TEST(CudaSupport, CudaAskedOfThisLibtorchIsRefusedWithTheReadmePointer) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "a GPU is available: the CUDA path is not an error here";
  const CudaSupport here = cuda_support();
  EXPECT_EQ(here.visible, 0);
  const std::string want = here.compiled ? "sees no GPU"
                                         : "this libtorch was built without CUDA; use device: cpu, or build against a "
                                           "CUDA libtorch: README, Running on GPUs";
  for (const char* request : {"cuda", "cuda:0"}) {
    try {
      choose_device(parse_device(request, "'device'"), here, std::nullopt, RankRole::Alone);
      ADD_FAILURE() << request << " accepted without a GPU";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(choose_device(parse_device("auto", "'device'"), here, 1, RankRole::Worker), "cpu");
}

// Embeddings e0 = (1,2), e1 = (3,4); windows [0,1] normal, [1] anomalous.
PreparedDataset two_windows() {
  PreparedDataset d;
  d.name = "two";
  d.embeddings = Matrix(2, 2);
  d.embeddings.data = {1, 2, 3, 4};
  const std::int32_t a[] = {0, 1}, b[] = {1};
  d.windows.add(a, 2, 0, 0);
  d.windows.add(b, 1, 1, 1);
  d.windows.finish();
  return d;
}

void expect_on(const Batch& b, const torch::Device& device) {
  for (const auto* t : {&b.x, &b.mask, &b.events, &b.y, &b.weight}) EXPECT_EQ(t->device(), device);
}

TEST(BatchDevice, ABatcherKeepsItsDeviceAndTheCpuIsTheDefault) {
  auto d = two_windows();
  WindowBatcher on_cpu(d);
  EXPECT_EQ(on_cpu.device(), torch::Device(torch::kCPU));
  expect_on(on_cpu.make({1}), torch::kCPU);
  // The table goes to the device at construction (meta has no index_select: no batch from it).
  EXPECT_EQ(WindowBatcher(d, 0, torch::Device(torch::kMeta)).device(), torch::Device(torch::kMeta));
}

// Runs only where libtorch has CUDA and a GPU is visible (never in this project's CI).
TEST(BatchDevice, OnAGpuEveryBatchTensorIsThereWithTheCpuValues) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no GPU visible to this libtorch";
  auto d = two_windows();
  const torch::Device gpu(torch::kCUDA, 0);
  WindowBatcher on_gpu(d, 0, gpu), on_cpu(d);
  const auto units = window_units(d.windows, {0, 1, 0});
  for (bool dedup : {false, true}) {
    const Batch g = unit_batch(on_gpu, units, {0, 1, 2}, dedup), c = unit_batch(on_cpu, units, {0, 1, 2}, dedup);
    expect_on(g, gpu);
    EXPECT_TRUE(torch::equal(g.x.cpu(), c.x));
    EXPECT_TRUE(torch::equal(g.mask.cpu(), c.mask));
    EXPECT_TRUE(torch::equal(g.events.cpu(), c.events));
    EXPECT_TRUE(torch::equal(g.y.cpu(), c.y));
    EXPECT_TRUE(torch::equal(g.weight.cpu(), c.weight));
  }
  const auto f = torch::randn({4, 3});
  const auto y = torch::tensor({0, 1, 0, 1}, torch::kInt64);
  EXPECT_NEAR(supervised_contrastive_loss(f.to(gpu), y.to(gpu), 0.5).item<double>(),
              supervised_contrastive_loss(f, y, 0.5).item<double>(), 1e-5);
}

TEST(ToHost, ReadsBackAContiguousCpuTensorOfTheDtypeWithoutACopyWhenAlreadyThere) {
  const auto t = torch::tensor({0.25, 0.5}, torch::kFloat64);
  EXPECT_TRUE(to_host(t, torch::kFloat64).is_same(t));
  const auto f = to_host(torch::tensor({1.5f, 2.5f}), torch::kFloat64);
  EXPECT_EQ(f.scalar_type(), torch::kFloat64);
  EXPECT_EQ(f.data_ptr<double>()[1], 2.5);
  const auto strided = torch::arange(6, torch::kFloat32).view({2, 3}).t();
  const auto c = to_host(strided, torch::kFloat32);
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_TRUE(torch::equal(c, strided));
}

}  // namespace
}  // namespace logsweep
