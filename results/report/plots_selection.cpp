// Figure (c) of plots.hpp: the LogAction family's test metric after each selection round, one
// panel per pair. It shows where the F1 of a budget comes from: the source-only start (round 0)
// and what each purchase adds, for the full method and its ablations side by side (issue 25).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/util/errors.hpp"
#include "results/report/plots.hpp"
#include "results/report/svg.hpp"
#include "results/report/tables_variants.hpp"

namespace logsweep {

namespace {
// Own namespace: the folder is compiled as unity translation units, where anonymous names clash.
namespace selection_plot {

struct Curve {
  std::string name;                   // method setting
  std::size_t colour = 0, style = 0;  // colour = setting, dash and marker = budget
  double budget = 0;
  std::vector<std::pair<double, double>> points;  // (round, mean over seeds in %)
};

struct Panel {
  std::string source, target;
  std::vector<Curve> curves;
};

struct Figure {
  std::vector<Panel> panels;
  std::vector<std::string> names;  // legend: one colour each
  std::vector<double> budgets;     // legend: one line style each
  std::size_t last_round = 0;      // shared x range of the panels
};

double round_value(const RoundRecord& r, const std::string& metric) {
  if (metric == "f1") return r.f1;
  if (metric == "precision") return r.precision;
  return r.recall;
}

std::string metric_title(const std::string& metric) {
  if (metric == "f1") return "F1";
  return metric == "precision" ? "Precision" : "Recall";
}

double budget_key(double b) {
  return std::round(b * 1e9) / 1e9;
}  // "0.07" and 7/100 meet

std::string budget_text(double b) {
  std::string s = fmt::format("{:.4f}", b * 100.0);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

bool shown(const JobRecord& r, const SelectionCurveOptions& o) {
  const std::string pair = r.source + "->" + r.target;
  if (r.status != JobStatus::Done || r.result.rounds.empty() || !method_wanted(r.method, o.methods)) return false;
  if (!o.pairs.empty() && std::find(o.pairs.begin(), o.pairs.end(), pair) == o.pairs.end()) return false;
  return o.budgets.empty() ||
         std::any_of(o.budgets.begin(), o.budgets.end(), [&](double b) { return std::fabs(b - r.budget) < 1e-9; });
}

// pair -> (setting, budget) -> round -> values (%), over the seeds that reached the round.
using RoundValues =
    std::map<std::string, std::map<std::pair<std::string, double>, std::map<std::size_t, std::vector<double>>>>;

Figure collect(const std::vector<JobRecord>& records, const SelectionCurveOptions& o) {
  std::vector<const JobRecord*> kept;
  for (const auto& r : records)
    if (shown(r, o)) kept.push_back(&r);
  const VariantNames names(kept, o.default_params);
  RoundValues data;
  std::set<std::string> present, pairs;
  std::set<double> budgets;
  std::map<std::string, std::string> base;
  std::map<std::string, std::pair<std::string, std::string>> pair_parts;
  Figure f;
  for (const JobRecord* r : kept) {
    const std::string name = names(*r), pair = r->source + "->" + r->target;
    auto& rounds = data[pair][{name, budget_key(r->budget)}];
    for (std::size_t i = 0; i < r->result.rounds.size(); ++i)
      rounds[i].push_back(100.0 * round_value(r->result.rounds[i], o.metric));
    f.last_round = std::max(f.last_round, r->result.rounds.size() - 1);
    present.insert(name);
    base[name] = r->method;
    pairs.insert(pair);
    budgets.insert(budget_key(r->budget));
    pair_parts[pair] = {r->source, r->target};
  }
  f.names = settings_in_filter_order(present, base, o.methods);
  f.budgets.assign(budgets.begin(), budgets.end());
  std::vector<std::string> pair_order;
  for (const auto& p : o.pairs)
    if (pairs.count(p) && std::find(pair_order.begin(), pair_order.end(), p) == pair_order.end())
      pair_order.push_back(p);
  if (o.pairs.empty()) pair_order.assign(pairs.begin(), pairs.end());
  for (const auto& pair : pair_order) {
    Panel panel{pair_parts[pair].first, pair_parts[pair].second, {}};
    for (std::size_t ni = 0; ni < f.names.size(); ++ni)
      for (std::size_t bi = 0; bi < f.budgets.size(); ++bi) {
        auto it = data[pair].find({f.names[ni], f.budgets[bi]});
        if (it == data[pair].end()) continue;
        Curve c{f.names[ni], ni, bi, f.budgets[bi], {}};
        for (const auto& [round, values] : it->second) {
          double sum = 0;
          for (double v : values) sum += v;
          c.points.emplace_back(static_cast<double>(round), sum / static_cast<double>(values.size()));
        }
        panel.curves.push_back(std::move(c));
      }
    f.panels.push_back(std::move(panel));
  }
  return f;
}

// Panel geometry: up to three panels a row, the legends right of them.
constexpr double kPanelW = 330, kPanelH = 250, kLeft = 80, kGapX = 80, kTop = 80, kGapY = 110;
constexpr std::size_t kPerRow = 3;

svg::Rect panel_rect(std::size_t i) {
  const double col = static_cast<double>(i % kPerRow), row = static_cast<double>(i / kPerRow);
  return {kLeft + col * (kPanelW + kGapX), kTop + row * (kPanelH + kGapY), kPanelW, kPanelH};
}

std::string draw_curve(const Curve& c, const svg::Scale& x, const svg::Scale& y) {
  const std::string& colour = svg::colour(c.colour);
  const std::string& dash = svg::dash_pattern(c.style);
  std::string points, out;
  for (const auto& [round, mean] : c.points)
    points += fmt::format("{}{},{}", points.empty() ? "" : " ", svg::num(x(round)), svg::num(y(mean)));
  out += fmt::format(
      "<polyline class=\"series\" data-label=\"{}, budget {}\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
      "stroke-width=\"2.5\"{}/>\n",
      svg::esc(c.name), budget_text(c.budget), points, colour,
      dash.empty() ? "" : fmt::format(" stroke-dasharray=\"{}\"", dash));
  for (const auto& [round, mean] : c.points)
    out += svg::marker(svg::point_marker(c.style), x(round), y(mean), 4.5, colour,
                       " stroke=\"#ffffff\" stroke-width=\"1\"");
  return out;
}

std::string draw_panel(const Panel& p, const svg::Rect& r, std::size_t last_round, const std::string& metric) {
  // Every round is a tick while they fit; the axis is shared by the panels so they compare.
  double x_lo = 0, x_hi = static_cast<double>(std::max<std::size_t>(last_round, 1));
  std::vector<double> x_ticks;
  if (last_round <= 12)
    for (std::size_t i = 0; i <= last_round; ++i) x_ticks.push_back(static_cast<double>(i));
  else
    x_ticks = svg::nice_ticks(x_lo, x_hi, 8);
  std::vector<std::string> x_labels;
  for (double t : x_ticks) x_labels.push_back(fmt::format("{:g}", t));
  double y_lo = 0, y_hi = 100;  // fixed: F1 of different pairs and methods read on one scale
  const std::vector<double> y_ticks = svg::nice_ticks(y_lo, y_hi, 5);
  std::vector<std::string> y_labels;
  for (double t : y_ticks) y_labels.push_back(svg::tick_label(t, 20));
  const svg::Scale x{x_lo - 0.4, x_hi + 0.4, r.x, r.x + r.w, false}, y{y_lo, y_hi, r.y + r.h, r.y, false};
  std::string out = svg::axes(r, x, y, x_ticks, x_labels, y_ticks, y_labels, "Selection round (0 = before buying)",
                              metric_title(metric) + " (%)");
  out += fmt::format(
      "<text class=\"panel-title\" x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" "
      "text-anchor=\"middle\">{} → {}</text>\n",
      svg::num(r.x + r.w / 2), svg::num(r.y - 10), svg::esc(p.source), svg::esc(p.target));
  for (const auto& c : p.curves) out += draw_curve(c, x, y);
  return out;
}

}  // namespace selection_plot
}  // namespace

std::string selection_curve_svg(const std::vector<JobRecord>& records, const SelectionCurveOptions& o) {
  namespace sp = selection_plot;
  if (o.metric != "f1" && o.metric != "precision" && o.metric != "recall")
    throw ConfigError(fmt::format("unknown selection-round metric '{}'; valid: f1, precision, recall", o.metric));
  const sp::Figure f = sp::collect(records, o);
  std::vector<svg::LegendEntry> methods, budgets;
  for (std::size_t i = 0; i < f.names.size(); ++i)
    methods.push_back({f.names[i], svg::colour(i), "line", "", "circle"});
  for (std::size_t i = 0; i < f.budgets.size(); ++i)
    budgets.push_back({sp::budget_text(f.budgets[i]), "#555555", "line", svg::dash_pattern(i), svg::point_marker(i)});
  const double legend_w = std::max(svg::legend_width(methods, "Method"), svg::legend_width(budgets, "Budget"));
  const std::size_t n = std::max<std::size_t>(f.panels.size(), 1), cols = std::min(n, sp::kPerRow);
  const std::size_t rows = (n + sp::kPerRow - 1) / sp::kPerRow;
  const double legend_x = sp::kLeft + static_cast<double>(cols) * (sp::kPanelW + sp::kGapX) - sp::kGapX + 40;
  const int width = static_cast<int>(legend_x + legend_w + 20);
  const int height =
      static_cast<int>(sp::kTop + static_cast<double>(rows) * (sp::kPanelH + sp::kGapY) - sp::kGapY + 70);
  const std::string title =
      o.title.empty() ? sp::metric_title(o.metric) + " after each selection round (mean over seeds)" : o.title;
  std::string body;
  for (std::size_t i = 0; i < f.panels.size(); ++i)
    body += sp::draw_panel(f.panels[i], sp::panel_rect(i), f.last_round, o.metric);
  if (f.panels.empty())
    return svg::document(width, height, title,
                         fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"15\" text-anchor=\"middle\" fill=\"#777777\">"
                                     "no finished job has a round record</text>\n",
                                     svg::num(width / 2.0), svg::num(height / 2.0)));
  const double budgets_y = sp::kTop + 28 + 22.0 * static_cast<double>(methods.size()) + 20;
  body += svg::legend(legend_x, sp::kTop, methods, "Method", legend_w);
  body += svg::legend(legend_x, budgets_y, budgets, "Budget", legend_w);
  body += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#666666\">line: mean over seeds</text>\n",
                      svg::num(legend_x), svg::num(budgets_y + 28 + 22.0 * static_cast<double>(budgets.size()) + 18));
  return svg::document(width, height, title, body);
}

}  // namespace logsweep
