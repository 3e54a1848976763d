// The device setting and the device each rank computes on (core/util/device.hpp): pure, so every
// GPU layout is a row of a table here, also on this CPU-only machine.
#include "core/util/device.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace logsweep {
namespace {

using Kind = DeviceRequest::Kind;

TEST(DeviceSetting, ParsesEveryValidForm) {
  struct Row {
    const char* text;
    DeviceRequest want;
  };
  const std::vector<Row> rows = {
      {"auto", {Kind::Auto, 0}},      {"cpu", {Kind::Cpu, 0}},           {"cuda", {Kind::Cuda, 0}},
      {"cuda:0", {Kind::CudaIndex, 0}}, {"cuda:7", {Kind::CudaIndex, 7}}, {"cuda:12", {Kind::CudaIndex, 12}},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(parse_device(r.text, "'device'"), r.want) << r.text;
    EXPECT_EQ(device_text(parse_device(r.text, "'device'")), r.text) << "round trip";
  }
}

TEST(DeviceSetting, ABadValueIsALocatedConfigErrorNamingTheNearestValidOne) {
  struct Row {
    const char* text;
    const char* says;  // part of the message
  };
  const std::vector<Row> rows = {
      {"cudaa", "did you mean 'cuda'?"},
      {"CPU", "did you mean 'cpu'? valid: auto, cpu, cuda, cuda:0, cuda:1, ..."},
      {"gpu", "did you mean 'cuda'?"},
      {"GPU:1", "did you mean 'cuda:1'?"},
      {"Cuda:2", "did you mean 'cuda:2'?"},
      {"tpu", "valid: auto, cpu, cuda, cuda:0, cuda:1, ..."},
      {"aut", "did you mean 'auto'?"},
      {"", "'' is not a device"},
      {"cuda:", "must be an integer >= 0"},
      {"cuda:-1", "must be an integer >= 0"},
      {"cuda:+1", "must be an integer >= 0"},
      {"cuda: 1", "must be an integer >= 0"},
      {"cuda:1x", "must be an integer >= 0"},
      {"cuda:99999999999", "must be an integer >= 0"},
  };
  for (const auto& r : rows) {
    try {
      parse_device(r.text, "'device'", Location{"exp.yaml", 4, 9, "device"});
      ADD_FAILURE() << "accepted '" << r.text << "'";
    } catch (const ConfigError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("exp.yaml:4:9 (field 'device'): 'device': '" + std::string(r.text) + "'", 0), 0u) << what;
      EXPECT_NE(what.find(r.says), std::string::npos) << what;
    }
  }
}

TEST(DeviceSetting, LocalRankComesFromOpenMpiThenSlurm) {
  struct Row {
    const char* ompi;
    const char* slurm;
    std::optional<int> want;
  };
  const std::vector<Row> rows = {
      {nullptr, nullptr, std::nullopt},
      {"3", nullptr, 3},
      {nullptr, "2", 2},
      {"0", "5", 0},          // Open MPI's wins when both are set
      {"", "5", 5},           // empty = unset
      {"x", "1", 1},          // garbage is ignored, not read as 0
      {"-1", nullptr, std::nullopt},
      {" 1", nullptr, std::nullopt},
      {"1 ", nullptr, std::nullopt},
      {"4294967296", nullptr, std::nullopt},  // does not fit an int
  };
  for (const auto& r : rows)
    EXPECT_EQ(local_rank_from_env(r.ompi, r.slurm), r.want)
        << (r.ompi ? r.ompi : "(unset)") << " / " << (r.slurm ? r.slurm : "(unset)");
}

struct ChoiceRow {
  const char* request;
  CudaSupport cuda;
  std::optional<int> local_rank;
  RankRole role;
  const char* want;
};

