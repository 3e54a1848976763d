// Writes the synthetic corpus: per system, interleaved instances of ordered workflows (periodic
// routines and weighted ones whose mix drifts), rare noise lines with a long tail, and anomaly
// bursts at the rate the system's target window fraction needs; rendered with the system's
// header shape.
//
// Randomness is std::mt19937_64 consumed with plain integer arithmetic (no std::*_distribution),
// so a seed gives byte-identical files on every standard library.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
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

// One running instance of a workflow: which line it is at and how often that line still repeats.
struct Instance {
  const Workflow* flow = nullptr;
  std::string node;
  std::size_t step = 0;
  int left = 0;  // emissions of lines[step] still due
};

// One system's generator state.
class SystemWriter {
 public:
  SystemWriter(const SystemDef& sys, const SynthSpec& spec, std::ofstream& out)
      : sys_(sys), spec_(spec), out_(out), rng_(system_seed(spec.seed, sys.name)), filler_(rng_, sys), fmt_(sys),
        time_ms_(sys.start_epoch * 1000), spacing_(burst_spacing()) {
    next_burst_ = next_burst_line(0);
    for (std::size_t i = 0; i < sys_.normal.size(); ++i)
      if (sys_.normal[i].period > 0)  // a random phase, then every period +- 25%
        due_.emplace_back(i, static_cast<long long>(rng_.below(static_cast<std::uint64_t>(sys_.normal[i].period))));
    if (!sys_.phase_cycle.empty()) {  // a random phase, part-way through
      phase_ = static_cast<std::size_t>(rng_.below(sys_.phase_cycle.size()));
      phase_end_ = static_cast<long long>(rng_.below(static_cast<std::uint64_t>(sys_.phase_cycle[phase_].lines)));
    }
  }

