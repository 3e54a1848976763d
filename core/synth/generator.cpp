// Writes the synthetic corpus: per system, a stream of normal workflows with drifting mix and
// rare noise lines, interrupted by anomaly bursts; rendered with the system's header shape.
//
// Randomness is std::mt19937_64 consumed with plain integer arithmetic (no std::*_distribution),
// so a seed gives byte-identical files on every standard library.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/synth/generator.hpp"
#include "core/synth/systems.hpp"
#include "core/util/errors.hpp"
#include "core/util/hash.hpp"

namespace logsweep {
namespace {

using synth_detail::LineDef;
using synth_detail::SystemDef;
using synth_detail::Workflow;

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  std::uint64_t below(std::uint64_t n) { return g_() % n; }  // modulo bias is negligible for small n
  // True with probability p (p resolved to 1/2^32 steps).
  bool chance(double p) { return static_cast<double>(g_() >> 32) < p * 4294967296.0; }

 private:
  std::mt19937_64 g_;
};

// UTC calendar fields of a time (Hinnant's civil_from_days), independent of the host's TZ.
struct Civil {
  int year, month, day, hour, minute, second;
};
Civil civil(long long t) {
  long long days = t / 86400, rem = t % 86400;
  if (rem < 0) rem += 86400, --days;
  days += 719468;
  const long long era = (days >= 0 ? days : days - 146096) / 146097;
  const long long doe = days - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return {y, m, d, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60)};
}

const char* const kUsers[] = {"root", "alice", "bob", "hpcuser", "svc_backup", "jdoe", "mlab", "ops"};
const char* const kDirs[] = {"home", "scratch", "var", "opt", "data", "gpfs", "tmp", "usr"};
const char* const kFiles[] = {"run.sh", "input.dat", "core.img", "snapshot.0", "app.conf", "libmpi.so", "out.log"};

class Filler {
 public:
  Filler(Rng& rng, const SystemDef& sys) : rng_(rng), sys_(sys) {}

  // Replaces each {placeholder} of `text`; `node` fills {node}.
  std::string fill(const char* text, const std::string& node) {
    std::string out;
    for (const char* p = text; *p; ++p) {
      const char* close = *p == '{' ? std::strchr(p, '}') : nullptr;
      if (!close) {
        out += *p;
        continue;
      }
      value(std::string(p + 1, close), node, out);
      p = close;
    }
    return out;
  }

 private:
  void value(const std::string& name, const std::string& node, std::string& out) {
    char buf[64];
    if (name == "num") {
      std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(rng_.below(rng_.below(2) ? 100 : 10000)));
    } else if (name == "big") {
      std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(rng_.below(1000000000)));
    } else if (name == "hex") {
      std::snprintf(buf, sizeof buf, "0x%08llx", static_cast<unsigned long long>(rng_.below(1ULL << 32)));
    } else if (name == "sess") {
      std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(rng_.below(1ULL << 56) | (1ULL << 52)));
    } else if (name == "ip") {
      std::snprintf(buf, sizeof buf, "10.%d.%d.%d", static_cast<int>(rng_.below(4) + 10),
                    static_cast<int>(rng_.below(256)), static_cast<int>(rng_.below(254) + 1));
    } else if (name == "port") {
      std::snprintf(buf, sizeof buf, "%d", static_cast<int>(rng_.below(64000) + 1024));
    } else if (name == "pid") {
      std::snprintf(buf, sizeof buf, "%d", static_cast<int>(rng_.below(31000) + 1000));
    } else if (name == "mac") {
      std::snprintf(buf, sizeof buf, "00:11:43:%02x:%02x:%02x", static_cast<int>(rng_.below(256)),
                    static_cast<int>(rng_.below(256)), static_cast<int>(rng_.below(256)));
    } else if (name == "user") {
      out += kUsers[rng_.below(std::size(kUsers))];
      return;
    } else if (name == "path") {
      out += "/";
      out += kDirs[rng_.below(std::size(kDirs))];
      out += "/";
      out += kUsers[rng_.below(std::size(kUsers))];
      out += "/";
      out += kFiles[rng_.below(std::size(kFiles))];
      return;
    } else if (name == "host" || name == "node") {
      out += name == "node" || sys_.nodes.empty() ? node : sys_.nodes[rng_.below(sys_.nodes.size())];
      return;
    } else {
      throw Error("synthetic template uses unknown placeholder {" + name + "}");
    }
    out += buf;
  }

  Rng& rng_;
  const SystemDef& sys_;
};

