// Friedman + Nemenyi over pairs and the critical-difference diagram (see cd_diagram.hpp).
#include "results/report/cd_diagram.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "results/report/svg.hpp"
#include "results/report/tables.hpp"
#include "results/report/tables_variants.hpp"

namespace logsweep {

namespace {

// Settings not significantly different from each other: for each setting in rank order, the run
// of following settings within CD of it; a run inside an earlier one adds nothing (Demšar Fig. 1).
std::vector<std::pair<std::size_t, std::size_t>> groups_within(const std::vector<double>& sorted_ranks, double cd) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t reach = 0;
  for (std::size_t i = 0; i < sorted_ranks.size(); ++i) {
    std::size_t j = i;
    while (j + 1 < sorted_ranks.size() && sorted_ranks[j + 1] - sorted_ranks[i] < cd) ++j;
    if (j > i && (out.empty() || j > reach)) out.emplace_back(i, j);
    reach = std::max(reach, j);
  }
  return out;
}

std::string metric_words(const std::string& m) {
  if (m == "f1") return "F1";
  if (m == "precision") return "precision";
  if (m == "recall") return "recall";
  return "AUC";
}

std::string percent(double budget) {
  std::string s = fmt::format("{:.4f}", budget * 100.0);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

}  // namespace

CdAnalysis cd_analysis(const std::vector<JobRecord>& records, const CdOptions& o) {
  std::vector<const JobRecord*> kept;
  for (const auto& r : records) {
    const std::string pk = r.source + "->" + r.target;
    if (r.status != JobStatus::Done || std::fabs(r.budget - o.budget) > 1e-9 || !method_wanted(r.method, o.methods)) continue;
    if (!o.pairs.empty() && std::find(o.pairs.begin(), o.pairs.end(), pk) == o.pairs.end()) continue;
    if (std::isnan(record_metric(r, o.metric))) continue;
    kept.push_back(&r);
  }
  const VariantNames names(kept, o.default_params);
  std::map<std::string, std::map<std::string, std::vector<double>>> values;  // pair -> name -> seeds
  std::set<std::string> present;
  for (const JobRecord* r : kept) {
    const std::string name = names(*r);
    if (!o.methods.empty() && std::find(o.methods.begin(), o.methods.end(), name) == o.methods.end() &&
        std::find(o.methods.begin(), o.methods.end(), r->method) == o.methods.end())
      continue;
    values[r->source + "->" + r->target][name].push_back(record_metric(*r, o.metric));
    present.insert(name);
  }
  CdAnalysis a;
  a.names.assign(present.begin(), present.end());
  if (a.names.size() < 2)
    throw ConfigError(fmt::format("a critical-difference diagram needs at least 2 methods with finished jobs at budget {}; found {}",
                                  o.budget, a.names.size()));
  std::vector<std::vector<double>> table;
  for (const auto& [pair, by_name] : values) {
    if (by_name.size() != a.names.size()) {
      a.pairs_dropped.push_back(pair);
      continue;
    }
    std::vector<double> row;
    for (const auto& n : a.names) row.push_back(stats::mean(by_name.at(n)));
    table.push_back(std::move(row));
    a.pairs_used.push_back(pair);
  }
  if (table.size() < 2)
    throw ConfigError(fmt::format("the Friedman test needs at least 2 pairs with a result for every method at budget {}; "
                                  "complete: {}, incomplete: {}",
                                  o.budget, a.pairs_used.empty() ? std::string("none") : join(a.pairs_used, ", "),
                                  a.pairs_dropped.empty() ? std::string("none") : join(a.pairs_dropped, ", ")));
  a.friedman = stats::friedman(table);
  a.cd = stats::nemenyi_cd(a.friedman.k, a.friedman.n, o.alpha);
  a.by_rank.resize(a.names.size());
  std::iota(a.by_rank.begin(), a.by_rank.end(), 0);
  std::stable_sort(a.by_rank.begin(), a.by_rank.end(),
                   [&](std::size_t x, std::size_t y) { return a.friedman.mean_ranks[x] < a.friedman.mean_ranks[y]; });
  std::vector<double> sorted;
  for (std::size_t i : a.by_rank) sorted.push_back(a.friedman.mean_ranks[i]);
  a.groups = groups_within(sorted, a.cd);
  return a;
}

std::string cd_summary(const CdAnalysis& a, const CdOptions& o) {
  const auto& f = a.friedman;
  std::string s = fmt::format("{} at budget {} over {} pairs, {} methods (rank 1 = best):\n", metric_words(o.metric),
                              percent(o.budget), f.n, f.k);
  for (std::size_t i : a.by_rank) s += fmt::format("  {:.3f}  {}\n", f.mean_ranks[i], a.names[i]);
  s += fmt::format("Friedman chi2 = {:.3f} (df {}, p = {:.4g}); Iman-Davenport F_F = {:.3f} (df {}, {}, p = {:.4g})\n", f.chi2,
                   f.k - 1, f.p_chi2, f.ff, f.k - 1, (f.k - 1) * (f.n - 1), f.p_ff);
  s += fmt::format("Nemenyi critical difference (alpha {}) = {:.3f}\n", o.alpha, a.cd);
  if (!a.pairs_dropped.empty()) s += "Pairs left out (not every method has a result): " + join(a.pairs_dropped, ", ") + "\n";
  return s;
}

std::string cd_diagram_svg(const CdAnalysis& a, const CdOptions& o) {
  const auto& f = a.friedman;
  const std::size_t k = a.names.size(), left = (k + 1) / 2;
  const double axis_y = 110, margin = 40;
  double label_w = 0;
  for (const auto& n : a.names) label_w = std::max(label_w, svg::text_width(n, 13) + 50);
  label_w = std::min(label_w, o.width * 0.3);
  const double x0 = margin + label_w, x1 = o.width - margin - label_w;
  svg::Scale x{1.0, static_cast<double>(k), x0, x1, false};
  const double groups_y = axis_y + 14, first_row = groups_y + 8.0 * a.groups.size() + 18;
  const int height = static_cast<int>(first_row + 24.0 * static_cast<double>(left) + 70);
  std::string body;
  // Axis with a tick per rank; rank 1 (best) on the left.
  body += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#222222\" stroke-width=\"1.5\"/>\n",
                      svg::num(x0), svg::num(axis_y), svg::num(x1), svg::num(axis_y));
  for (std::size_t r = 1; r <= k; ++r)
    body += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#222222\"/>\n"
                        "<text x=\"{0}\" y=\"{3}\" font-size=\"12\" text-anchor=\"middle\">{4}</text>\n",
                        svg::num(x(static_cast<double>(r))), svg::num(axis_y - 6), svg::num(axis_y), svg::num(axis_y - 10), r);
  // The critical difference as a bar above the axis, starting at rank 1.
  body += fmt::format("<g class=\"cd\"><line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"#222222\" stroke-width=\"2\"/>"
                      "<line x1=\"{0}\" y1=\"{3}\" x2=\"{0}\" y2=\"{4}\" stroke=\"#222222\"/>"
                      "<line x1=\"{1}\" y1=\"{3}\" x2=\"{1}\" y2=\"{4}\" stroke=\"#222222\"/>"
                      "<text x=\"{5}\" y=\"{6}\" font-size=\"12\" text-anchor=\"middle\">CD = {7:.2f}</text></g>\n",
                      svg::num(x(1.0)), svg::num(x(std::min(1.0 + a.cd, static_cast<double>(k) + 0.5))), svg::num(axis_y - 42),
                      svg::num(axis_y - 47), svg::num(axis_y - 37), svg::num((x(1.0) + x(1.0 + a.cd)) / 2), svg::num(axis_y - 52), a.cd);
  // Groups of settings not significantly different.
  for (std::size_t g = 0; g < a.groups.size(); ++g) {
    const double y = groups_y + 8.0 * g;
    body += fmt::format("<line class=\"group\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#222222\" stroke-width=\"4\"/>\n",
                        svg::num(x(f.mean_ranks[a.by_rank[a.groups[g].first]]) - 3), svg::num(y),
                        svg::num(x(f.mean_ranks[a.by_rank[a.groups[g].second]]) + 3), svg::num(y));
  }
  // Each setting: a line down from its mean rank, then out to its label (best half on the left).
  for (std::size_t pos = 0; pos < k; ++pos) {
    const std::size_t i = a.by_rank[pos];
    const bool on_left = pos < left;
    const double y = first_row + 24.0 * static_cast<double>(on_left ? pos : k - 1 - pos);
    const double xr = x(f.mean_ranks[i]), xe = on_left ? margin + label_w - 10 : o.width - margin - label_w + 10;
    body += fmt::format("<polyline class=\"method\" data-label=\"{}\" points=\"{},{} {},{} {},{}\" fill=\"none\" stroke=\"{}\" "
                        "stroke-width=\"1.5\"/>\n",
                        svg::esc(a.names[i]), svg::num(xr), svg::num(axis_y), svg::num(xr), svg::num(y), svg::num(xe), svg::num(y),
                        svg::colour(i));
    body += fmt::format("<text class=\"method-label\" x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"{}\">{}</text>\n",
                        svg::num(on_left ? xe - 6 : xe + 6), svg::num(y + 4), on_left ? "end" : "start",
                        svg::esc(fmt::format("{} ({:.2f})", a.names[i], f.mean_ranks[i])));
  }
  const std::string notes[] = {
      fmt::format("Mean rank over {} pairs (1 = best); bars join methods within the Nemenyi CD (alpha {}).", f.n, o.alpha),
      fmt::format("Friedman chi2 = {:.2f} (p = {:.3g}); Iman-Davenport F_F = {:.2f} (p = {:.3g}).", f.chi2, f.p_chi2, f.ff, f.p_ff)};
  for (int line = 0; line < 2; ++line)
    body += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#666666\" text-anchor=\"middle\">{}</text>\n",
                        svg::num(o.width / 2.0), height - 46 + 16 * line, svg::esc(notes[line]));
  if (!a.pairs_dropped.empty())
    body += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#666666\" text-anchor=\"middle\">{}</text>\n",
                        svg::num(o.width / 2.0), height - 14,
                        svg::esc("Left out (incomplete): " + join(a.pairs_dropped, ", ")));
  const std::string title = o.title.empty() ? fmt::format("Critical difference: {} at budget {}", metric_words(o.metric), percent(o.budget))
                                            : o.title;
  return svg::document(o.width, height, title, body);
}

}  // namespace logsweep
