// The command line itself: help, option errors, exit statuses, config errors under mpirun.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/models/device.hpp"
#include "runner/runner_support.hpp"
#include "support/registered_methods.hpp"

namespace logsweep::testing {
namespace {

TEST(Cli, TopLevelHelpListsEveryCommand) {
  CmdResult r = sh(bin() + " --help");
  EXPECT_EQ(r.code, 0);
  for (const char* c : {"generate", "prepare", "run", "status", "table", "plot"}) EXPECT_TRUE(has(r.out, c)) << c;
  EXPECT_EQ(sh(bin()).code, 2) << "no command is a usage error";
}

TEST(Cli, CommandHelpListsEveryOption) {
  CmdResult r = sh(bin() + " run --help");
  EXPECT_EQ(r.code, 0);
  for (const char* o : {"--dry-run", "--list", "--resume", "--retry-failed", "--threads N", "--only-method M", "--quiet",
                        "--device D", "--grace SECONDS", "--help-config", "--help"})
    EXPECT_TRUE(has(r.out, o)) << o << "\n" << r.out;
  EXPECT_TRUE(has(sh(bin() + " status --help").out, "--config CONFIG"));
  EXPECT_TRUE(has(sh(bin() + " generate --help").out, "--lines N"));
  EXPECT_TRUE(has(sh(bin() + " table --help").out, "--layout L"));
}

TEST(Cli, UnknownOptionAndCommandSuggestNearest) {
  CmdResult r = sh(bin() + " run some.yaml --thread 2");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.out, "logsweep: error: unknown option '--thread' for 'run'; did you mean '--threads'")) << r.out;
  r = sh(bin() + " rnu x.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.out, "unknown command 'rnu'; did you mean 'run'")) << r.out;
  r = sh(bin() + " run a.yaml b.yaml");
  EXPECT_EQ(r.code, 2);
  r = sh(bin() + " run a.yaml --threads zero");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.out, "option --threads expects an integer")) << r.out;
}

TEST(Cli, HelpConfigDocumentsKeysAndMethodParameters) {
  CmdResult r = sh(bin() + " run --help-config");
  EXPECT_EQ(r.code, 0);
  for (const char* k : {"`budgets`", "`method_params`", "`sim_threshold`", "#### LogAction", "`round_epochs`"})
    EXPECT_TRUE(has(r.out, k)) << k;
}

// The binary lists every method that experiments/**/*.cpp registers, in rank order: fails when the
// linker drops a method file from the static experiments library.
TEST(Cli, HelpConfigListsEveryRegisteredMethod) {
  const std::string out = sh(bin() + " run --help-config").out;
  std::vector<std::string> listed;
  for (std::size_t at = out.find("\n#### "); at != std::string::npos; at = out.find("\n#### ", at + 1))
    listed.push_back(out.substr(at + 6, out.find('\n', at + 6) - at - 6));
  EXPECT_EQ(listed, methods_registered_in_sources());
}

// CONFIG.md is the --help-config output committed for readers: regenerate it when a key or a
// method parameter changes (the first line says how).
TEST(Cli, ConfigMdIsTheCurrentHelpConfig) {
  std::ifstream in(std::string(LOGSWEEP_SOURCE_DIR) + "/CONFIG.md");
  ASSERT_TRUE(in) << "CONFIG.md missing";
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  doc = doc.substr(doc.find("\n\n") + 2);  // the generated-by line and a blank line
  CmdResult r = sh(bin() + " run --help-config");
  EXPECT_EQ(doc, r.out) << "CONFIG.md is stale: logsweep run --help-config, see its first line";
}

TEST(Cli, ConfigErrorExitsWithTwoAndLocation) {
  TempDir d;
  std::string cfg = d.write("bad.yaml", "name: x\nbudgets: [0.5]\nmethodz: [LogAction]\n");
  CmdResult r = sh(bin() + " run " + cfg);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.out, "logsweep: error: " + cfg + ":3:1 (field 'methodz'): unknown key 'methodz'")) << r.out;
  EXPECT_TRUE(has(r.out, "did you mean 'methods'")) << r.out;
  // Under mpirun every rank sees the error; it is printed once and the exit status survives.
  r = sh(mpirun(2) + bin() + " run " + cfg);
  EXPECT_NE(r.code, 0) << r.out;
  std::size_t first = r.out.find("unknown key 'methodz'");
  ASSERT_NE(first, std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("unknown key 'methodz'", first + 1), std::string::npos) << "printed twice:\n" << r.out;
}

TEST(Cli, MissingLogFileIsAnInputError) {
  TempDir d;
  std::string cfg = d.write("exp.yaml",
                            "name: x\ndatasets:\n  - {name: A, format: bgl, path: nope.log}\n  - {name: B, format: bgl, "
                            "path: nope2.log}\nmethods: [LogAction]\nbudgets: [0]\n");
  CmdResult r = sh(bin() + " run " + cfg + " --dry-run");
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.out, cfg + ":3:34")) << r.out;
  EXPECT_TRUE(has(r.out, "log file 'nope.log' does not exist")) << r.out;
}

TEST(Cli, StatusOfMissingResultsIsAnError) {
  TempDir d;
  CmdResult r = sh(bin() + " status " + d.file("none.h5"));
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.out, "logsweep: error: no results at")) << r.out;
}

// Issue 15: `device` in the YAML, `--device` winning over it, and `cuda` refused by a libtorch
// built without CUDA, before any dataset is prepared (the logs here are not even readable).
TEST(Cli, DeviceOptionWinsOverTheYamlAndCudaNeedsACudaLibtorch) {
  if (cuda_support().compiled) GTEST_SKIP() << "this libtorch has CUDA";
  const std::string no_cuda =
      "this libtorch was built without CUDA; use device: cpu, or build against a CUDA libtorch: README, Running on GPUs";
  TempDir d;
  d.write("a.log", "x\n");
  d.write("b.log", "y\n");
  auto config = [&](const std::string& device) {
    return d.write("exp.yaml", "name: x\noutput: out/r.h5\ncache_dir: out/cache\n"
                               "datasets:\n  - {name: A, format: bgl, path: a.log}\n  - {name: B, format: bgl, path: b.log}\n"
                               "methods: [LogAction]\nbudgets: [0]\ndevice: " + device + "\n");
  };
  CmdResult r = sh(bin() + " run " + config("cuda"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(has(r.out, "logsweep: error: " + d.path() + "/exp.yaml:9:9 (field 'device'): " + no_cuda)) << r.out;
  r = sh(bin() + " run " + config("cpu") + " --device cuda:0");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(has(r.out, "(field '--device'): " + no_cuda)) << r.out;
  // Under mpirun every rank refuses; the error is printed once.
  r = sh(mpirun(2) + bin() + " run " + config("cpu") + " --device cuda");
  EXPECT_NE(r.code, 0) << r.out;
  const std::size_t first = r.out.find(no_cuda);
  ASSERT_NE(first, std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(no_cuda, first + 1), std::string::npos) << "printed twice:\n" << r.out;
  // --device cpu over `device: cuda`: the run gets as far as the header (then the logs fail).
  r = sh(bin() + " run " + config("cuda") + " --device cpu");
  EXPECT_FALSE(has(r.out, no_cuda)) << r.out;
  EXPECT_TRUE(has(r.out, " thread(s) per rank, device cpu\n")) << r.out;
  r = sh(bin() + " run " + config("cpu") + " --device cudaa");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(has(r.out, "option --device: 'cudaa' is not a device; did you mean 'cuda'?")) << r.out;
}

}  // namespace
}  // namespace logsweep::testing
