// The `device` setting in the YAML and the device line of the run header (cluster/device.hpp);
// the choice per rank itself is tested in tests/util/device_test.cpp.
#include "cluster/device.hpp"

#include <gtest/gtest.h>

#include "cluster/config_error.hpp"
#include "support/test_support.hpp"
#include "support/two_methods.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

struct DeviceFixture {
  TempDir dir;
  std::vector<std::string> methods = testing::two_methods();
  DeviceFixture() {
    dir.write("a.log", "x\n");
    dir.write("b.log", "y\n");
  }
  std::string yaml(const std::string& device_line) const {
    return "name: d\n"
           "datasets:\n"
           "  - {name: A, format: bgl, path: a.log}\n"
           "  - {name: B, format: bgl, path: b.log}\n"
           "methods: [" + methods[0] + "]\n"
           "budgets: [0]\n" + device_line;
  }
};

TEST(DeviceConfig, ReadsEveryFormAndDefaultsToAuto) {
  DeviceFixture f;
  if (f.methods.empty()) GTEST_SKIP() << "no method registered";
  EXPECT_EQ(load_config(f.dir.write("exp.yaml", f.yaml(""))).device, (DeviceRequest{DeviceRequest::Kind::Auto, 0}));
  for (const char* d : {"auto", "cpu", "cuda", "cuda:2"}) {
    const auto c = load_config(f.dir.write("exp.yaml", f.yaml(std::string("device: ") + d + "\n")));
    EXPECT_EQ(device_text(c.device), d);
    EXPECT_EQ(c.device_where.line, 7u) << "kept for the errors of the choice at run time";
    EXPECT_EQ(c.device_where.field, "device");
  }
}

TEST(DeviceConfig, ABadValueIsLocatedAndNamesTheNearestValidOne) {
  DeviceFixture f;
  if (f.methods.empty()) GTEST_SKIP() << "no method registered";
  std::string e = testing::config_error(f.dir, f.yaml("device: cudaa\n"));
  EXPECT_NE(e.find("exp.yaml:7:9 (field 'device'): 'device': 'cudaa' is not a device; did you mean 'cuda'?"),
            std::string::npos)
      << e;
  e = testing::config_error(f.dir, f.yaml("device: cuda:one\n"));
  EXPECT_NE(e.find("exp.yaml:7:9 (field 'device')"), std::string::npos) << e;
  EXPECT_NE(e.find("must be an integer >= 0"), std::string::npos) << e;
  EXPECT_NE(config_reference(false).find("| `device` | auto\\|cpu\\|cuda\\|cuda:N | auto |"), std::string::npos);
}

TEST(DeviceHeader, OneDeviceOrOnePerRank) {
  struct Row {
    std::vector<std::string> by_rank;
    const char* want;
  };
  const std::vector<Row> rows = {
      {{"cpu"}, "device cpu"},                             // one rank runs everything
      {{"cuda:0"}, "device cuda:0"},
      {{"cpu", "cpu", "cpu"}, "device cpu"},               // rank 0 coordinates on the CPU
      {{"cpu", "cuda:0", "cuda:0"}, "device cuda:0"},      // its device is not the jobs'
      {{"cpu", "cuda:0", "cuda:1", "cuda:0"}, "devices: rank 1 cuda:0, rank 2 cuda:1, rank 3 cuda:0"},
      {{}, "device cpu"},
  };
  for (const auto& r : rows) EXPECT_EQ(describe_devices(r.by_rank), r.want);
}

}  // namespace
}  // namespace logsweep
