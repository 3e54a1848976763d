#pragma once
// Comparing methods across data sets (pairs): the Friedman test, the Nemenyi post-hoc and a
// critical-difference diagram (Demšar, JMLR 7, 2006, sec. 3.2.2 and Fig. 1), for one budget and
// one metric (`logsweep plot --kind cd --budget 0.02 --metric f1`).
//
// Each (source -> target) pair is one data set; a method setting's value on it is its mean over
// the finished seeds at that budget. Only pairs with a value for every shown setting enter (the
// test needs complete blocks); the others are listed as dropped. Rank 1 = best (largest metric);
// ties share mid-ranks. Settings whose mean ranks differ by less than the critical difference
// are joined by a bar (not significantly different at alpha).
#include <string>
#include <vector>

#include "results/store/record.hpp"
#include "results/report/stats.hpp"
#include "results/report/tables_variants.hpp"

namespace logsweep {

struct CdOptions {
  std::string metric = "f1";
  double budget = 0;                  // fraction; jobs at other budgets are ignored
  std::vector<std::string> methods;   // filter (methods or setting names); empty = all
  std::vector<std::string> pairs;     // filter; empty = all
  double alpha = 0.05;                // 0.05 or 0.10 in Demšar's tables; any value in (0, 1) works
  std::string title;                  // default names metric and budget
  DefaultParams default_params;
  int width = 800;
};

struct CdAnalysis {
  std::vector<std::string> names;            // settings, in the order of `mean_ranks`
  std::vector<std::string> pairs_used, pairs_dropped;
  stats::FriedmanResult friedman;
  double cd = 0;                              // Nemenyi critical difference at alpha
  // Groups of settings not significantly different: [first, last] indices into `by_rank`.
  std::vector<std::size_t> by_rank;           // indices of names, best mean rank first
  std::vector<std::pair<std::size_t, std::size_t>> groups;
};

// ConfigError when fewer than 2 settings or fewer than 2 complete pairs remain.
CdAnalysis cd_analysis(const std::vector<JobRecord>& records, const CdOptions& options);
// Plain-text summary: mean ranks, Friedman chi2 and F_F with p-values, CD, dropped pairs.
std::string cd_summary(const CdAnalysis& a, const CdOptions& options);
std::string cd_diagram_svg(const CdAnalysis& a, const CdOptions& options);

}  // namespace logsweep
