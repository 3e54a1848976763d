// Projects the paper's job matrix onto P workers from measured job durations.
// Usage: scaling_projection RESULTS [JOBS_PER_METHOD] [OVERHEAD_S] [P...]
//   RESULTS          a results store (results/store/store.hpp: R and R.journal/), or a text file of
//                    "<method> <seconds>" lines (e.g. from train_bench's job lines)
//   JOBS_PER_METHOD  default 330 = 6 pairs x 11 budgets x 5 seeds (x 11 methods = 3630 jobs)
//   OVERHEAD_S       per-job coordinator overhead added to every job (default 0; measure it
//                    with 1 vs 2 ranks, see BENCHMARKS.md "Scaling")
//   P                worker counts, default 1 2 8 64
// Duration of a stored job = train_seconds + eval_seconds (Done jobs only). Each method present
// in RESULTS gets JOBS_PER_METHOD jobs whose durations cycle through that method's measured
// ones (deterministic); the jobs are scheduled longest first onto the earliest-free worker
// (greedy LPT list scheduling: what the MPI scheduler does with Method::expected_cost, assuming
// costs rank jobs correctly). P counts workers: with MPI, rank 0 only coordinates, so P workers
// = P + 1 ranks.
// Prints one JSON line per method (measured jobs, mean seconds) and one per P: makespan_s,
// total_work_s, lower_bound_s = max(total / P, longest job), efficiency = total / (P x makespan),
// speedup = makespan(1) / makespan(P), makespan_unsorted_s = the same jobs handed out in
// matrix order instead of longest first.
#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <queue>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "results/store/store.hpp"

using namespace logsweep;
using namespace logsweep::bench;

namespace {

using Durations = std::map<std::string, std::vector<double>>;  // method -> measured seconds

Durations from_text(const std::string& path) {
  Durations d;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string method;
    double s = 0;
    if (ls >> method >> s && method[0] != '#') d[method].push_back(s);
  }
  return d;
}

Durations from_store(const std::string& path) {
  Durations d;
  for (const auto& rec : ResultsStore(path).load())
    if (rec.status == JobStatus::Done) d[rec.method].push_back(rec.result.train_seconds + rec.result.eval_seconds);
  return d;
}

// Greedy list scheduling onto the earliest-free worker, longest first when `sorted` (LPT), else
// in the given order; returns the makespan.
double list_makespan(std::vector<double> jobs, int workers, bool sorted = true) {
  if (sorted) std::sort(jobs.begin(), jobs.end(), std::greater<>());
  std::priority_queue<double, std::vector<double>, std::greater<>> free_at;
  for (int w = 0; w < workers; ++w) free_at.push(0.0);
  double makespan = 0;
  for (double j : jobs) {
    const double t = free_at.top() + j;
    free_at.pop();
    free_at.push(t);
    makespan = std::max(makespan, t);
  }
  return makespan;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: scaling_projection RESULTS [JOBS_PER_METHOD] [OVERHEAD_S] [P...]\n");
    return 2;
  }
  const std::string path = argv[1];
  const int per_method = argc > 2 ? std::stoi(argv[2]) : 330;
  const double overhead = argc > 3 ? std::stod(argv[3]) : 0.0;
  std::vector<int> workers;
  for (int i = 4; i < argc; ++i) workers.push_back(std::stoi(argv[i]));
  if (workers.empty()) workers = {1, 2, 8, 64};

  const bool text = path.size() > 4 && (path.substr(path.size() - 4) == ".txt" || path.substr(path.size() - 4) == ".tsv");
  Durations measured;
  try {
    measured = text ? from_text(path) : from_store(path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scaling_projection: %s\n", e.what());
    return 1;
  }
  if (measured.empty()) {
    std::fprintf(stderr, "scaling_projection: no finished job durations in %s\n", path.c_str());
    return 1;
  }
  std::vector<double> jobs;
  for (const auto& [method, secs] : measured) {
    double sum = 0;
    for (double s : secs) sum += s;
    JsonLine("scaling").str("method", method).integer("measured_jobs", (long long)secs.size())
        .num("mean_seconds", sum / secs.size(), 3).num("max_seconds", *std::max_element(secs.begin(), secs.end()), 3)
        .print();
    for (int k = 0; k < per_method; ++k) jobs.push_back(secs[k % secs.size()] + overhead);
  }
  double total = 0, longest = 0;
  for (double j : jobs) {
    total += j;
    longest = std::max(longest, j);
  }
  const double serial = list_makespan(jobs, 1);
  for (int p : workers) {
    const double makespan = list_makespan(jobs, p);
    // Matrix order (pairs, then methods, budgets, seeds), i.e. without cost ordering: the
    // long jobs of the last method may start last.
    // The paper matrix has 6 pairs: each pair runs every method's budgets x seeds in turn.
    const int pairs = per_method % 6 == 0 ? 6 : 1, per_pair = per_method / pairs;
    std::vector<double> matrix_order;
    for (int pr = 0; pr < pairs; ++pr)
      for (std::size_t m = 0; m < measured.size(); ++m)
        for (int k = 0; k < per_pair; ++k) matrix_order.push_back(jobs[m * per_method + pr * per_pair + k]);
    const double unsorted = list_makespan(matrix_order, p, false);
    JsonLine("scaling").integer("workers", p).integer("ranks", p == 1 ? 1 : p + 1)
        .integer("jobs", (long long)jobs.size()).integer("methods", (long long)measured.size())
        .num("overhead_s", overhead, 3).num("makespan_s", makespan, 1).num("total_work_s", total, 1)
        .num("lower_bound_s", std::max(total / p, longest), 1).num("efficiency", total / (p * makespan), 4)
        .num("speedup", serial / makespan, 2)
        .num("makespan_unsorted_s", unsorted, 1).print();
  }
  return 0;
}