  SynthSystem run() {
    SynthSystem r;
    while (lines_ < spec_.lines_per_system) {
      start_due_routines();
      while (static_cast<int>(active_.size()) < std::max(1, sys_.concurrency)) active_.push_back(start(next_workflow()));
      if (noise_now() && rng_.below(1000) < static_cast<std::uint64_t>(sys_.noise_permille)) {
        emit(sys_.noise[pick_noise()], "", pick_node());
      } else {
        advance(pick_instance());
      }
      if (lines_ >= next_burst_) {
        const long long started = lines_;
        burst();
        next_burst_ = next_burst_line(started);
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

  // Lines between burst starts for the target fraction of anomalous 20-line windows: a burst of
  // L lines makes the L + 19 windows that overlap it anomalous, so bursts burst_mean + 19 lines
  // wide every (burst_mean + 19) / target lines. 0 = no anomalies.
  double burst_spacing() const {
    if (sys_.anomalous_windows <= 0 || spec_.anomaly_scale <= 0) return 0;
    return (sys_.burst_mean + 19.0) / (sys_.anomalous_windows * spec_.anomaly_scale);
  }

  // Bursts arrive at jittered regular intervals (0.5..1.5 x spacing) rather than as a Poisson
  // process, so that the training and the test part of even a short log both hold bursts of
  // every semantic (the semantics come in rounds, next_semantic).
  long long next_burst_line(long long from) {
    if (spacing_ <= 0) return std::numeric_limits<long long>::max();
    const auto span = static_cast<std::uint64_t>(std::llround(spacing_)) + 1;
    return from + static_cast<long long>(std::llround(spacing_ / 2)) + static_cast<long long>(rng_.below(span));
  }

  long long jittered(int period) {  // period +- 25%
    const long long quarter = std::max(1, period / 4);
    return lines_ + period - quarter + static_cast<long long>(rng_.below(static_cast<std::uint64_t>(2 * quarter + 1)));
  }

  std::string pick_node() { return sys_.nodes.empty() ? "" : sys_.nodes[rng_.below(sys_.nodes.size())]; }

  // Noise lines are drawn uniformly from a long list, so most of them are rare.
  std::size_t pick_noise() { return static_cast<std::size_t>(rng_.below(sys_.noise.size())); }

  Instance start(const Workflow& w) {
    seen_[static_cast<std::size_t>(&w - sys_.normal.data())] = true;
    Instance in{&w, pick_node(), 0, 0};
    in.left = repeats(w);
    return in;
  }

  int repeats(const Workflow& w) {
    const int lo = std::max(1, w.repeat_min), hi = std::max(lo, w.repeat_max);
    return lo + static_cast<int>(rng_.below(static_cast<std::uint64_t>(hi - lo + 1)));
  }

  void start_due_routines() {
    for (auto& [index, due] : due_) {
      if (lines_ < due) continue;
      active_.push_back(start(sys_.normal[index]));
      due = jittered(sys_.normal[index].period);
    }
  }

  // The instances interleave uniformly: with concurrency 1 the log is one routine after another.
  std::size_t pick_instance() { return static_cast<std::size_t>(rng_.below(active_.size())); }

  // Emits the instance's current line and moves it on; a finished instance leaves the active set.
  void advance(std::size_t k) {
    Instance& in = active_[k];
    const Workflow& w = *in.flow;
    emit(w.lines[in.step], "", in.node);
    if (--in.left > 0) return;
    do {
      ++in.step;
    } while (in.step < w.lines.size() && rng_.below(1000) < static_cast<std::uint64_t>(w.skip_permille));
    if (in.step < w.lines.size()) {
      in.left = repeats(w);
      return;
    }
    active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(k));
  }

  // Real logs run in phases (Zookeeper_2k: ~400 lines of nothing but connection teardowns, then
  // ~250 of client sessions with one-off messages, ...): the system's phase_cycle in order, each
  // phase for its lines +-25% (regular, so that every 2,000-line piece holds the same mix, as
  // the one real sample the spec is measured on). Without phases every draw is from all.
  const Workflow& next_workflow() {
    if (const Workflow* late = overdue_workflow()) return *late;
    if (sys_.phase_cycle.empty()) return pick_workflow(-1);
    while (lines_ >= phase_end_) {
      phase_ = (phase_ + 1) % sys_.phase_cycle.size();
      phase_end_ = jittered(sys_.phase_cycle[phase_].lines);
    }
    return pick_workflow(current_group());
  }

  int current_group() const { return sys_.phase_cycle.empty() ? -1 : sys_.phase_cycle[phase_].group; }

  bool noise_now() const { return sys_.noise_group < 0 || sys_.noise_group == current_group(); }

  // Drift is "some drift", present in both periods: a by-weight workflow not drawn by
  // kFirstBy permille of the log past its appearance is started then, so with appear_permille
  // <= 600 every normal routine occurs before the test period (the last 30%) even in a short log
  // (a rare routine first drawn after 70% made all its test windows new to a method).
  static constexpr long long kFirstBy = 50;
  const Workflow* overdue_workflow() {
    const long long n = std::max<long long>(1, spec_.lines_per_system);
    for (std::size_t i = 0; i < sys_.normal.size(); ++i) {
      const Workflow& w = sys_.normal[i];
      if (w.period == 0 && !seen_[i] && lines_ * 1000 >= (w.appear_permille + kFirstBy) * n) return &w;
    }
    return nullptr;
  }

  // Weight of each by-weight workflow at the current position (linear drift, late arrivals),
  // among those of `group` (-1: all); null when none of them has weight yet.
  const Workflow* pick_workflow_or_null(int group) {
    const long long n = std::max<long long>(1, spec_.lines_per_system), pos = std::min<long long>(lines_, n);
    long long total = 0;
    weights_.resize(sys_.normal.size());
    for (std::size_t i = 0; i < sys_.normal.size(); ++i) {
      const Workflow& w = sys_.normal[i];
      long long wt = 0;
      if (w.period == 0 && (group < 0 || w.group == group) &&
          pos * 1000 >= static_cast<long long>(w.appear_permille) * n)
        wt = w.w0 * 1000 + (w.w1 - w.w0) * 1000 * pos / n;
      weights_[i] = wt;
      total += wt;
    }
    if (total <= 0) return nullptr;
    long long r = static_cast<long long>(rng_.below(static_cast<std::uint64_t>(total)));
    for (std::size_t i = 0; i < weights_.size(); ++i) {
      if (r < weights_[i]) return &sys_.normal[i];
      r -= weights_[i];
    }
    return nullptr;
  }

  const Workflow& pick_workflow(int group) {
    const Workflow* w = pick_workflow_or_null(group);
    return w ? *w : sys_.normal.front();
  }

  // The semantics come in shuffled rounds of all six, so every stretch of six bursts shows each
  // one: the training and the test period both hold every semantic.
  const synth_detail::AnomalyDef& next_semantic() {
    if (round_.empty()) {
      for (std::size_t i = 0; i < sys_.anomalies.size(); ++i) round_.push_back(i);
      for (std::size_t i = round_.size(); i > 1; --i) std::swap(round_[i - 1], round_[rng_.below(i)]);
    }
    const std::size_t a = round_.back();
    round_.pop_back();
    return sys_.anomalies[a];
  }

  // Geometric length with the system's mean, truncated at burst_max.
  int burst_length() {
    const double p_more = 1.0 - 1.0 / std::max(1.0, sys_.burst_mean);
    int len = 1;
    while (len < sys_.burst_max && rng_.chance(p_more)) ++len;
    return len;
  }

  // Consecutive anomalous lines of one semantic on one node. The phrasings take turns from a
  // drawn start; the second phrasing leads more often as the log goes on (drift).
  void burst() {
    const auto& a = next_semantic();
    // Long-burst systems show every phrasing in each burst, so a phrasing the test period holds is
    // never one the training period missed by chance (a one-line burst shows only one).
    const int all_phrasings = sys_.burst_mean >= 2 ? std::min(static_cast<int>(a.lines.size()), sys_.burst_max) : 1;
    const int len = std::max(burst_length(), all_phrasings);
    const std::string node = pick_node();
    const double late = static_cast<double>(lines_) / static_cast<double>(std::max<std::int64_t>(1, spec_.lines_per_system));
    std::size_t phrase = a.lines.size() > 1 && rng_.chance(0.2 + 0.6 * late) ? 1 : 0;
    // Short-burst systems (one phrasing per burst) take the phrasings in turn per semantic, so
    // the training period shows each of them once the semantic has occurred as often there.
    if (all_phrasings == 1) phrase = uses_[a.semantic]++ % a.lines.size();
    for (int k = 0; k < len; ++k, phrase = (phrase + 1) % a.lines.size()) emit(a.lines[phrase], a.tag, node, 1);
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
  double spacing_;                // mean lines between burst starts (0: none)
  long long next_burst_ = 0;      // line count at which the next burst starts
  std::int64_t lines_ = 0;
  std::int64_t anomalous_ = 0;
  std::vector<Instance> active_;
  std::size_t phase_ = 0;   // index into phase_cycle
  long long phase_end_ = -1;  // line count at which the current phase ends (-1: before the first)
  std::vector<std::pair<std::size_t, long long>> due_;  // periodic workflow -> line it is next due
  std::vector<std::size_t> round_;                      // semantics left in this round
  std::vector<long long> weights_;
  std::map<std::string, std::size_t> uses_;  // bursts per semantic so far
  std::vector<bool> seen_ = std::vector<bool>(sys_.normal.size(), false);  // workflow started yet
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
  out << "\nAnomalies come in bursts of consecutive lines on one node; every semantic occurs in every part\n"
      << "of the log. Per system (targets measured on the real samples, docs/synthetic.md):\n";
  for (const auto& sys : synth_detail::synth_systems())
    out << "  " << sys.name << ": anomalous 20-line windows " << sys.anomalous_windows * spec.anomaly_scale
        << " (before overlap), burst mean " << sys.burst_mean << " max " << sys.burst_max << " lines\n";
  out << "Normal traffic: ordered workflows and periodic routines, interleaved as in the real log,\n"
      << "whose mix drifts over the file (some appear only part-way through), plus rare noise lines.\n";
  if (!out) throw StorageError("cannot write " + path);
}

}  // namespace

std::vector<SynthSystem> generate_corpus(const std::string& dir, const SynthSpec& spec) {
  namespace fs = std::filesystem;
  if (spec.lines_per_system < 1) throw ConfigError("lines_per_system must be >= 1");
  if (!(spec.anomaly_scale >= 0.0)) throw ConfigError("anomaly_scale must be >= 0");
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
