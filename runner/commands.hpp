#pragma once
// The sub-commands: each file defines its option table and its entry point.
#include <string>
#include <vector>

#include "runner/cli.hpp"

namespace logsweep {

struct SubCommand {
  cli::Command spec;
  int (*main)(const cli::Args& args, int argc, char** argv);
};

SubCommand generate_command();  // cmd_generate.cpp
SubCommand prepare_command();   // cmd_prepare.cpp
SubCommand run_command();       // cmd_run.cpp
SubCommand status_command();    // cmd_status.cpp
SubCommand table_command();     // cmd_table.cpp
SubCommand plot_command();      // cmd_table.cpp
SubCommand label_command();     // cmd_label.cpp
SubCommand detect_command();    // cmd_detect.cpp

// MPI for the commands that use it (run, prepare). Finalizes on normal destruction only: when
// an error unwinds past it, main() decides between MPI_Finalize (all ranks agreed on the error)
// and MPI_Abort (one rank failed alone).
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0, size_ = 1;
};

}  // namespace logsweep
