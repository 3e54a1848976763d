// A labelling session on disk (label_session.hpp): the job from the config's matrix, the loop
// saved between rounds, the round files, and the detector written at the end.
#include "runner/service/label_session.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "cluster/matrix.hpp"
#include "cluster/prepare.hpp"
#include "cluster/scheduler.hpp"
#include "core/data/file_digest.hpp"
#include "core/logs/reader.hpp"
#include "experiments/logaction/logaction_loop.hpp"
#include "core/logs/utf8.hpp"
#include "runner/service/detector.hpp"
#include "runner/service/key_file.hpp"
#include "runner/service/round_file.hpp"

namespace fs = std::filesystem;

namespace logsweep {
namespace {

constexpr const char* kSessionFormat = "logsweep-label-session 1";

// session.txt: "key value" lines after the format line.
struct SessionInfo {
  std::string config, config_digest, source, target, method, job, state_digest, version;
  double budget = 0;
  std::uint64_t seed = 0;
  int round = 0, rounds = 0;  // the round waiting for labels (0: none)
  bool over = false;
};

void write_info(const std::string& dir, const SessionInfo& s) {
  write_key_file(dir + "/session.txt", kSessionFormat,
                 {{"config", s.config},
                  {"config_digest", s.config_digest},
                  {"source", s.source},
                  {"target", s.target},
                  {"method", s.method},
                  {"budget", fmt::format("{}", s.budget)},
                  {"seed", std::to_string(s.seed)},
                  {"job", s.job},
                  {"round", std::to_string(s.round)},
                  {"rounds", std::to_string(s.rounds)},
                  {"over", s.over ? "1" : "0"},
                  {"state_digest", s.state_digest},
                  {"version", s.version}});
}

SessionInfo read_info(const std::string& dir) {
  const auto f = KeyFile::read(dir + "/session.txt", kSessionFormat,
                               "not a labelling session: run `logsweep label start` first");
  SessionInfo s;
  s.config = f.text("config"), s.config_digest = f.text("config_digest"), s.source = f.text("source");
  s.target = f.text("target"), s.method = f.text("method"), s.job = f.text("job");
  s.state_digest = f.text("state_digest");
  s.version = f.same_version("version", fmt::format("go on with logsweep {}, or start the session again with this "
                                                    "version (the labels so far are in {}/labels.tsv)",
                                                    f.text("version"), dir));
  s.budget = f.number("budget");
  s.seed = static_cast<std::uint64_t>(f.integer("seed"));
  s.round = static_cast<int>(f.integer("round"));
  s.rounds = static_cast<int>(f.integer("rounds"));
  s.over = f.integer("over") != 0;
  return s;
}

LogActionVariant variant_of(const std::string& method) {
  for (auto v : {LogActionVariant::Full, LogActionVariant::NoTransfer, LogActionVariant::RandomSelection,
                 LogActionVariant::EnergyOnly, LogActionVariant::UncertaintyOnly}) {
    if (method == logaction_variant_name(v)) return v;
  }
  throw field_error("--method", fmt::format("'{}' buys no labels: a session needs LogAction or one of its ablations "
                                            "(LogAction_wt, _wa, _wu, _we)",
                                            method));
}

// The job of the config's matrix, its inputs and its loop, alive together (the loop reads the
// datasets the pool holds).
struct OpenSession {
  ExperimentConfig cfg;
  std::unique_ptr<Embedders> embedders;
  std::unique_ptr<DatasetPool> pool;
  Job job;
  JobInputs in;
  std::unique_ptr<LogActionLoop> loop;
};

std::unique_ptr<OpenSession> open_job(const std::string& config, const std::string& source, const std::string& target,
                                      const std::string& method, std::optional<double> budget,
                                      std::optional<std::uint64_t> seed) {
  auto s = std::make_unique<OpenSession>();
  s->cfg = load_config(config);
  const auto variant = variant_of(method);
  if (!budget) {
    for (double b : s->cfg.budgets)
      if (b > 0 && !budget) budget = b;
    if (!budget) throw field_error("--budget", "the config has no budget above 0: give --budget");
  }
  if (!seed) seed = s->cfg.seeds.at(0);
  const auto jobs = expand_jobs(s->cfg, data_keys(s->cfg), JobFilter{method, {}});
  const Job* found = nullptr;
  for (const auto& j : jobs)
    if (!found && j.source == source && j.target == target && std::abs(j.budget - *budget) < 1e-12 &&
        j.seed == *seed && j.data_point.empty() && j.variant.empty())
      found = &j;
  if (!found)
    throw field_error("--pair", fmt::format("the matrix of {} has no {} job {} -> {} at budget {} seed {} (pairs, "
                                            "methods, budgets and seeds come from the config; swept jobs are not offered)",
                                            config, method, source, target, *budget, *seed));
  s->job = *found;
  fs::create_directories(s->cfg.cache_dir);
  s->embedders = std::make_unique<Embedders>(s->cfg);
  s->pool = std::make_unique<DatasetPool>(s->cfg, *s->embedders);
  s->in = job_inputs(s->job, *s->pool, false, "cpu");
  const auto& T = s->in.target->windows;
  LoopOptions opts;
  opts.truth_known = !T.indices(SplitRole::Test, 1).empty();  // else a person's own log: nothing to score on
  s->loop = std::make_unique<LogActionLoop>(s->in, variant, opts);
  return s;
}

std::unique_ptr<OpenSession> reopen(const std::string& dir, SessionInfo& info) {
  info = read_info(dir);
  auto s = open_job(info.config, info.source, info.target, info.method, info.budget, info.seed);
  if (s->job.id != info.job)
    throw InputError(fmt::format("the config or its data changed since the session started: job {} is now {} "
                                 "(the session's labels stay in {}/labels.tsv)",
                                 info.job, s->job.id, dir),
                     Location::in_file(dir + "/session.txt", 0, "job"));
  const auto state = dir + "/state.pt";
  if (file_digest(state, "session state", "") != info.state_digest)
    throw InputError("the saved state does not match its digest in session.txt (changed or damaged)", Location::in_file(state));
  s->loop->load(state);
  return s;
}

// "a | b ×3 | c": the window's events as templates, repeats in a row counted.
std::string window_templates(const PreparedDataset& d, std::int64_t w) {
  const auto& ws = d.windows;
  const auto seq = ws.window_seq[static_cast<std::size_t>(w)];
  std::string out;
  std::int32_t last = -1;
  int run = 0;
  auto flush = [&] {
    if (last < 0) return;
    out += (out.empty() ? "" : " | ") + d.templates[static_cast<std::size_t>(last)];
    if (run > 1) out += fmt::format(" ×{}", run);
  };
  for (auto i = ws.seq_offsets[seq]; i < ws.seq_offsets[seq + 1]; ++i) {
    const auto e = ws.seq_events[static_cast<std::size_t>(i)];
    if (e == last) {
      ++run;
      continue;
    }
    flush();
    last = e, run = 1;
  }
  flush();
  return out;
}

// Where a fixed window's records are in the log file (a reader skips malformed lines, so record
// k is not line k + 1) and their raw text, read again from the log for the windows of a round.
struct WindowLines {
  std::vector<std::uint64_t> line;       // record -> file line
  std::map<std::size_t, std::string> raw;  // record -> its line, for the records wanted
};

WindowLines window_lines(const DatasetSpec& spec, const std::vector<std::int64_t>& windows) {
  WindowLines out;
  if (spec.window.kind != "fixed") return out;
  std::set<std::size_t> wanted;
  for (auto w : windows)
    for (int i = 0; i < spec.window.size; ++i) wanted.insert(static_cast<std::size_t>(w * spec.window.step + i));
  auto reader_spec = spec.reader;
  reader_spec.keep_raw = true;
  auto reader = open_reader(reader_spec);
  for (LogRecord rec; reader->next(rec);) {
    if (wanted.count(out.line.size())) out.raw[out.line.size()] = std::move(rec.raw);
    out.line.push_back(rec.line_no);
  }
  return out;
}

// "lines a-b of <log>" and the lines joined by newlines (the round file shows them as " ⏎ ").
std::pair<std::string, std::string> window_where(const DatasetSpec& spec, std::int64_t w, const WindowLines& lines) {
  const auto first = static_cast<std::size_t>(w * spec.window.step);
  const auto last = first + static_cast<std::size_t>(spec.window.size) - 1;
  if (spec.window.kind != "fixed" || last >= lines.line.size())
    return {fmt::format("{} window {} of {}", spec.window.kind, w, spec.reader.path), ""};
  std::string text;
  for (auto r = first; r <= last; ++r) text += (r == first ? "" : "\n") + lines.raw.at(r);
  return {fmt::format("lines {}-{} of {}", lines.line[first], lines.line[last], spec.reader.path), text};
}

std::string round_path(const std::string& dir, int round) { return fmt::format("{}/round-{}.tsv", dir, round); }

// Saves the loop and the session record; writes the round file of a purchase, if any.
LabelStep save_step(const std::string& dir, OpenSession& s, SessionInfo& info, const std::optional<Purchase>& p) {
  const auto state = dir + "/state.pt";
  s.loop->save(state);
  info.state_digest = file_digest(state, "session state", "");
  info.round = p ? p->round : 0;
  info.rounds = p ? p->rounds : info.rounds;
  info.over = !p;
  LabelStep step{dir, info.round, info.rounds, "", info.over};
  if (p) {
    std::vector<RoundRow> rows;
    const auto& spec = s.cfg.dataset(s.job.target_dataset()).spec;
    const auto lines = window_lines(spec, p->windows);
    for (std::size_t i = 0; i < p->windows.size(); ++i) {
      const auto w = p->windows[i];
      auto [where, text] = window_where(spec, w, lines);
      rows.push_back({w, std::move(where), s.in.target->windows.window_time[static_cast<std::size_t>(w)],
                      p->probability[i], p->reason, window_templates(*s.in.target, w), std::move(text)});
    }
    step.round_file = round_path(dir, p->round);
    write_round_file(step.round_file, {p->round, p->rounds, "logsweep label next " + dir}, rows);
  }
  write_info(dir, info);
  return step;
}

// The detector of a finished session: the networks, the Drain state after the target's log
// (parsed again: the prepared data keeps no Drain), its templates and embeddings as trained on,
// and what a new log needs (format, window spec, embedder reference).
void write_session_detector(const std::string& det, OpenSession& s, const SessionInfo& info, const MethodResult& result,
                            const std::vector<std::string>& summary) {
  const auto& entry = s.cfg.dataset(s.job.target_dataset());
  Drain drain(entry.spec.drain);
  parse_log(entry.spec, &drain);
  const auto& target = *s.in.target;
  auto templates = drain.templates();
  for (auto& t : templates) t = utf8_escaped(t);
  if (templates != target.templates)
    throw Error(fmt::format("internal error: parsing {} again gave {} templates where the prepared data has {}",
                            entry.spec.reader.path, templates.size(), target.templates.size()));
  fs::create_directories(det);
  s.loop->save_networks(det + "/networks.pt");
  DetectorManifest m;
  m.config = info.config, m.config_digest = info.config_digest, m.job = info.job, m.method = info.method;
  m.source = info.source, m.target = info.target, m.budget = info.budget, m.seed = info.seed;
  m.labels = result.n_labelled;
  m.summary = summary;
  m.reader = entry.spec.reader;
  m.window = entry.spec.window;
  m.embedder = entry.embedder;
  m.embedder_identity = s.embedders->of(entry.spec.name).identity();
  write_detector(det, m, drain, target.templates, target.embeddings);
}

}  // namespace

LabelStep label_start(const LabelStartOptions& o) {
  if (fs::exists(o.dir + "/session.txt"))
    throw field_error("--dir", fmt::format("{} already holds a session: continue it with `logsweep label next {}`",
                                           o.dir, o.dir));
  auto s = open_job(o.config, o.source, o.target, o.method, o.budget, o.seed);
  fs::create_directories(o.dir);
  SessionInfo info;
  info.config = fs::absolute(o.config).string();
  info.config_digest = file_digest(o.config, "config", "");
  info.source = o.source, info.target = o.target, info.method = o.method;
  info.budget = s->job.budget, info.seed = s->job.seed, info.job = s->job.id, info.version = LOGSWEEP_VERSION;
  const auto p = s->loop->next();
  return save_step(o.dir, *s, info, p);
}

LabelStep label_next(const std::string& dir) {
  SessionInfo info;
  auto s = reopen(dir, info);
  if (info.over) throw ConfigError(fmt::format("every round of {} is answered: run `logsweep label finish {}`", dir, dir));
  const auto file = round_path(dir, info.round);
  const auto windows = s->loop->pending_windows();
  const auto labels = read_round_labels(file, windows);  // a bad row stops here; nothing changed yet
  {
    std::ofstream log(dir + "/labels.tsv", std::ios::app);
    if (log.tellp() == 0) log << "window\tlabel\tround\n";
    for (std::size_t i = 0; i < windows.size(); ++i)
      log << windows[i] << '\t' << static_cast<int>(labels[i]) << '\t' << info.round << '\n';
  }
  s->loop->answer(labels);
  const auto p = s->loop->next();
  return save_step(dir, *s, info, p);
}

MethodResult label_finish(const std::string& dir) {
  SessionInfo info;
  auto s = reopen(dir, info);
  if (!info.over)
    throw ConfigError(fmt::format("round {} of {} still waits for its labels in {}", info.round, info.rounds,
                                  round_path(dir, info.round)));
  auto result = s->loop->finish();
  std::vector<std::string> summary;
  for (std::size_t r = 0; r < result.rounds.size(); ++r) {
    const auto& rec = result.rounds[r];
    summary.push_back(fmt::format("round {}: bought {} ({} anomalous), test P {:.4f} R {:.4f} F1 {:.4f}", r, rec.bought,
                                  rec.bought_anomalous, rec.precision, rec.recall, rec.f1));
  }
  summary.push_back(fmt::format("test: P {:.4f} R {:.4f} F1 {:.4f} over {} windows{}", result.precision, result.recall,
                                result.f1, result.n_test,
                                std::isnan(result.f1) ? " (the target's test labels are unknown)" : ""));
  write_session_detector(dir + "/detector", *s, info, result, summary);
  std::ostringstream text;
  text << "logsweep " << LOGSWEEP_VERSION << "\nconfig " << info.config << "\nconfig_digest " << info.config_digest
       << "\njob " << info.job << " (" << info.method << " " << info.source << " -> " << info.target << ", budget "
       << info.budget << ", seed " << info.seed << ")\nlabels " << result.n_labelled << "\n";
  for (const auto& line : summary) text << line << "\n";
  std::ofstream(dir + "/result.txt", std::ios::trunc) << text.str();
  return result;
}

}  // namespace logsweep
