#include "results/report/plots.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "results/store/files.hpp"
#include "results/report/stats.hpp"
#include "results/report/svg.hpp"
#include "results/report/tables.hpp"
#include "results/report/tables_variants.hpp"

extern char** environ;

namespace logsweep {

namespace {

struct Point {
  double x, mean, lo, hi;  // band [lo, hi]
  int n;
};

struct Series {
  std::string label;
  std::size_t method = 0, pair = 0;  // colour = method setting, dash and marker = pair
  std::vector<Point> points;  // sorted by x
};

std::string metric_name(const std::string& m) {
  if (m == "f1") return "F1";
  if (m == "precision") return "Precision";
  if (m == "recall") return "Recall";
  return "AUC";
}

std::vector<std::string> in_order(const std::set<std::string>& present, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return {present.begin(), present.end()};
  std::vector<std::string> out;
  for (const auto& w : wanted)
    if (present.count(w)) out.push_back(w);
  return out;
}

// The x positions of the points: numbers, or categories (sorted text values placed at 1, 2, ...).
struct XAxis {
  bool budget = true, categorical = false;
  std::vector<std::string> categories;
  double position(const std::string& value) const {
    if (!categorical) return std::strtod(value.c_str(), nullptr);
    return static_cast<double>(std::find(categories.begin(), categories.end(), value) - categories.begin()) + 1.0;
  }
};

bool is_number(const std::string& s) {
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return !s.empty() && *end == '\0';
}

// x value of a record as text: the budget in percent (keyed at 1e-6 % so 0.07 * 100 and 7 meet),
// or the parameter's value ("" = the record lacks it).
std::string x_text(const JobRecord& r, const BudgetCurveOptions& o) {
  if (o.x == "budget") return fmt::format("{}", std::round(r.budget * 100.0 * 1e6) / 1e6);
  return record_axis_value(r, o.x);
}

Point summarise(double x, const std::vector<double>& vals, const std::string& band) {
  const double m = stats::mean(vals);
  Point p{x, m, m, m, static_cast<int>(vals.size())};
  if (band == "std") {
    const double sd = stats::sample_std(vals);
    p.lo = m - sd;
    p.hi = m + sd;
    return p;
  }
  const stats::Interval ci = band == "t" ? stats::t_interval(vals) : stats::bootstrap_interval(vals);
  if (ci.valid) {
    p.lo = ci.lo;
    p.hi = ci.hi;
  }
  return p;
}

std::vector<Series> budget_series(const std::vector<JobRecord>& records, const BudgetCurveOptions& o, XAxis& axis) {
  std::vector<const JobRecord*> kept;
  std::set<double> budgets;
  for (const auto& r : records) {
    std::string pk = r.source + "->" + r.target;
    if (!method_wanted(r.method, o.methods)) continue;
    if (!o.pairs.empty() && std::find(o.pairs.begin(), o.pairs.end(), pk) == o.pairs.end()) continue;
    if (!o.budgets.empty() &&
        std::none_of(o.budgets.begin(), o.budgets.end(), [&](double b) { return std::fabs(b - r.budget) < 1e-9; }))
      continue;
    if (r.status != JobStatus::Done || std::isnan(record_metric(r, o.metric)) || x_text(r, o).empty()) continue;
    kept.push_back(&r);
    budgets.insert(std::round(r.budget * 1e9) / 1e9);
  }
  axis.budget = o.x == "budget";
  if (!axis.budget && budgets.size() > 1)
    throw ConfigError(fmt::format("a curve over '{}' needs one budget; the jobs have {}: choose one with --budgets", o.x,
                                  budgets.size()));
  const VariantNames names(kept, o.default_params, axis.budget ? std::vector<std::string>{} : std::vector<std::string>{o.x});
  // (name, pair) -> x text -> values (%)
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<double>>> data;
  std::map<std::string, std::string> pair_label, base;
  std::set<std::string> present, pairs, xs;
  for (const JobRecord* r : kept) {
    const std::string pk = r->source + "->" + r->target, name = names(*r), x = x_text(*r, o);
    data[{name, pk}][x].push_back(100.0 * record_metric(*r, o.metric));
    present.insert(name);
    base[name] = r->method;
    pairs.insert(pk);
    xs.insert(x);
    pair_label[pk] = r->source + " → " + r->target;
  }
  axis.categorical = !std::all_of(xs.begin(), xs.end(), is_number);
  if (axis.categorical) axis.categories.assign(xs.begin(), xs.end());
  std::vector<Series> out;
  const auto name_list = settings_in_filter_order(present, base, o.methods), pair_list = in_order(pairs, o.pairs);
  for (std::size_t mi = 0; mi < name_list.size(); ++mi)
    for (std::size_t pi = 0; pi < pair_list.size(); ++pi) {
      auto it = data.find({name_list[mi], pair_list[pi]});
      if (it == data.end()) continue;
      Series s;
      s.method = mi;
      s.pair = pi;
      s.label = pairs.size() > 1 ? fmt::format("{} ({})", name_list[mi], pair_label[pair_list[pi]]) : name_list[mi];
      for (const auto& [x, vals] : it->second) s.points.push_back(summarise(axis.position(x), vals, o.band));
      std::sort(s.points.begin(), s.points.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
      out.push_back(std::move(s));
    }
  return out;
}

std::string budget_label(double pct) {
  std::string s = fmt::format("{:.4f}", pct);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

}  // namespace

std::string budget_curve_svg(const std::vector<JobRecord>& records, const BudgetCurveOptions& o) {
  if (o.x_scale != "auto" && o.x_scale != "linear" && o.x_scale != "log")
    throw ConfigError(fmt::format("unknown x scale '{}'; valid: auto, linear, log", o.x_scale));
  if (o.band != "std" && o.band != "t" && o.band != "bootstrap")
    throw ConfigError(fmt::format("unknown band '{}'; valid: std, t, bootstrap", o.band));
  XAxis axis;
  std::vector<Series> series = budget_series(records, o, axis);
  const std::string metric = metric_name(o.metric);
  const std::string title = o.title.empty() ? metric + (axis.budget ? " vs label budget" : " vs " + o.x) : o.title;

  std::vector<svg::LegendEntry> entries;
  // Colour names the method and the dash/marker the pair, so that 6 methods x 2 pairs stay apart
  // with a colour-blind-safe palette of 8.
  for (const auto& s : series)
    entries.push_back({s.label, svg::colour(s.method), "line", svg::dash_pattern(s.pair), svg::point_marker(s.pair)});
  double legend_w = entries.empty() ? 0 : svg::legend_width(entries, "Method");
  svg::Rect plot{80, 50, o.width - 80 - (legend_w > 0 ? legend_w + 40 : 30), static_cast<double>(o.height - 50 - 70)};

  std::set<double> budgets;
  double ylo = 1e300, yhi = -1e300;
  for (const auto& s : series)
    for (const auto& p : s.points) {
      budgets.insert(p.x);
      ylo = std::min(ylo, p.lo);
      yhi = std::max(yhi, p.hi);
    }
  if (budgets.empty()) {
    budgets = {1, 10};
    ylo = 0;
    yhi = 100;
  }
  ylo = std::max(0.0, ylo);
  yhi = std::min(100.0, yhi);
  if (yhi - ylo < 2) {
    ylo = std::max(0.0, ylo - 1);
    yhi = std::min(100.0, yhi + 1);
  }
  std::vector<double> y_ticks = svg::nice_ticks(ylo, yhi, 6);
  double y_step = y_ticks.size() > 1 ? y_ticks[1] - y_ticks[0] : 1;
  std::vector<std::string> y_labels;
  for (double t : y_ticks) y_labels.push_back(svg::tick_label(t, y_step));

  double bmin = *budgets.begin(), bmax = *budgets.rbegin();
  bool log = !axis.categorical && (o.x_scale == "log" || (o.x_scale == "auto" && bmin > 0 && bmax / bmin >= 10));
  if (log && bmin <= 0) throw ConfigError("log x scale needs x values > 0");
  svg::Scale x{bmin, bmax, plot.x, plot.x + plot.w, log};
  if (log) {
    x.lo = bmin / 1.3;
    x.hi = bmax * 1.3;
  } else {
    // A single x value gets room around it on the scale of its own magnitude (budgets: >= 1 %).
    double lone = axis.budget || axis.categorical ? std::max(1.0, 0.1 * bmax) : (bmax != 0 ? 0.1 * std::fabs(bmax) : 1.0);
    double pad = bmax > bmin ? 0.05 * (bmax - bmin) : lone;
    x.lo = bmin - pad;
    x.hi = bmax + pad;
  }
  std::vector<double> x_ticks(budgets.begin(), budgets.end());
  if (x_ticks.size() > 12 && !log && !axis.categorical) {
    double lo = bmin, hi = bmax;
    x_ticks = svg::nice_ticks(lo, hi, 8);
    x.lo = std::min(x.lo, lo);
    x.hi = std::max(x.hi, hi);
  }
  std::vector<std::string> x_labels;
  for (double t : x_ticks)
    x_labels.push_back(axis.budget        ? budget_label(t)
                       : axis.categorical ? axis.categories[static_cast<std::size_t>(std::lround(t)) - 1]
                                          : fmt::format("{:g}", t));
  svg::Scale y{ylo, yhi, plot.y + plot.h, plot.y, false};

  const std::string x_title = axis.budget ? std::string("Label budget (% of target pool") + (log ? ", log scale)" : ")")
                                          : o.x + (log ? " (log scale)" : "");
  std::string body = svg::axes(plot, x, y, x_ticks, x_labels, y_ticks, y_labels, x_title, metric + " (%)");
  auto clamp_y = [&](double v) { return y(std::min(yhi, std::max(ylo, v))); };
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& pts = series[i].points;
    const std::string& c = svg::colour(series[i].method);
    if (pts.size() >= 2) {
      std::string d;
      for (std::size_t k = 0; k < pts.size(); ++k)
        d += fmt::format("{}{} {}", k ? "L" : "M", svg::num(x(pts[k].x)), svg::num(clamp_y(pts[k].hi)));
      for (std::size_t k = pts.size(); k-- > 0;)
        d += fmt::format("L{} {}", svg::num(x(pts[k].x)), svg::num(clamp_y(pts[k].lo)));
      body += fmt::format("<path class=\"band\" d=\"{}Z\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\"/>\n", d, c);
    }
  }
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& pts = series[i].points;
    const std::string& c = svg::colour(series[i].method);
    const std::string& dash = svg::dash_pattern(series[i].pair);
    std::string line;
    for (const auto& p : pts) line += fmt::format("{}{},{}", line.empty() ? "" : " ", svg::num(x(p.x)), svg::num(y(p.mean)));
    body += fmt::format("<polyline class=\"series\" data-label=\"{}\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"{}/>\n",
                        svg::esc(series[i].label), line, c, dash.empty() ? "" : fmt::format(" stroke-dasharray=\"{}\"", dash));
    for (const auto& p : pts) {
      if (pts.size() == 1 && p.hi > p.lo)  // a lone point gets an error bar instead of a band
        body += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1.5\"/>\n",
                            svg::num(x(p.x)), svg::num(clamp_y(p.hi)), svg::num(clamp_y(p.lo)), c);
      body += svg::marker(svg::point_marker(series[i].pair), x(p.x), y(p.mean), 4.5, c, " stroke=\"#ffffff\" stroke-width=\"1\"");
    }
  }
  if (series.empty())
    body += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"15\" text-anchor=\"middle\" fill=\"#777777\">no finished jobs</text>\n",
                        svg::num(plot.x + plot.w / 2), svg::num(plot.y + plot.h / 2));
  else
    body += svg::legend(plot.x + plot.w + 20, plot.y, entries, "Method") +
            fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#666666\">line: mean over seeds</text>\n"
                        "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#666666\">band: {}</text>\n",
                        svg::num(plot.x + plot.w + 20), svg::num(plot.y + 40 + 22.0 * entries.size() + 14),
                        svg::num(plot.x + plot.w + 20), svg::num(plot.y + 40 + 22.0 * entries.size() + 29),
                        o.band == "std" ? "± 1 std" : o.band == "t" ? "95% CI of the mean (t)" : "95% CI (bootstrap)");
  return svg::document(o.width, o.height, title, body);
}

