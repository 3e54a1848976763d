#pragma once
// Figures as self-contained SVG (own writer, no dependencies), optionally converted to PNG by
// `rsvg-convert` (librsvg2-bin) when it is on PATH.
#include <cstdint>
#include <string>
#include <vector>

#include "core/util/matrix.hpp"
#include "results/record.hpp"

namespace logsweep {

// (a) Label-budget sensitivity: metric (%) vs budget (% of the target pool), one series per
// (method, pair) — labelled by method, or "method (S → T)" when several pairs are shown —
// with the mean over seeds as a line and a ± sample-std band. Failed/skipped jobs are left out
// (a budget with no finished seed is a gap in the points, never a zero).
struct BudgetCurveOptions {
  std::string metric = "f1";           // f1 | precision | recall | auc
  std::vector<std::string> methods;    // filter + order (empty = all, sorted)
  std::vector<std::string> pairs;      // "SOURCE->TARGET" filter + order
  std::string x_scale = "auto";        // linear | log | auto (log when max/min budget >= 10)
  std::string title;                   // default: "<METRIC> vs label budget"
  int width = 800, height = 480;
};
std::string budget_curve_svg(const std::vector<JobRecord>& records, const BudgetCurveOptions& options = {});

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
