#include "cluster/launcher.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace logsweep {

KillWindow launcher_kill_window() {
  KillWindow w;
  if (!std::getenv("OMPI_MCA_orte_hnp_uri")) return w;  // not started by ORTE's mpirun
  w.limited = true;
  w.seconds = 1;  // Open MPI's default odls_base_sigkill_timeout
  if (const char* t = std::getenv("OMPI_MCA_odls_base_sigkill_timeout")) {
    char* end = nullptr;
    const double v = std::strtod(t, &end);
    if (end != t && *end == '\0' && std::isfinite(v) && v >= 0) w.seconds = v;
  }
  return w;
}

double effective_grace(double grace, const KillWindow& w) {
  if (!w.limited) return grace;
  return std::max(0.0, std::min(grace, w.seconds - kExitMargin));
}

std::string kill_window_note(double grace, const KillWindow& w) {
  const double fits = effective_grace(grace, w);
  if (fits >= grace) return "";
  return fmt::format(
      "logsweep: note: under mpirun a Ctrl-C/SIGTERM reaches the ranks {0} s late and SIGKILL follows {0} s later "
      "(Open MPI's odls_base_sigkill_timeout = {0}): running jobs would get {1} s, not --grace {2}; for the full "
      "grace start mpirun with OMPI_MCA_odls_base_sigkill_timeout={3}",
      w.seconds, fits, grace, static_cast<long>(std::ceil(grace + 2 * kExitMargin + 1)));
}

}  // namespace logsweep
