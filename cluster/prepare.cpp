#include "cluster/prepare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace logsweep {

int exit_code_for(const std::exception& e) { return dynamic_cast<const ConfigError*>(&e) ? 2 : 1; }

std::string describe_malformed(const ReadStats& stats) {
  std::string out;
  std::size_t shown = 0;
  for (; shown < stats.examples.size() && shown < kMalformedShown; ++shown) {
    const MalformedLine& ex = stats.examples[shown];
    out += fmt::format("\n    line {}: {}: \"{}\"", ex.line_no, ex.reason, ex.prefix);
  }
  if (stats.malformed > shown)
    out += fmt::format("\n    ... {} more malformed line{} not listed", stats.malformed - shown,
                       stats.malformed - shown == 1 ? "" : "s");
  return out;
}

std::string describe_coverage_line(const PreparedDataset& d, const Embedder& embedder) {
  const auto c = embedder.coverage(d.templates);
  return c ? "\n    " + describe_coverage(*c) : "";
}

std::string describe_dataset(const PreparedDataset& d, const CacheReport& r, const Embedder& embedder) {
  std::size_t anomalous = 0;
  for (auto l : d.windows.window_label) anomalous += l != 0;
  return fmt::format("{}: {} lines ({} malformed, {} anomalous), {} templates, {} windows ({} anomalous, {} unique); {} [{:.1f}s]",
                     d.name, d.read_stats.lines, d.read_stats.malformed, d.read_stats.anomalous, d.templates.size(),
                     d.windows.size(), anomalous, d.windows.unique_sequences(), r.summary(), r.seconds) +
         describe_coverage_line(d, embedder) + describe_malformed(d.read_stats);
}

std::vector<std::string> gather_strings(MPI_Comm comm, const std::string& mine) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  int len = static_cast<int>(mine.size());
  std::vector<int> lens(size);
  MPI_Gather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, 0, comm);
  std::vector<int> offsets(size, 0);
  int total = 0;
  if (rank == 0)
    for (int r = 0; r < size; ++r) {
      offsets[r] = total;
      total += lens[r];
    }
  std::string all(static_cast<std::size_t>(total), '\0');
  MPI_Gatherv(mine.data(), len, MPI_CHAR, all.data(), lens.data(), offsets.data(), MPI_CHAR, 0, comm);
  std::vector<std::string> out;
  if (rank == 0)
    for (int r = 0; r < size; ++r) out.push_back(all.substr(offsets[r], lens[r]));
  return out;
}

namespace {

// Records "code\tmessage" lines for the failures on this rank.
struct RankFailure {
  int code = 0;
  std::string message;
};

[[noreturn]] void rethrow_everywhere(MPI_Comm comm, const RankFailure& mine) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  int code = mine.code, worst = 0;
  MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, comm);
  auto messages = gather_strings(comm, mine.message);
  std::string all;
  std::vector<std::string> seen;  // a symmetric error (same config everywhere) is shown once
  for (const auto& m : messages)
    if (!m.empty() && std::find(seen.begin(), seen.end(), m) == seen.end()) {
      seen.push_back(m);
      all += (all.empty() ? "" : "\n") + m;
    }
  throw CollectiveExit{worst, rank == 0 ? all : ""};
}

}  // namespace

void collectively(MPI_Comm comm, const std::function<void()>& step) {
  RankFailure failure;
  try {
    step();
  } catch (const CollectiveExit& e) {
    failure = RankFailure{e.code, e.message};
  } catch (const std::exception& e) {
    failure = RankFailure{exit_code_for(e), e.what()};
  }
  int code = failure.code, worst = 0;
  MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, comm);
  if (worst != 0) rethrow_everywhere(comm, failure);
}

const Embedder& Embedders::of(const std::string& dataset) {
  const EmbedSpec& e = cfg_.dataset(dataset).embedder;
  const std::string key = fmt::format("{}\n{}\n{}\n{}", e.kind, e.path, e.dim, e.interpretations);
  auto it = built_.find(key);
  if (it == built_.end()) it = built_.emplace(key, make_embedder(e)).first;
  return *it->second;
}

std::vector<PreparedInfo> prepare_all(const ExperimentConfig& cfg, Embedders& embedders, MPI_Comm comm,
                                      bool only_used) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  std::vector<std::string> names;
  if (only_used) names = cfg.used_datasets();
  else
    for (const auto& d : cfg.datasets) names.push_back(d.spec.name);

  RankFailure failure;
  std::string lines;  // "index\tlength\tsummary" for the datasets this rank prepared (summaries span lines)
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (static_cast<int>(i % static_cast<std::size_t>(size)) != rank) continue;
    try {
      CacheReport report;
      const Embedder& embedder = embedders.of(names[i]);
      PreparedDataset d = load_or_prepare(cfg.dataset(names[i]).spec, embedder, cfg.cache_dir, &report);
      const std::string summary = describe_dataset(d, report, embedder);
      lines += fmt::format("{}\t{}\t{}", i, summary.size(), summary);
    } catch (const std::exception& e) {
      failure.code = std::max(failure.code, exit_code_for(e));
      failure.message += (failure.message.empty() ? "" : "\n") +
                         fmt::format("while preparing dataset '{}' (rank {}): {}", names[i], rank, e.what());
    }
  }
  int code = failure.code, worst = 0;
  MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, comm);
  if (worst != 0) rethrow_everywhere(comm, failure);

  auto gathered = gather_strings(comm, lines);
  std::vector<PreparedInfo> out(rank == 0 ? names.size() : 0);
  for (const auto& chunk : gathered) {
    std::size_t pos = 0;
    while (pos < chunk.size()) {
      const std::size_t tab1 = chunk.find('\t', pos), tab2 = chunk.find('\t', tab1 + 1);
      const std::size_t idx = std::stoul(chunk.substr(pos, tab1 - pos));
      const std::size_t len = std::stoul(chunk.substr(tab1 + 1, tab2 - tab1 - 1));
      out[idx] = PreparedInfo{names[idx], chunk.substr(tab2 + 1, len)};
      pos = tab2 + 1 + len;
    }
  }
  MPI_Barrier(comm);
  return out;
}

const PreparedDataset& DatasetPool::get(const std::string& name, double* load_seconds) {
  auto it = loaded_.find(name);
  if (load_seconds) *load_seconds = 0;
  if (it != loaded_.end()) return *it->second;
  auto t0 = std::chrono::steady_clock::now();
  auto d = std::make_unique<PreparedDataset>(load_or_prepare(cfg_.dataset(name).spec, embedders_.of(name), cfg_.cache_dir));
  if (load_seconds) *load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return *loaded_.emplace(name, std::move(d)).first->second;
}

PreparedDataset DatasetPool::light(const PreparedDataset& d) {
  PreparedDataset out;
  out.name = d.name;
  out.cache_key = d.cache_key;
  out.templates = d.templates;
  out.embeddings = d.embeddings;
  out.windows = d.windows;
  out.read_stats = d.read_stats;
  return out;
}

}  // namespace logsweep
