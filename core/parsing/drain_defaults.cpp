// Per-family Drain settings. Thresholds and depths follow ../shared/METHODS.md (LogAction:
// BGL/Zookeeper st 0.5 depth 4, Thunderbird st 0.3 depth 2; MetaLog: HDFS st 0.5 depth 4);
// masks are the LogPAI benchmark's (logparser/benchmark/Drain_benchmark.py).
//
// Depth: Drain3 counts the root and the length layer, so depth 4 = one leading-token layer.
// LogAction's Thunderbird "depth 2" comes from LogPAI's Drain, where it means "no token
// layer"; here any depth <= 3 means the same, so 2 keeps its meaning.
#include <algorithm>

#include "core/parsing/drain.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep {

DrainParams drain_defaults(const std::string& format) {
  DrainParams p;
  if (format == "hdfs") {
    p.masks = {R"(blk_-?\d+)", R"((\d+\.){3}\d+(:\d+)?)"};
  } else if (format == "bgl") {
    p.masks = {R"(core\.\d+)"};
  } else if (format == "thunderbird" || format == "spirit") {
    // Spirit has no published settings; it shares Thunderbird's syslog layout.
    p.sim_threshold = 0.3;
    p.depth = 2;
    p.masks = {R"((\d+\.){3}\d+)"};
  } else if (format == "zookeeper") {
    p.masks = {R"((/|)(\d+\.){3}\d+(:\d+)?)"};
  } else if (format == "openstack") {
    p.depth = 5;
    p.masks = {R"(((\d+\.){3}\d+,?)+)", R"(/.+?\s)", R"(\d+)"};
  } else if (format != "generic") {
    const std::vector<std::string> known = {"bgl", "thunderbird", "spirit", "zookeeper", "hdfs", "openstack", "generic"};
    Location where;
    where.field = "format";
    throw ConfigError("no Drain defaults for format '" + format + "'; " + suggest(format, known), where);
  }
  return p;
}

}  // namespace logsweep