// Renders one line with the system's header shape; `tag` is "" for normal lines.
class Formatter {
 public:
  explicit Formatter(const SystemDef& sys) : format_(sys.format) {}

  std::string line(long long t, int millis, const std::string& node, const std::string& component,
                   const LineDef& def, const std::string& tag, const std::string& content) const {
    const Civil c = civil(t);
    char head[256];
    const char* label = tag.empty() ? "-" : tag.c_str();
    if (format_ == "bgl") {
      std::snprintf(head, sizeof head, "%s %lld %04d.%02d.%02d %s %04d-%02d-%02d-%02d.%02d.%02d.%06d %s RAS %s %s ",
                    label, t, c.year, c.month, c.day, node.c_str(), c.year, c.month, c.day, c.hour, c.minute,
                    c.second, millis * 1000 + (millis * 7919 + 13) % 1000, node.c_str(), component.c_str(), def.level);
    } else if (format_ == "thunderbird") {
      static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
      std::snprintf(head, sizeof head, "%s %lld %04d.%02d.%02d %s %s %d %02d:%02d:%02d %s/%s %s: ", label, t, c.year,
                    c.month, c.day, node.c_str(), months[c.month - 1], c.day, c.hour, c.minute, c.second, node.c_str(),
                    node.c_str(), component.c_str());
    } else {  // zookeeper: the level is padded to 5 as log4j's %-5p does
      std::snprintf(head, sizeof head, "%04d-%02d-%02d %02d:%02d:%02d,%03d - %-5s [%s] - ", c.year, c.month, c.day,
                    c.hour, c.minute, c.second, millis, def.level, component.c_str());
    }
    return head + content;
  }

 private:
  std::string format_;
};

// One system's generator state.
class SystemWriter {
 public:
  SystemWriter(const SystemDef& sys, const SynthSpec& spec, std::ofstream& out)
      : sys_(sys), spec_(spec), out_(out), rng_(system_seed(spec.seed, sys.name)), filler_(rng_, sys), fmt_(sys),
        time_ms_(sys.start_epoch * 1000) {}

  SynthSystem run() {
    SynthSystem r;
    while (lines_ < spec_.lines_per_system) {
      if (rng_.chance(0.02)) {
        emit(sys_.noise[rng_.below(sys_.noise.size())], "", pick_node());
      } else {
        const Workflow& w = pick_workflow();
        const std::string node = pick_node();
        for (const auto& l : w.lines) {
          emit(l, "", node);
          if (rng_.chance(spec_.anomaly_rate)) ++pending_bursts_;
        }
      }
      while (pending_bursts_ > 0) {
        --pending_bursts_;
        burst();
      }
    }
    r.lines = lines_;
    r.anomalous_lines = anomalous_;
    return r;
  }

 private:
  static std::uint64_t system_seed(std::uint64_t seed, const char* name) {
    return Hasher().add(static_cast<std::int64_t>(seed)).add(std::string_view(name)).value();
  }

  std::string pick_node() { return sys_.nodes.empty() ? "" : sys_.nodes[rng_.below(sys_.nodes.size())]; }

  // Weight of each workflow at the current position (linear drift, late arrivals).
  const Workflow& pick_workflow() {
    const long long n = std::max<long long>(1, spec_.lines_per_system), pos = std::min<long long>(lines_, n);
    long long total = 0;
    weights_.resize(sys_.normal.size());
    for (std::size_t i = 0; i < sys_.normal.size(); ++i) {
      const Workflow& w = sys_.normal[i];
      long long wt = 0;
      if (pos * 1000 >= static_cast<long long>(w.appear_permille) * n) wt = w.w0 * 1000 + (w.w1 - w.w0) * 1000 * pos / n;
      weights_[i] = wt;
      total += wt;
    }
    long long r = static_cast<long long>(rng_.below(static_cast<std::uint64_t>(total)));
    for (std::size_t i = 0; i < weights_.size(); ++i) {
      if (r < weights_[i]) return sys_.normal[i];
      r -= weights_[i];
    }
    return sys_.normal.back();
  }