std::string projection_svg(const Matrix& vectors, const std::vector<std::int8_t>& labels,
                           const std::vector<std::int8_t>& system, const ProjectionOptions& o) {
  const std::size_t n = vectors.rows;
  if (labels.size() != n) throw InputError(fmt::format("projection: {} labels for {} vectors", labels.size(), n));
  if (!system.empty() && system.size() != n)
    throw InputError(fmt::format("projection: {} system marks for {} vectors", system.size(), n));
  std::size_t stride = o.max_points && n > o.max_points ? (n + o.max_points - 1) / o.max_points : 1;
  std::vector<std::size_t> keep;
  for (std::size_t r = 0; r < n; r += stride) keep.push_back(r);
  Matrix sub(keep.size(), vectors.cols);
  for (std::size_t i = 0; i < keep.size(); ++i) std::copy(vectors.row(keep[i]), vectors.row(keep[i]) + vectors.cols, sub.row(i));
  Pca p = pca(sub, 2);
  auto coord = [&](std::size_t i, std::size_t c) { return c < p.projected.cols ? static_cast<double>(p.projected.at(i, c)) : 0.0; };

  std::size_t counts[2] = {0, 0};
  for (std::size_t r : keep) ++counts[labels[r] ? 1 : 0];
  // Point entries: no dash, the default point marker.
  std::vector<svg::LegendEntry> labels_legend{{fmt::format("normal ({})", counts[0]), svg::colour(0), "square", ""},
                                              {fmt::format("anomalous ({})", counts[1]), svg::colour(1), "square", ""}};
  std::vector<svg::LegendEntry> system_legend{{"source", "#555555", "circle", ""}, {"target", "#555555", "triangle", ""}};
  double legend_w = std::max(svg::legend_width(labels_legend, "Label"), svg::legend_width(system_legend, "System"));
  svg::Rect plot{80, 50, o.width - 80 - legend_w - 40, static_cast<double>(o.height - 50 - 70)};

  double xlo = 1e300, xhi = -1e300, ylo = 1e300, yhi = -1e300;
  for (std::size_t i = 0; i < keep.size(); ++i) {
    xlo = std::min(xlo, coord(i, 0));
    xhi = std::max(xhi, coord(i, 0));
    ylo = std::min(ylo, coord(i, 1));
    yhi = std::max(yhi, coord(i, 1));
  }
  if (keep.empty()) xlo = ylo = -1, xhi = yhi = 1;
  std::vector<double> xt = svg::nice_ticks(xlo, xhi, 6), yt = svg::nice_ticks(ylo, yhi, 6);
  std::vector<std::string> xl, yl;
  for (double t : xt) xl.push_back(svg::tick_label(t, xt.size() > 1 ? xt[1] - xt[0] : 1));
  for (double t : yt) yl.push_back(svg::tick_label(t, yt.size() > 1 ? yt[1] - yt[0] : 1));
  svg::Scale x{xlo, xhi, plot.x, plot.x + plot.w, false}, y{ylo, yhi, plot.y + plot.h, plot.y, false};
  auto share = [&](std::size_t c) {
    return c < p.variance.size() && p.total_variance > 0 ? 100.0 * p.variance[c] / p.total_variance : 0.0;
  };
  std::string body = svg::axes(plot, x, y, xt, xl, yt, yl, fmt::format("PC1 ({:.1f}% of variance)", share(0)),
                               fmt::format("PC2 ({:.1f}% of variance)", share(1)));
  body += "<g class=\"points\">\n";
  for (int pass = 0; pass < 2; ++pass)  // anomalies last, so the rare class stays visible
    for (std::size_t i = 0; i < keep.size(); ++i) {
      int label = labels[keep[i]] ? 1 : 0;
      if (label != pass) continue;
      bool source = !system.empty() && system[keep[i]] == 0;
      body += svg::marker(source ? "circle" : "triangle", x(coord(i, 0)), y(coord(i, 1)), source ? 3.2 : 3.8,
                          svg::colour(static_cast<std::size_t>(label)),
                          fmt::format(" class=\"{}\" fill-opacity=\"0.7\" stroke=\"#ffffff\" stroke-width=\"0.4\"",
                                      label ? "anomalous" : "normal"));
    }
  body += "</g>\n";
  double lx = plot.x + plot.w + 20;
  body += svg::legend(lx, plot.y, labels_legend, "Label", legend_w);
  body += svg::legend(lx, plot.y + 28 + 22 * 2 + 24, system_legend, "System", legend_w);
  if (stride > 1)
    body += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#666666\">every {}th of {} shown</text>\n", svg::num(lx),
                        svg::num(plot.y + 2 * (28 + 22 * 2 + 4) + 40), stride, n);
  if (keep.empty())
    body += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"15\" text-anchor=\"middle\" fill=\"#777777\">no vectors stored</text>\n",
                        svg::num(plot.x + plot.w / 2), svg::num(plot.y + plot.h / 2));
  return svg::document(o.width, o.height, o.title, body);
}

