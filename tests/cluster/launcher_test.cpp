#include "cluster/launcher.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace logsweep {
namespace {

// Sets (or, with nullptr, removes) an environment variable for one test and restores it.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value) setenv(name, value, 1);
    else unsetenv(name);
  }
  ~EnvVar() {
    if (had_) setenv(name_, old_.c_str(), 1);
    else unsetenv(name_);
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

TEST(Launcher, OutsideMpirunTheGraceIsKept) {
  EnvVar hnp("OMPI_MCA_orte_hnp_uri", nullptr);
  const KillWindow w = launcher_kill_window();
  EXPECT_FALSE(w.limited);
  EXPECT_EQ(effective_grace(240, w), 240);
  EXPECT_EQ(kill_window_note(240, w), "");
}

TEST(Launcher, UnderMpirunTheGraceFitsOpenMpisSigkillTimeout) {
  EnvVar hnp("OMPI_MCA_orte_hnp_uri", "1.0;tcp://127.0.0.1:1");
  {
    EnvVar t("OMPI_MCA_odls_base_sigkill_timeout", nullptr);
    const KillWindow w = launcher_kill_window();
    ASSERT_TRUE(w.limited);
    EXPECT_EQ(w.seconds, 1);  // Open MPI's default
    EXPECT_EQ(effective_grace(5, w), 0.5);  // 1 s - kExitMargin
    const std::string note = kill_window_note(5, w);
    EXPECT_NE(note.find("OMPI_MCA_odls_base_sigkill_timeout=7"), std::string::npos) << note;  // 5 + 2 * 0.5 + 1
  }
  {
    EnvVar t("OMPI_MCA_odls_base_sigkill_timeout", "10");
    const KillWindow w = launcher_kill_window();
    EXPECT_EQ(w.seconds, 10);
    EXPECT_EQ(effective_grace(5, w), 5);
    EXPECT_EQ(kill_window_note(5, w), "");
    EXPECT_EQ(effective_grace(240, w), 9.5);
  }
  {
    EnvVar t("OMPI_MCA_odls_base_sigkill_timeout", "0");
    EXPECT_EQ(effective_grace(5, launcher_kill_window()), 0);
  }
}

}  // namespace
}  // namespace logsweep
