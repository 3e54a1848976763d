#include "results/report/svg.hpp"

#include <cmath>

#include <fmt/format.h>

namespace logsweep::svg {

namespace {
const char* kFont = "DejaVu Sans, Helvetica, Arial, sans-serif";
}

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string num(double v) {
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

double text_width(const std::string& s, double size) {
  std::size_t chars = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++chars;  // count UTF-8 code points, not bytes
  return 0.6 * size * static_cast<double>(chars);
}

const std::string& colour(std::size_t i) {
  static const std::vector<std::string> okabe_ito{"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                  "#E69F00", "#56B4E9", "#000000", "#F0E442"};
  return okabe_ito[i % okabe_ito.size()];
}

double Scale::operator()(double v) const {
  double a = lo, b = hi, t = v;
  if (log) {
    a = std::log10(lo);
    b = std::log10(hi);
    t = std::log10(v);
  }
  double f = b > a ? (t - a) / (b - a) : 0.5;
  return p0 + f * (p1 - p0);
}

std::vector<double> nice_ticks(double& lo, double& hi, int target) {
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  double raw = (hi - lo) / std::max(1, target);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  lo = std::floor(lo / step + 1e-9) * step;
  hi = std::ceil(hi / step - 1e-9) * step;
  std::vector<double> ticks;
  for (double t = lo; t <= hi + step * 1e-6; t += step) ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

std::string tick_label(double v, double step) {
  int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return fmt::format("{:.{}f}", v, std::min(decimals, 4));
}

std::string axes(const Rect& p, const Scale& x, const Scale& y, const std::vector<double>& x_ticks,
                 const std::vector<std::string>& x_labels, const std::vector<double>& y_ticks,
                 const std::vector<std::string>& y_labels, const std::string& x_title, const std::string& y_title) {
  std::string s = "<g class=\"axes\">\n";
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" stroke=\"none\"/>\n", num(p.x),
                   num(p.y), num(p.w), num(p.h));
  for (std::size_t i = 0; i < y_ticks.size(); ++i) {
    double py = y(y_ticks[i]);
    s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>\n", num(p.x),
                     num(py), num(p.x + p.w), num(py));
    s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>\n",
                     num(p.x - 8), num(py), esc(y_labels[i]));
  }
  for (std::size_t i = 0; i < x_ticks.size(); ++i) {
    double px = x(x_ticks[i]);
    s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>\n", num(px),
                     num(p.y), num(px), num(p.y + p.h));
    s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333333\" stroke-width=\"1\"/>\n", num(px),
                     num(p.y + p.h), num(px), num(p.y + p.h + 5));
    s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\">{}</text>\n", num(px),
                     num(p.y + p.h + 20), esc(x_labels[i]));
  }
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n",
                   num(p.x), num(p.y), num(p.w), num(p.h));
  s += fmt::format("<text class=\"x-title\" x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\">{}</text>\n",
                   num(p.x + p.w / 2), num(p.y + p.h + 44), esc(x_title));
  double ty = p.y + p.h / 2;
  s += fmt::format(
      "<text class=\"y-title\" x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\" transform=\"rotate(-90 {} {})\">{}</text>\n",
      num(p.x - 52), num(ty), num(p.x - 52), num(ty), esc(y_title));
  return s + "</g>\n";
}

std::string marker(const std::string& kind, double x, double y, double r, const std::string& fill, const std::string& extra) {
  if (kind == "triangle")
    return fmt::format("<path d=\"M{} {}L{} {}L{} {}Z\" fill=\"{}\"{}/>\n", num(x), num(y - 1.2 * r), num(x - 1.1 * r),
                       num(y + 0.8 * r), num(x + 1.1 * r), num(y + 0.8 * r), fill, extra);
  if (kind == "square")
    return fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}/>\n", num(x - r), num(y - r),
                       num(2 * r), num(2 * r), fill, extra);
  return fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"{}/>\n", num(x), num(y), num(r), fill, extra);
}

double legend_width(const std::vector<LegendEntry>& entries, const std::string& heading) {
  double w = text_width(heading, 13);
  for (const auto& e : entries) w = std::max(w, 34 + text_width(e.label, 13));
  return w + 20;
}

const std::string& dash_pattern(std::size_t i) {
  static const std::string dashes[] = {"", "9 5", "2 4", "12 4 2 4"};
  return dashes[i % 4];
}

const std::string& point_marker(std::size_t i) {
  static const std::string markers[] = {"circle", "triangle", "square"};
  return markers[i % 3];
}

std::string legend(double x, double y, const std::vector<LegendEntry>& entries, const std::string& heading, double width) {
  double w = width > 0 ? width : legend_width(entries, heading);
  double row = 22, top = heading.empty() ? 8 : 28;
  double h = top + row * entries.size() + 4;
  std::string s = "<g class=\"legend\">\n";
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" stroke=\"#bbbbbb\" rx=\"3\"/>\n", num(x),
                   num(y), num(w), num(h));
  if (!heading.empty())
    s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\">{}</text>\n", num(x + 10), num(y + 19),
                     esc(heading));
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    double cy = y + top + row * i + row / 2;
    if (e.marker == "line")
      s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.5\"{}/>\n", num(x + 6),
                       num(cy), num(x + 38), num(cy), e.colour,
                       e.dash.empty() ? "" : fmt::format(" stroke-dasharray=\"{}\"", e.dash)) +
           marker(e.point, x + 22, cy, 4, e.colour);
    else
      s += marker(e.marker, x + 22, cy, 5, e.colour);
    s += fmt::format("<text class=\"legend-label\" x=\"{}\" y=\"{}\" font-size=\"13\" dominant-baseline=\"middle\">{}</text>\n",
                     num(x + 42), num(cy), esc(e.label));
  }
  return s + "</g>\n";
}

std::string document(int width, int height, const std::string& title, const std::string& body) {
  std::string s = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" font-family=\"{2}\" "
      "fill=\"#222222\">\n<title>{3}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
      width, height, kFont, esc(title));
  // Bold glyphs run ~10% wider than text_width's average; long titles get a smaller font.
  double size = std::max(10.0, std::min(17.0, 17.0 * (width - 40) / (1.1 * text_width(title, 17))));
  s += fmt::format("<text class=\"title\" x=\"{}\" y=\"30\" font-size=\"{}\" font-weight=\"bold\" text-anchor=\"middle\">{}</text>\n",
                   num(width / 2.0), num(size), esc(title));
  return s + body + "</svg>\n";
}

}  // namespace logsweep::svg
