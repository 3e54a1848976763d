// logsweep generate --out DIR: a synthetic multi-system corpus plus a ready experiment YAML.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/synth/generator.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "experiments/method.hpp"
#include "runner/commands.hpp"

namespace fs = std::filesystem;

namespace logsweep {
namespace {

// The methods registered as starters (experiments/registry.hpp), in their positions.
std::vector<std::string> default_methods() {
  std::vector<std::string> out = starter_methods();
  if (out.empty() && !method_names().empty()) out.push_back(method_names().front());
  return out;
}

std::string experiment_yaml(const std::vector<SynthSystem>& systems, const std::string& dir, std::uint64_t seed) {
  std::string y = fmt::format(
      "# Written by `logsweep generate --seed {}`: an experiment over the generated systems.\n"
      "# Run it with `logsweep run {}/experiment.yaml` (or `mpirun -np N logsweep run ...`);\n"
      "# every key is documented by `logsweep run --help-config`.\n"
      "name: synthetic\n"
      "profile: quick            # paper = the papers' hyper-parameters (slow)\n"
      "output: out/results.h5    # relative to this file\n"
      "cache_dir: out/cache\n"
      "embedder: {{kind: hashed, dim: 300}}\n"
      "defaults:\n"
      "  window: {{kind: fixed, size: 20, step: 1}}\n"
      "  split: {{kind: chronological, train_ratio: 0.7, gap_ratio: 0.0, max_windows: 100000}}\n"
      "datasets:\n",
      seed, dir);
  for (const auto& s : systems)
    y += fmt::format("  - {{name: {}, format: {}, path: {}}}\n", s.name, s.format,
                     fs::path(s.log_path).lexically_relative(dir).string());
  std::vector<std::string> pairs;
  for (std::size_t i = 0; i + 1 < systems.size(); ++i) pairs.push_back(fmt::format("[{}, {}]", systems[i].name, systems[i + 1].name));
  if (systems.size() > 1) pairs.push_back(fmt::format("[{}, {}]", systems.back().name, systems.front().name));
  y += fmt::format("pairs: [{}]   # or: all\n", join(pairs, ", "));
  y += fmt::format("methods: [{}]\n", join(default_methods(), ", "));
  y += "budgets: [0, 0.01, 0.02]\nseeds: [0, 1]\n";
  return y;
}

// An experiment.yaml other than the one this call writes (edited, or from other options) is the
// user's: kept unless --force. The same generate twice rewrites identical bytes.
void refuse_to_replace_edited(const std::string& path, const std::string& yaml, bool force) {
  std::error_code ec;
  if (force || !fs::exists(path, ec)) return;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream old;
  old << in.rdbuf();
  if (old.str() == yaml) return;
  throw ConfigError(fmt::format("{} exists and differs from the one generate writes (edited?); it was left unchanged: "
                                "pass --force to overwrite it, or choose another --out",
                                path));
}

int generate_main(const cli::Args& a, int, char**) {
  if (!a.has("--out")) throw ConfigError("'generate' needs --out DIR");
  SynthSpec spec;
  spec.seed = static_cast<std::uint64_t>(a.integer("--seed", 42, 0));
  spec.lines_per_system = a.integer("--lines", spec.lines_per_system, 100);
  std::string dir = fs::absolute(a.value("--out")).lexically_normal().string();
  auto systems = generate_corpus(dir, spec);
  const std::string yaml_path = dir + "/experiment.yaml";
  const std::string yaml = experiment_yaml(systems, dir, spec.seed);
  refuse_to_replace_edited(yaml_path, yaml, a.flag("--force"));
  {
    std::ofstream out(yaml_path);
    out << yaml;
    if (!out) throw StorageError(fmt::format("cannot write {}", yaml_path));
  }
  for (const auto& s : systems)
    std::printf("%-10s %-12s %8lld lines %6lld anomalous  %s\n", s.name.c_str(), s.format.c_str(),
                static_cast<long long>(s.lines), static_cast<long long>(s.anomalous_lines), s.log_path.c_str());
  std::printf("experiment: %s\n", yaml_path.c_str());
  return 0;
}

}  // namespace

SubCommand generate_command() {
  return {{"generate",
           {},
           "write a synthetic multi-system log corpus and a ready experiment YAML (DIR/experiment.yaml)",
           "",
           {{"--out", "DIR", "output directory (created if missing)"},
            {"--seed", "N", "corpus seed (default 42)"},
            {"--lines", "N", "lines per system (default 20000)"},
            {"--force", "", "overwrite DIR/experiment.yaml even when it was edited"}}},
          generate_main};
}

}  // namespace logsweep
