#pragma once
// Factories of the method families; methods.cpp lists them all in one place.
#include <memory>
#include <vector>

#include "experiments/method.hpp"

namespace logsweep {

// LogAction, LogAction_wt/_wa/_wu/_we, Supervised (experiments/logaction.cpp).
std::vector<std::unique_ptr<Method>> make_logaction_family();
// MetaLog, LogSynergy, LogTransfer, LogTAD, DeepLog (one file each; collected in baselines.cpp).
std::vector<std::unique_ptr<Method>> make_baselines();

}  // namespace logsweep