  // 1..burst_max anomalous lines of one semantic on one node, close together in time, with an
  // occasional normal line in between.
  void burst() {
    const auto& a = sys_.anomalies[rng_.below(sys_.anomalies.size())];
    const int len = 1 + static_cast<int>(rng_.below(static_cast<std::uint64_t>(std::max(1, spec_.burst_max))));
    const std::string node = pick_node();
    for (int k = 0; k < len; ++k) {
      if (k > 0 && rng_.chance(0.3)) emit(pick_workflow().lines.front(), "", node, 1);
      emit(a.lines[rng_.below(a.lines.size())], a.tag, node, 1);
    }
  }

  // Appends one line (none once the file is full, so a workflow or burst may be cut short).
  void emit(const LineDef& def, const char* tag, const std::string& node, int max_gap_s = -1) {
    if (lines_ >= spec_.lines_per_system) return;
    const int gap_s = max_gap_s < 0 ? sys_.max_gap_s : max_gap_s;
    time_ms_ += static_cast<long long>(rng_.below(static_cast<std::uint64_t>(gap_s) * 1000 + 1));
    const long long time = time_ms_ / 1000;
    const int millis = static_cast<int>(time_ms_ % 1000);
    const bool anomalous = std::string(sys_.format) == "zookeeper" ? std::string(def.level) == "ERROR" : *tag != '\0';
    // Zookeeper anomalies carry no tag: the reader labels them by level, so ERROR is reserved.
    const std::string content = filler_.fill(def.text, node);
    const std::string component = filler_.fill(def.component, node);
    out_ << fmt_.line(time, millis, node, component, def, anomalous && *tag ? tag : "", content) << '\n';
    ++lines_;
    if (anomalous) ++anomalous_;
  }

  const SystemDef& sys_;
  const SynthSpec& spec_;
  std::ofstream& out_;
  Rng rng_;
  Filler filler_;
  Formatter fmt_;
  long long time_ms_;  // clock of the last line, milliseconds
  std::int64_t lines_ = 0;
  std::int64_t anomalous_ = 0;
  int pending_bursts_ = 0;
  std::vector<long long> weights_;
};

void write_readme(const std::string& path, const SynthSpec& spec, const std::vector<SynthSystem>& systems) {
  std::ofstream out(path);
  out << "Synthetic multi-system log corpus written by logsweep (seed " << spec.seed << ").\n"
      << "Invented messages; headers shaped like Loghub's BGL, Thunderbird and Zookeeper so the\n"
      << "matching readers parse them. Same seed and spec -> byte-identical files.\n\n";
  for (auto& s : systems)
    out << s.name << ".log  format " << s.format << "  lines " << s.lines << "  anomalous lines " << s.anomalous_lines
        << "\n";
  out << "\nLabels: bgl/thunderbird: first token '-' = normal, an alert tag = anomalous;\n"
      << "zookeeper: Level ERROR = anomalous (normal lines are INFO or WARN).\n"
      << "Anomaly semantics shared by all systems, each worded differently per system:\n ";
  for (auto& a : synth_detail::anomaly_semantics()) out << " " << a;
  out << "\nAnomalies come in bursts of 1.." << spec.burst_max << " lines on one node (a burst starts after a\n"
      << "normal line with probability " << spec.anomaly_rate << "). Normal traffic: workflows whose mix drifts\n"
      << "linearly over the file, some appearing only part-way through, plus 2% rare noise lines.\n";
  if (!out) throw StorageError("cannot write " + path);
}

}  // namespace

std::vector<SynthSystem> generate_corpus(const std::string& dir, const SynthSpec& spec) {
  namespace fs = std::filesystem;
  if (spec.lines_per_system < 1) throw ConfigError("lines_per_system must be >= 1");
  if (!(spec.anomaly_rate >= 0.0 && spec.anomaly_rate <= 1.0)) throw ConfigError("anomaly_rate must be in [0, 1]");
  if (spec.burst_max < 1) throw ConfigError("burst_max must be >= 1");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw StorageError("cannot create directory " + dir + ": " + ec.message());
  std::vector<SynthSystem> out;
  for (const auto& sys : synth_detail::synth_systems()) {
    const std::string path = (fs::path(dir) / (std::string(sys.name) + ".log")).string();
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw StorageError("cannot write " + path);
    SynthSystem r = SystemWriter(sys, spec, file).run();
    file.close();
    if (!file) throw StorageError("error while writing " + path);
    r.name = sys.name;
    r.format = sys.format;
    r.log_path = path;
    out.push_back(std::move(r));
  }
  write_readme((fs::path(dir) / "README.txt").string(), spec, out);
  return out;
}

}  // namespace logsweep
