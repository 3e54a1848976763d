// The log-format families (see log_families.hpp). Header layouts are LogPAI's log_format
// strings (Thunderbird's "(\[<PID>\])?" folded into Component). Drain settings follow
// ../shared/METHODS.md (LogAction: BGL/Zookeeper st 0.5 depth 4, Thunderbird st 0.3 depth 2;
// MetaLog: HDFS st 0.5 depth 4); masks are the LogPAI benchmark's
// (logparser/benchmark/Drain_benchmark.py). Depth: Drain3 counts the root and the length layer,
// so depth 4 = one leading-token layer; LogAction's Thunderbird "depth 2" comes from LogPAI's
// Drain, where it means "no token layer", and any depth <= 3 means the same here.
#include "core/logs/log_families.hpp"

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep {
namespace {

const char* const kAlertTagThunderbird =
    "<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>: <Content>";
const char* const kExampleThunderbird =
    "VAPI 1131566461 2005.11.09 tn1 Nov 9 12:01:01 tn1/tn1 kernel: example failure on node tn1\n"
    "- 1131566462 2005.11.09 tn2 Nov 9 12:01:02 tn2/tn2 sshd[42]: example session opened\n";

std::vector<LogFamily> build() {
  std::vector<LogFamily> t;
  {
    LogFamily f;
    f.name = "bgl";
    f.line_format = "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>";
    f.time = TimeRule::UnixField;
    f.session = SessionRule::Field;
    f.session_field = "Node";
    f.label = LabelRuleKind::AlertTag;
    f.rules = "session = Node; label = alert tag (first token != \"-\")";
    f.drain.masks = {R"(core\.\d+)"};
    f.loghub_sample = "BGL";
    f.example =
        "KERNEL 1117838570 2005.06.03 R00-M0-N0 2005-06-03-15.42.50.675872 R00-M0-N0 RAS KERNEL FATAL example "
        "failure\n"
        "- 1117838571 2005.06.03 R00-M0-N1 2005-06-03-15.42.51.675872 R00-M0-N1 RAS KERNEL INFO example event\n";
    t.push_back(f);
  }
  {
    LogFamily f;
    f.name = "thunderbird";
    f.line_format = kAlertTagThunderbird;
    f.time = TimeRule::UnixField;
    f.session = SessionRule::Field;
    f.session_field = "User";
    f.label = LabelRuleKind::AlertTag;
    f.rules = "session = User (node name); label = alert tag";
    f.drain.sim_threshold = 0.3;
    f.drain.depth = 2;
    f.drain.masks = {R"((\d+\.){3}\d+)"};
    f.loghub_sample = "Thunderbird";
    f.example = kExampleThunderbird;
    t.push_back(f);
  }
  {
    // No Spirit sample was available: Spirit assumes Thunderbird's layout and Drain settings.
    LogFamily f = t.back();
    f.name = "spirit";
    f.rules += " (Thunderbird's layout assumed)";
    f.loghub_sample.clear();
    t.push_back(f);
  }
  {
    LogFamily f;
    f.name = "zookeeper";
    f.line_format = "<Date> <Time> - <Level> [<Node>:<Component>@<Id>] - <Content>";
    f.time = TimeRule::DateTime;
    f.label = LabelRuleKind::FieldEquals;
    f.label_field = "Level";
    f.label_value = "ERROR";
    f.rules = "no session; label = Level == ERROR (LogAction's rule)";
    f.drain.masks = {R"((/|)(\d+\.){3}\d+(:\d+)?)"};
    f.loghub_sample = "Zookeeper";
    f.example =
        "2015-07-29 17:41:44,747 - ERROR [main:QuorumPeer@100] - example failure\n"
        "2015-07-29 17:41:45,001 - INFO [main:QuorumPeer@101] - example event\n";
    t.push_back(f);
  }
  {
    LogFamily f;
    f.name = "hdfs";
    f.line_format = "<Date> <Time> <Pid> <Level> <Component>: <Content>";
    f.time = TimeRule::DateTime;
    f.session = SessionRule::HdfsBlock;
    f.label = LabelRuleKind::SessionFile;
    f.rules = "session = first blk_ id of the line; label = that block's in label_file";
    f.drain.masks = {R"(blk_-?\d+)", R"((\d+\.){3}\d+(:\d+)?)"};
    f.loghub_sample = "HDFS";
    f.example =
        "081109 203615 148 INFO dfs.DataNode$PacketResponder: example block blk_1 received\n"
        "081109 203616 149 INFO dfs.FSNamesystem: example block blk_-2 allocated\n";
    t.push_back(f);
  }
  {
    LogFamily f;
    f.name = "openstack";
    f.line_format = "<Logrecord> <Date> <Time> <Pid> <Level> <Component> [<ADDR>] <Content>";
    f.time = TimeRule::DateTime;
    f.session = SessionRule::OpenStackInstance;
    f.label = LabelRuleKind::SessionFile;
    f.rules = "session = \"[instance: <uuid>]\" id; label = listed in label_file";
    f.drain.depth = 5;
    f.drain.masks = {R"(((\d+\.){3}\d+,?)+)", R"(/.+?\s)", R"(\d+)"};
    f.loghub_sample = "OpenStack";
    f.example =
        "nova-compute.log 2017-05-16 00:00:04.500 2931 INFO nova.compute.manager [req-1 - - - -] [instance: "
        "b9000564-fe1a-409b-b8cc-1e88b294cd1d] example VM started\n";
    t.push_back(f);
  }
  {
    LogFamily f;
    f.name = "generic";
    f.rules =
        "line_format fields; timestamp from <Timestamp> (unix seconds) or <Date> + <Time>; session = <Session> or "
        "else <Node>; label from the label rule or, per session, label_file";
    f.example =
        "<Date> <Time> <Level>: <Content>\n2024-01-01 10:00:00 ERROR: disk failed\n2024-01-01 10:00:01 INFO: disk ok\n";
    t.push_back(f);
  }
  return t;
}

}  // namespace

const std::vector<LogFamily>& log_families() {
  static const std::vector<LogFamily> t = build();
  return t;
}

const LogFamily& find_log_family(const std::string& name) {
  for (const auto& f : log_families())
    if (f.name == name) return f;
  std::vector<std::string> names;
  for (const auto& f : log_families()) names.push_back(f.name);
  Location where;
  where.field = "format";
  throw ConfigError("unknown log format '" + name + "'; " + suggest(name, names), where);
}

const std::string& log_family_choices() {
  static const std::string text = [] {
    std::string s;
    for (const auto& f : log_families()) s += (s.empty() ? "" : " | ") + f.name;
    return s;
  }();
  return text;
}

}  // namespace logsweep
