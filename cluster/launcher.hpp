#pragma once
// What the launcher does to the ranks after a Ctrl-C or SIGTERM, so that the interrupt path
// (stop handing out jobs, wait `--grace` for running ones, consolidate, exit 130) fits in it.
//
// Open MPI's mpirun (ORTE, measured with 4.1.4) does not forward SIGINT/SIGTERM: it sends the
// ranks SIGCONT, waits odls_base_sigkill_timeout seconds (default 1), sends SIGTERM, waits that
// long again and sends SIGKILL, then exits 1 whatever the ranks returned (ess_base_forward_signals
// refuses SIGINT/SIGTERM). So under mpirun the ranks see the signal T seconds late and have T
// seconds left; `mpirun --mca odls_base_sigkill_timeout T` or OMPI_MCA_odls_base_sigkill_timeout=T
// (both reach the ranks' environment) sets T. srun and a process started alone get the signal
// at once and are not killed by the launcher (Slurm's own KillWait, default 30 s, is after
// the job's end, which `--signal=TERM@300` in the Slurm template leaves far away).
#include <string>

namespace logsweep {

struct KillWindow {
  bool limited = false;  // true under Open MPI's mpirun
  double seconds = 0;    // limited: time from the ranks' SIGTERM to their SIGKILL
};

// Reads this process's environment (ORTE sets OMPI_MCA_orte_hnp_uri in every rank it starts).
KillWindow launcher_kill_window();

// Time rank 0 keeps for consolidating and exiting after the grace period inside a limited window.
constexpr double kExitMargin = 0.5;

// The grace that fits: `grace`, or the window less kExitMargin (never negative).
double effective_grace(double grace, const KillWindow& w);

// One line for rank 0 when the window cuts the grace short (else ""): what happens and the
// setting that gives the full grace.
std::string kill_window_note(double grace, const KillWindow& w);

}  // namespace logsweep
