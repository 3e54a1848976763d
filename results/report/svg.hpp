#pragma once
// Internal: the small SVG vocabulary the plots are drawn with (escaping, number formatting,
// axes with ticks and grid, legends, a colour-blind-safe palette).
#include <string>
#include <vector>

namespace logsweep::svg {

std::string esc(const std::string& s);
std::string num(double v);  // compact coordinate: at most 2 decimals
// Width of `s` in px at font size `size` (DejaVu Sans-ish average), for layout.
double text_width(const std::string& s, double size);
// Okabe–Ito colours (colour-blind safe), cycled.
const std::string& colour(std::size_t i);

// Maps data values to pixels along one axis (linear or log10).
struct Scale {
  double lo = 0, hi = 1;  // data range
  double p0 = 0, p1 = 1;  // pixel range (p1 < p0 for a y axis)
  bool log = false;
  double operator()(double v) const;
};
// 1-2-5 ticks covering [lo, hi] with about `target` steps; lo/hi are widened to tick values.
std::vector<double> nice_ticks(double& lo, double& hi, int target);
std::string tick_label(double v, double step);

struct Rect {
  double x, y, w, h;
};
// Frame, grid lines, ticks and tick labels, axis titles. x_labels: text per x tick ("" = auto).
std::string axes(const Rect& plot, const Scale& x, const Scale& y, const std::vector<double>& x_ticks,
                 const std::vector<std::string>& x_labels, const std::vector<double>& y_ticks,
                 const std::vector<std::string>& y_labels, const std::string& x_title, const std::string& y_title);

struct LegendEntry {
  std::string label;
  std::string colour;
  std::string marker;  // line | circle | triangle | square
  std::string dash;    // stroke-dasharray of a "line" entry ("" = solid)
  std::string point = "circle";  // the point marker drawn on a "line" entry
};
// Line styles told apart without colour (pairs of a budget curve): dash pattern and point marker.
const std::string& dash_pattern(std::size_t i);
const std::string& point_marker(std::size_t i);
// Legend box with top-left at (x, y); returns the SVG group.
// width 0 = as wide as the longest label needs.
std::string legend(double x, double y, const std::vector<LegendEntry>& entries, const std::string& heading = "",
                   double width = 0);
double legend_width(const std::vector<LegendEntry>& entries, const std::string& heading = "");

std::string marker(const std::string& kind, double x, double y, double r, const std::string& fill,
                   const std::string& extra = "");
std::string document(int width, int height, const std::string& title, const std::string& body);

}  // namespace logsweep::svg