TEST(DeviceChoice, EachRankGetsItsDevice) {
  const CudaSupport none{false, 0}, no_gpu{true, 0}, one{true, 1}, four{true, 4};
  const auto W = RankRole::Worker, C = RankRole::Coordinator, A = RankRole::Alone;
  const std::vector<ChoiceRow> rows = {
      // auto: CUDA only when libtorch has it and a GPU is visible.
      {"auto", none, std::nullopt, A, "cpu"},
      {"auto", no_gpu, std::nullopt, A, "cpu"},
      {"auto", one, std::nullopt, A, "cuda:0"},
      {"auto", four, 2, A, "cuda:0"},  // a process alone takes GPU 0 whatever its local rank
      // Workers on the coordinator's node: local ranks 1..4 take GPUs 0..3, then round again.
      {"auto", four, 1, W, "cuda:0"},
      {"auto", four, 2, W, "cuda:1"},
      {"auto", four, 4, W, "cuda:3"},
      {"auto", four, 5, W, "cuda:0"},
      {"auto", four, 9, W, "cuda:0"},
      // Local rank 0 on another node is a worker too: (0 - 1) mod 4 = 3.
      {"auto", four, 0, W, "cuda:3"},
      {"auto", one, 0, W, "cuda:0"},
      {"auto", one, 3, W, "cuda:0"},
      {"auto", four, std::nullopt, W, "cuda:0"},  // no local rank known
      {"auto", four, 0, C, "cpu"},                 // the coordinator computes nothing
      // cuda: the same GPU per rank, but asked for.
      {"cuda", four, 3, W, "cuda:2"},
      {"cuda", one, std::nullopt, A, "cuda:0"},
      {"cuda", four, 0, C, "cpu"},
      {"cuda", no_gpu, 0, C, "cpu"},  // the coordinator's node may have no GPU
      // cuda:N: that GPU for every rank that runs jobs.
      {"cuda:2", four, 1, W, "cuda:2"},
      {"cuda:2", four, std::nullopt, A, "cuda:2"},
      {"cuda:3", four, 0, W, "cuda:3"},
      {"cuda:0", one, 5, W, "cuda:0"},
      {"cuda:9", one, 0, C, "cpu"},
      // cpu: always, even with GPUs.
      {"cpu", four, 1, W, "cpu"},
      {"cpu", none, std::nullopt, A, "cpu"},
  };
  for (const auto& r : rows)
    EXPECT_EQ(choose_device(parse_device(r.request, "'device'"), r.cuda, r.local_rank, r.role), r.want)
        << r.request << " compiled=" << r.cuda.compiled << " visible=" << r.cuda.visible
        << " local_rank=" << (r.local_rank ? std::to_string(*r.local_rank) : "none") << " role=" << static_cast<int>(r.role);
}

TEST(DeviceChoice, ImpossibleRequestsAreConfigErrors) {
  const CudaSupport none{false, 0}, no_gpu{true, 0}, two{true, 2};
  const auto W = RankRole::Worker, C = RankRole::Coordinator, A = RankRole::Alone;
  const std::string no_cuda =
      "this libtorch was built without CUDA; use device: cpu, or build against a CUDA libtorch: README, Running on GPUs";
  const std::vector<ChoiceRow> rows = {
      {"cuda", none, std::nullopt, A, no_cuda.c_str()},
      {"cuda", none, 1, W, no_cuda.c_str()},
      {"cuda", none, 0, C, no_cuda.c_str()},  // every rank refuses: they agree on the error
      {"cuda:0", none, std::nullopt, A, no_cuda.c_str()},
      {"cuda", no_gpu, 1, W, "sees no GPU"},
      {"cuda:0", no_gpu, std::nullopt, A, "sees no GPU"},
      {"cuda:2", two, 1, W, "device 'cuda:2': this process sees 2 GPU(s), cuda:0 to cuda:1; did you mean 'cuda:1'?"},
      {"cuda:5", two, std::nullopt, A, "did you mean 'cuda:1'?"},
  };
  for (const auto& r : rows) {
    try {
      const std::string got =
          choose_device(parse_device(r.request, "'device'"), r.cuda, r.local_rank, r.role, Location{"", 0, 0, "--device"});
      ADD_FAILURE() << r.request << " gave " << got;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(r.want), std::string::npos) << e.what();
      EXPECT_EQ(e.where().field, "--device");
    }
  }
}

}  // namespace
}  // namespace logsweep
