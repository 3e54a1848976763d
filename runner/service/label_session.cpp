// A labelling session on disk (label_session.hpp): the job from the config's matrix, the loop
// saved between rounds, the round files, and the detector written at the end.
#include "runner/service/label_session.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "cluster/matrix.hpp"
#include "cluster/prepare.hpp"
#include "cluster/scheduler.hpp"
#include "core/data/file_digest.hpp"
#include "core/logs/reader.hpp"
#include "experiments/logaction/logaction_loop.hpp"
#include "runner/service/round_file.hpp"

namespace fs = std::filesystem;

namespace logsweep {
namespace {

constexpr const char* kSessionFormat = "logsweep-label-session 1";

Location in_file(const std::string& path, std::uint64_t line = 0, const std::string& field = "") {
  Location where;
  where.file = path;
  where.line = line;
  where.field = field;
  return where;
}

// session.txt: "key value" lines after the format line.
struct SessionInfo {
  std::string config, config_digest, source, target, method, job, state_digest, version;
  double budget = 0;
  std::uint64_t seed = 0;
  int round = 0, rounds = 0;  // the round waiting for labels (0: none)
  bool over = false;
};

void write_info(const std::string& dir, const SessionInfo& s) {
  const auto path = dir + "/session.txt", tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << kSessionFormat << "\n"
        << "config " << s.config << "\nconfig_digest " << s.config_digest << "\nsource " << s.source << "\ntarget "
        << s.target << "\nmethod " << s.method << "\nbudget " << fmt::format("{}", s.budget) << "\nseed " << s.seed
        << "\njob " << s.job << "\nround " << s.round << "\nrounds " << s.rounds << "\nover " << (s.over ? 1 : 0)
        << "\nstate_digest " << s.state_digest << "\nversion " << s.version << "\n";
    if (!out.flush()) throw StorageError("cannot write the session record", in_file(tmp));
  }
  fs::rename(tmp, path);
}

SessionInfo read_info(const std::string& dir) {
  const auto path = dir + "/session.txt";
  std::ifstream in(path);
  if (!in) throw InputError("not a labelling session (no session.txt): run `logsweep label start` first", in_file(path));
  std::string line;
  if (!std::getline(in, line) || line != kSessionFormat)
    throw InputError(fmt::format("expected '{}' on the first line", kSessionFormat), in_file(path, 1));
  std::map<std::string, std::pair<std::string, std::uint64_t>> kv;
  for (std::uint64_t no = 2; std::getline(in, line); ++no) {
    const auto sp = line.find(' ');
    kv[line.substr(0, sp)] = {sp == std::string::npos ? "" : line.substr(sp + 1), no};
  }
  auto get = [&](const std::string& k) {
    auto it = kv.find(k);
    if (it == kv.end()) throw InputError(fmt::format("the session record has no '{}' line", k), in_file(path, 0, k));
    return it->second.first;
  };
  auto number = [&](const std::string& k) {
    try {
      return std::stod(get(k));
    } catch (const std::invalid_argument&) {
      throw InputError(fmt::format("'{}' is not a number", get(k)), in_file(path, kv[k].second, k));
    }
  };
  SessionInfo s;
  s.config = get("config"), s.config_digest = get("config_digest"), s.source = get("source");
  s.target = get("target"), s.method = get("method"), s.job = get("job"), s.state_digest = get("state_digest");
  s.version = get("version");
  s.budget = number("budget");
  s.seed = static_cast<std::uint64_t>(number("seed"));
  s.round = static_cast<int>(number("round"));
  s.rounds = static_cast<int>(number("rounds"));
  s.over = number("over") != 0;
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
  if (info.version != LOGSWEEP_VERSION)
    throw InputError(fmt::format("the session was written by logsweep {}, this is {}", info.version, LOGSWEEP_VERSION),
                     in_file(dir + "/session.txt", 0, "version"));
  auto s = open_job(info.config, info.source, info.target, info.method, info.budget, info.seed);
  if (s->job.id != info.job)
    throw InputError(fmt::format("the config or its data changed since the session started: job {} is now {} "
                                 "(the session's labels stay in {}/labels.tsv)",
                                 info.job, s->job.id, dir),
                     in_file(dir + "/session.txt", 0, "job"));
  const auto state = dir + "/state.pt";
  if (file_digest(state, "session state", "") != info.state_digest)
    throw InputError("the saved state does not match its digest in session.txt (changed or damaged)", in_file(state));
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

// The file line of every record of a log (a reader skips malformed lines, so record k is not
// line k + 1), for a person to find a window's lines.
std::vector<std::uint64_t> record_lines(const ReaderSpec& spec) {
  auto reader = open_reader(spec);
  std::vector<std::uint64_t> out;
  LogRecord rec;
  while (reader->next(rec)) out.push_back(rec.line_no);
  return out;
}

std::string window_where(const OpenSession& s, std::int64_t w, const std::vector<std::uint64_t>& lines) {
  const auto& spec = s.cfg.dataset(s.job.target_dataset()).spec;
  const auto first = static_cast<std::size_t>(w * spec.window.step);
  const auto last = first + static_cast<std::size_t>(spec.window.size) - 1;
  if (spec.window.kind == "fixed" && last < lines.size())
    return fmt::format("lines {}-{} of {}", lines[first], lines[last], spec.reader.path);
  return fmt::format("{} window {} of {}", spec.window.kind, w, spec.reader.path);
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
    const auto lines = spec.window.kind == "fixed" ? record_lines(spec.reader) : std::vector<std::uint64_t>{};
    for (std::size_t i = 0; i < p->windows.size(); ++i) {
      const auto w = p->windows[i];
      rows.push_back({w, window_where(s, w, lines), s.in.target->windows.window_time[static_cast<std::size_t>(w)],
                      p->probability[i], p->reason, window_templates(*s.in.target, w),
                      /*lines: the prepared data keeps no raw text; `where` gives the records*/ ""});
    }
    step.round_file = round_path(dir, p->round);
    write_round_file(step.round_file, {p->round, p->rounds, "logsweep label next " + dir}, rows);
  }
  write_info(dir, info);
  return step;
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
  const auto det = dir + "/detector";
  fs::create_directories(det);
  s->loop->save_networks(det + "/networks.pt");
  {
    std::ofstream t(det + "/templates.txt", std::ios::trunc);
    for (const auto& tpl : s->in.target->templates) t << tpl << "\n";
  }
  std::ostringstream summary;
  summary << "logsweep " << LOGSWEEP_VERSION << "\nconfig " << info.config << "\nconfig_digest " << info.config_digest
          << "\njob " << info.job << " (" << info.method << " " << info.source << " -> " << info.target << ", budget "
          << info.budget << ", seed " << info.seed << ")\nlabels " << result.n_labelled << "\n";
  for (std::size_t r = 0; r < result.rounds.size(); ++r) {
    const auto& rec = result.rounds[r];
    summary << fmt::format("round {}: bought {} ({} anomalous), test P {:.4f} R {:.4f} F1 {:.4f}\n", r, rec.bought,
                           rec.bought_anomalous, rec.precision, rec.recall, rec.f1);
  }
  summary << fmt::format("test: P {:.4f} R {:.4f} F1 {:.4f} over {} windows{}\n", result.precision, result.recall,
                         result.f1, result.n_test, std::isnan(result.f1) ? " (the target's test labels are unknown)" : "");
  std::ofstream(dir + "/result.txt", std::ios::trunc) << summary.str();
  std::ofstream(det + "/manifest.txt", std::ios::trunc) << summary.str() << "networks networks.pt\ntemplates templates.txt\n";
  return result;
}

}  // namespace logsweep