std::string projection_svg(const JobRecord& rec, ProjectionOptions o) {
  if (o.title == ProjectionOptions{}.title)
    o.title = fmt::format("{} log vectors, {} → {}, budget {}, seed {} (PCA)", rec.method, rec.source, rec.target,
                          budget_label(rec.budget * 100.0), rec.seed);
  return projection_svg(rec.result.vectors, rec.result.vector_labels, rec.result.vector_system, o);
}

void write_text_file(const std::string& path, const std::string& text) { write_file_atomically(path, text); }

bool png_converter_available() {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  for (const auto& dir : split(path, ':'))
    if (!dir.empty() && ::access((dir + "/rsvg-convert").c_str(), X_OK) == 0) return true;
  return false;
}

bool svg_to_png(const std::string& svg_path, const std::string& png_path, int width) {
  if (!png_converter_available()) return false;
  std::vector<std::string> args{"rsvg-convert"};
  if (width > 0)
    args.insert(args.end(), {"-w", std::to_string(width), "--keep-aspect-ratio"});
  else
    args.insert(args.end(), {"-z", "2"});
  args.insert(args.end(), {"-o", png_path, svg_path});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, "rsvg-convert", nullptr, nullptr, argv.data(), environ) != 0)
    throw StorageError("cannot run rsvg-convert", Location{png_path, 0, 0, ""});
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw StorageError("cannot wait for rsvg-convert", Location{png_path, 0, 0, ""});
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw StorageError(fmt::format("rsvg-convert failed on {}", svg_path), Location{png_path, 0, 0, ""});
  return true;
}

}  // namespace logsweep
