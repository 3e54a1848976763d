#pragma once
// Figures as self-contained SVG (own writer, no dependencies), optionally converted to PNG by
// `rsvg-convert` (librsvg2-bin) when it is on PATH.
#include <cstdint>
#include <string>
#include <vector>

#include "core/util/matrix.hpp"
#include "results/store/record.hpp"
#include "results/report/tables_variants.hpp"

namespace logsweep {

// (a) Sensitivity curves: metric (%) vs the label budget (% of the target pool) or any resolved
// method parameter, one series per (method setting, pair) — labelled by the setting's row name
// (results/report/tables_variants.hpp; the x parameter is left out of it), or "name (S → T)" when several
// pairs are shown — with the mean over seeds as a line and a band: ± 1 sample std, or the 95%
// confidence interval of the mean (t or bootstrap). Numeric parameter values are placed on a
// numeric axis, others as evenly spaced categories in sorted order. Failed/skipped jobs are left
// out (a point with no finished seed is a gap, never a zero). A parameter x needs one budget
// (ConfigError otherwise: filter with `budgets`).
struct BudgetCurveOptions {
  std::string metric = "f1";           // f1 | precision | recall | auc
  std::vector<std::string> methods;    // filter + order (empty = all, sorted); methods or setting names
  std::vector<std::string> pairs;      // "SOURCE->TARGET" filter + order
  std::vector<double> budgets;         // filter (empty = all)
  std::string x = "budget";            // budget | a resolved parameter name
  std::string band = "std";            // std | t | bootstrap
  std::string x_scale = "auto";        // linear | log | auto (log when max/min x >= 10 and all > 0)
  std::string title;                   // default: "<METRIC> vs label budget" / "<METRIC> vs <x>"
  DefaultParams default_params;        // each method's default setting(s), for series names
  int width = 800, height = 480;
};
std::string budget_curve_svg(const std::vector<JobRecord>& records, const BudgetCurveOptions& options = {});

// (c) Selection rounds (results/report/plots_selection.cpp): the LogAction family's test metric after
// each selection round (MethodResult::rounds; x = round 0, 1, 2, ..., round 0 = the classifier
// before its first purchase, so it is the first point of every curve), mean over the seeds that
// reached the round. One panel per pair; colour = method setting (results/report/tables_variants.hpp),
// dash and marker = budget (a budget-0 job is its one round-0 point). Jobs without rounds (other
// methods, failed or skipped jobs) are left out.
struct SelectionCurveOptions {
  std::string metric = "f1";         // f1 | precision | recall (the round record has no AUC)
  std::vector<std::string> methods;  // filter + order (empty = all, sorted); methods or setting names
  std::vector<std::string> pairs;    // "SOURCE->TARGET" filter + order
  std::vector<double> budgets;       // filter (empty = all)
  std::string title;                 // default: "<METRIC> after each selection round (mean over seeds)"
  DefaultParams default_params;      // each method's default setting(s), for series names
};
// ConfigError for an unknown metric.
std::string selection_curve_svg(const std::vector<JobRecord>& records, const SelectionCurveOptions& options = {});

// (b) 2-D PCA projection of learned log vectors, coloured by label (normal / anomalous) and
// marked by system (source ● / target ▲). More than max_points rows are thinned by a
// deterministic stride.
struct ProjectionOptions {
  std::string title = "Log vectors (PCA)";
  int width = 720, height = 540;
  std::size_t max_points = 4000;
};
// labels/system: one per row (system may be empty = all target). InputError on length mismatch.
std::string projection_svg(const Matrix& vectors, const std::vector<std::int8_t>& labels,
                           const std::vector<std::int8_t>& system, const ProjectionOptions& options = {});
// From a stored record (its result.vectors); the default title names method, pair and seed.
std::string projection_svg(const JobRecord& rec, ProjectionOptions options = {});

// Principal components by power iteration with deflation (deterministic start, no randomness).
struct Pca {
  Matrix components;              // k x dim, unit rows, sign fixed so the largest |entry| is > 0
  std::vector<double> variance;   // variance along each component
  double total_variance = 0;      // sum of the per-column variances
  Matrix projected;               // rows x k coordinates of the centred rows
};
Pca pca(const Matrix& x, std::size_t k, int max_iterations = 1000);

// Writes text atomically (tmp + rename); StorageError naming the file on failure.
void write_text_file(const std::string& path, const std::string& text);
// True when `rsvg-convert` is on PATH.
bool png_converter_available();
// Renders svg_path to png_path (width in px, 0 = the SVG's own size x2 for sharpness).
// Returns false, writing nothing, when rsvg-convert is not available; StorageError when it fails.
bool svg_to_png(const std::string& svg_path, const std::string& png_path, int width = 0);

}  // namespace logsweep
