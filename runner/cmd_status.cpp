// logsweep status RESULTS.h5 [--config CONFIG]: what is stored, per method; with the config,
// also what is still pending and which stored jobs no longer belong to the matrix.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "cluster/config/config.hpp"
#include "cluster/matrix.hpp"
#include "results/store/store.hpp"
#include "runner/commands.hpp"

namespace logsweep {
namespace {

struct Counts {
  std::size_t done = 0, failed = 0, skipped = 0, pending = 0;
};

int status_main(const cli::Args& a, int, char**) {
  const std::string path = a.positionals[0];
  if (!std::filesystem::exists(path) && !std::filesystem::exists(path + ".journal"))
    throw StorageError(fmt::format("no results at {} (nor {}.journal)", path, path));
  ResultsStore store(path);
  auto records = store.load();

  std::vector<std::string> order;  // methods in config order, else first-seen order
  std::map<std::string, Counts> per_method;
  std::set<std::string> matrix_ids;
  bool with_config = a.has("--config");
  std::size_t outside = 0;
  if (with_config) {
    ExperimentConfig cfg = load_config(a.value("--config"));
    auto jobs = expand_jobs(cfg, data_keys(cfg));
    for (const auto& m : cfg.methods) order.push_back(m);
    std::map<std::string, const JobRecord*> by_id;
    for (const auto& r : records) by_id[r.id] = &r;
    for (const auto& j : jobs) {
      matrix_ids.insert(j.id);
      if (!by_id.count(j.id)) ++per_method[j.method].pending;
    }
  }
  for (const auto& r : records) {
    if (with_config && !matrix_ids.count(r.id)) {
      ++outside;
      continue;
    }
    if (!per_method.count(r.method) && std::find(order.begin(), order.end(), r.method) == order.end())
      order.push_back(r.method);
    auto& c = per_method[r.method];
    if (r.status == JobStatus::Done) ++c.done;
    if (r.status == JobStatus::Failed) ++c.failed;
    if (r.status == JobStatus::Skipped) ++c.skipped;
  }
  for (const auto& [m, c] : per_method)
    if (std::find(order.begin(), order.end(), m) == order.end()) order.push_back(m);

  std::printf("%s\n", path.c_str());
  std::printf("  %-18s %6s %6s %7s%s\n", "method", "done", "failed", "skipped", with_config ? " pending" : "");
  Counts total;
  for (const auto& m : order) {
    const Counts& c = per_method[m];
    std::printf("  %-18s %6zu %6zu %7zu", m.c_str(), c.done, c.failed, c.skipped);
    if (with_config) std::printf(" %7zu", c.pending);
    std::printf("\n");
    total.done += c.done, total.failed += c.failed, total.skipped += c.skipped, total.pending += c.pending;
  }
  std::printf("  %-18s %6zu %6zu %7zu", "total", total.done, total.failed, total.skipped);
  if (with_config) std::printf(" %7zu", total.pending);
  std::printf("\n");
  if (outside)
    std::printf("  %zu stored job(s) are not in this config's matrix (other parameters, data or settings)\n", outside);
  std::size_t shown = 0;
  for (const auto& r : records) {
    if (r.status == JobStatus::Done || (with_config && !matrix_ids.count(r.id))) continue;
    if (shown++ == 20) {
      std::printf("  ...\n");
      break;
    }
    std::printf("  %s %s %s>%s b=%g s=%llu: %s\n", status_name(r.status), r.method.c_str(), r.source.c_str(),
                r.target.c_str(), r.budget, static_cast<unsigned long long>(r.seed), r.message.c_str());
  }
  return 0;
}

}  // namespace

SubCommand status_command() {
  return {{"status",
           {"RESULTS"},
           "count stored jobs per method (done/failed/skipped; pending with --config) and show failures",
           "",
           {{"--config", "CONFIG", "the experiment YAML: adds pending counts and ignores stored jobs outside its matrix"}}},
          status_main};
}

}  // namespace logsweep
