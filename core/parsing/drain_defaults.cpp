// Per-family Drain settings: DrainParams' defaults with the family's overrides from the family
// table (core/logs/log_families.cpp, which says where each value comes from).
#include "core/logs/log_families.hpp"
#include "core/parsing/drain.hpp"

namespace logsweep {

DrainParams drain_defaults(const std::string& format) {
  const DrainOverrides& o = find_log_family(format).drain;
  DrainParams p;
  if (o.sim_threshold) p.sim_threshold = *o.sim_threshold;
  if (o.depth) p.depth = *o.depth;
  p.masks = o.masks;
  return p;
}

}  // namespace logsweep
