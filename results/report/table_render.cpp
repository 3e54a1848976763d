// Printing a table grid as Markdown, LaTeX (booktabs) or CSV.
#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "results/report/stats.hpp"
#include "results/report/table_grid.hpp"

namespace logsweep::table {

namespace {

// How a format spells the pieces of a cell.
struct Style {
  std::string pm, bold_open, bold_close, dagger, ddagger, dash;
  std::string better, worse, same, too_few;  // --versus marks
};
const Style kMarkdown{" ± ", "**", "**", "†", "‡", "—", "▲", "▼", "≈", "?"};
const Style kLatex{" $\\pm$ ", "\\textbf{", "}", "$^\\dagger$", "$^\\ddagger$", "--",
                   "$\\uparrow$", "$\\downarrow$", "$\\approx$", "?"};

std::string csv_versus(Cell::Versus v) {
  switch (v) {
    case Cell::Versus::None: return "";
    case Cell::Versus::Better: return "better";
    case Cell::Versus::Worse: return "worse";
    case Cell::Versus::Same: return "same";
    case Cell::Versus::TooFew: return "too few";
  }
  return "";
}

std::string versus_mark(Cell::Versus v, const Style& s) {
  switch (v) {
    case Cell::Versus::None: return "";
    case Cell::Versus::Better: return " " + s.better;
    case Cell::Versus::Worse: return " " + s.worse;
    case Cell::Versus::Same: return " " + s.same;
    case Cell::Versus::TooFew: return " " + s.too_few;
  }
  return "";
}

std::string cell_text(const Cell& c, int decimals, const Style& s) {
  switch (c.kind) {
    case Cell::Kind::Missing: return s.dash;
    case Cell::Kind::Failed: return "failed" + s.dagger;
    case Cell::Kind::Skipped: return "skipped" + s.ddagger;
    case Cell::Kind::Value: break;
  }
  std::string mean = number(c.mean, decimals);
  std::string t = c.bold ? s.bold_open + mean + s.bold_close : mean;
  if (c.n > 1) t += s.pm + number(c.std, decimals);
  if (c.has_ci) t += fmt::format(" [{}, {}]", number(c.ci_lo, decimals), number(c.ci_hi, decimals));
  if (c.n > 0) t += fmt::format(" ({})", c.n);
  if (c.some_failed) t += s.dagger;
  if (c.some_skipped) t += s.ddagger;
  return t + versus_mark(c.versus, s);
}

bool uses(const Grid& g, Cell::Kind kind, bool Cell::*partial) {
  for (const auto& row : g.cells)
    for (const auto& c : row)
      if (c.kind == kind || (partial && c.*partial)) return true;
  return false;
}

std::string reasons(const std::vector<std::string>& r) {
  std::vector<std::string> shown(r.begin(), r.begin() + std::min<std::size_t>(r.size(), 3));
  std::string s = join(shown, "; ");
  if (r.size() > 3) s += fmt::format("; and {} more", r.size() - 3);
  return s;
}

// Footnote sentences (without the mark), only for marks the table uses.
struct Notes {
  std::string failed, skipped, missing;
};
Notes notes(const Grid& g) {
  Notes n;
  if (uses(g, Cell::Kind::Failed, &Cell::some_failed))
    n.failed = fmt::format("failed: {} job(s) failed ({}); failed seeds are left out of the means, never counted as zero.",
                           g.failed_jobs, reasons(g.failed_reasons));
  if (uses(g, Cell::Kind::Skipped, &Cell::some_skipped))
    n.skipped = fmt::format("skipped: {} job(s) could not run on this data ({}).", g.skipped_jobs, reasons(g.skipped_reasons));
  if (uses(g, Cell::Kind::Missing, nullptr)) n.missing = "no job was run for this cell.";
  return n;
}

std::string group_title(const ColumnGroup& grp, const std::string& arrow) {
  return grp.label.empty() ? grp.source + arrow + grp.target : grp.label;
}

}  // namespace

std::string md_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '|') o += '\\';
    o += c;
  }
  return o;
}

std::string tex_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '_': case '%': case '&': case '#': case '$': case '{': case '}': o += '\\'; o += c; break;
      case '~': o += "\\textasciitilde{}"; break;
      case '^': o += "\\textasciicircum{}"; break;
      case '\\': o += "\\textbackslash{}"; break;
      default: o += c;
    }
  }
  return o;
}

// tex_escape leaves UTF-8 symbols as they are; the legend's and notes' ones are spelled for LaTeX.
std::string tex_text(const std::string& s) {
  std::string out = tex_escape(s);
  const std::pair<std::string, std::string> symbols[] = {{"±", "$\\pm$"},         {"▲", "$\\uparrow$"},
                                                         {"▼", "$\\downarrow$"},  {"≈", "$\\approx$"},
                                                         {"→", "$\\rightarrow$"}, {"–", "--"}};
  for (const auto& [from, to] : symbols)
    for (std::size_t p; (p = out.find(from)) != std::string::npos;) out.replace(p, from.size(), to);
  return out;
}

std::string md_row(const std::vector<std::string>& cells) {
  std::string s = "|";
  for (const auto& c : cells) s += " " + c + " |";
  return s + "\n";
}

namespace {

// The --versus summary: one row per compared setting.
std::string versus_heading(const Grid& g, const TableOptions& o) {
  return fmt::format("Paired comparison with {} on {} over matched (pair, budget, seed) jobs: Wilcoxon signed-rank "
                     "test (two-sided; exact for up to {} non-zero differences, normal approximation above), "
                     "p-values Holm-corrected across the compared rows, alpha {}",
                     g.versus, g.versus_metric, stats::kExactMaxN, o.alpha);
}

std::vector<std::string> versus_header() {
  return {"Method", "matched jobs", "wins / ties / losses", "mean difference", "p", "Holm p", "verdict"};
}

std::vector<std::string> versus_cells(const VersusRow& r, const TableOptions& o) {
  std::string verdict = !r.tested ? fmt::format("too few matched jobs ({} < {})", r.matched, kMinPairedJobs)
                        : r.p_holm > o.alpha || r.w_plus == r.w_minus ? "no significant difference"
                        : r.w_plus > r.w_minus                          ? "significantly better"
                                                                        : "significantly worse";
  return {r.name,
          std::to_string(r.matched),
          fmt::format("{} / {} / {}", r.wins, r.ties, r.losses),
          r.matched ? number(r.mean_diff, o.decimals) : "",
          r.tested ? fmt::format("{:.4g}{}", r.p, r.exact ? "" : " (normal approx.)") : "—",
          r.tested ? fmt::format("{:.4g}", r.p_holm) : "—",
          verdict};
}

}  // namespace

std::string number(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);  // no "-0.00"
  return s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) {
    if (c == '"') o += '"';
    o += c;
  }
  return o + "\"";
}

std::string render_markdown(const Grid& g, const TableOptions& o) {
  std::vector<std::string> header = g.label_headers, align;
  for (std::size_t i = 0; i < g.label_headers.size(); ++i) align.push_back(":---");
  for (const auto& grp : g.groups)
    for (const auto& sub : grp.sub) {
      header.push_back(md_escape(group_title(grp, " → ") + " " + sub));
      align.push_back("---:");
    }
  std::string out = md_row(header) + md_row(align);
  for (std::size_t r = 0; r < g.cells.size(); ++r) {
    std::vector<std::string> row;
    for (const auto& l : g.labels[r]) row.push_back(md_escape(l));
    for (const auto& c : g.cells[r]) row.push_back(cell_text(c, o.decimals, kMarkdown));
    out += md_row(row);
  }
  Notes n = notes(g);
  out += "\n" + g.legend + ".\n";
  if (!n.failed.empty()) out += "\n† " + md_escape(n.failed) + "\n";
  if (!n.skipped.empty()) out += "\n‡ " + md_escape(n.skipped) + "\n";
  if (!n.missing.empty()) out += "\n— " + n.missing + "\n";
  if (!g.labels_note.empty()) out += "\n" + md_escape(g.labels_note) + "\n";
  if (!g.extra_note.empty()) out += "\n" + md_escape(g.extra_note) + "\n";
  if (!g.settings_note.empty()) out += "\n" + md_escape(g.settings_note) + "\n";
  if (!g.versus.empty()) {
    out += "\n" + md_escape(versus_heading(g, o)) + ".\n\n";
    out += md_row(versus_header()) + md_row({":---", "---:", "---:", "---:", "---:", "---:", ":---"});
    for (const auto& r : g.versus_rows) {
      std::vector<std::string> cells;
      for (const auto& c : versus_cells(r, o)) cells.push_back(md_escape(c));
      out += md_row(cells);
    }
  }
  return out;
}

std::string render_latex(const Grid& g, const TableOptions& o) {
  std::size_t nlab = g.label_headers.size();
  std::string spec(nlab, 'l');
  std::size_t ncols = nlab;
  for (const auto& grp : g.groups) {
    spec += " " + std::string(grp.sub.size(), 'c');
    ncols += grp.sub.size();
  }
  std::string out = "\\begin{tabular}{" + spec + "}\n\\toprule\n";
  // Group header row with cmidrules under each group.
  std::string groups_row(nlab > 1 ? std::string(nlab - 1, '&') : ""), rules;
  std::size_t col = nlab + 1;
  for (const auto& grp : g.groups) {
    groups_row += fmt::format(" & \\multicolumn{{{}}}{{c}}{{{}}}", grp.sub.size(),
                              grp.label.empty() ? tex_escape(grp.source) + " $\\rightarrow$ " + tex_escape(grp.target)
                                                : tex_escape(grp.label));
    rules += fmt::format("{}\\cmidrule(lr){{{}-{}}}", rules.empty() ? "" : " ", col, col + grp.sub.size() - 1);
    col += grp.sub.size();
  }
  out += groups_row + " \\\\\n" + rules + "\n";
  std::vector<std::string> sub;
  for (const auto& h : g.label_headers) sub.push_back(tex_escape(h));
  for (const auto& grp : g.groups)
    for (const auto& s : grp.sub) sub.push_back(tex_escape(s));
  out += join(sub, " & ") + " \\\\\n\\midrule\n";
  for (std::size_t r = 0; r < g.cells.size(); ++r) {
    std::vector<std::string> row;
    for (const auto& l : g.labels[r]) row.push_back(tex_escape(l));
    for (const auto& c : g.cells[r]) row.push_back(cell_text(c, o.decimals, kLatex));
    out += join(row, " & ") + " \\\\\n";
  }
  out += "\\bottomrule\n\\end{tabular}\n";
  Notes n = notes(g);
  out += "\\par\\smallskip{\\footnotesize " + tex_text(g.legend) + ".";
  if (!n.failed.empty()) out += "\\par $^\\dagger$" + tex_escape(n.failed);
  if (!n.skipped.empty()) out += "\\par $^\\ddagger$" + tex_escape(n.skipped);
  if (!n.missing.empty()) out += "\\par --\\ " + tex_escape(n.missing);
  if (!g.labels_note.empty()) out += "\\par " + tex_escape(g.labels_note);
  if (!g.extra_note.empty()) out += "\\par " + tex_escape(g.extra_note);
  if (!g.settings_note.empty()) out += "\\par " + tex_text(g.settings_note);
  out += "\\par}\n";
  if (!g.versus.empty()) {
    out += "\n\\begin{tabular}{l rrrrr l}\n\\toprule\n";
    std::vector<std::string> head;
    for (const auto& h : versus_header()) head.push_back(tex_escape(h));
    out += join(head, " & ") + " \\\\\n\\midrule\n";
    for (const auto& r : g.versus_rows) {
      std::vector<std::string> cells;
      for (const auto& c : versus_cells(r, o)) cells.push_back(c == "—" ? "--" : tex_escape(c));
      out += join(cells, " & ") + " \\\\\n";
    }
    out += "\\bottomrule\n\\end{tabular}\n\\par\\smallskip{\\footnotesize " + tex_escape(versus_heading(g, o)) + ".\\par}\n";
  }
  (void)ncols;
  return out;
}

std::string render_csv(const Grid& g, const TableOptions& o) {
  std::vector<std::string> header;
  for (const auto& h : g.label_headers) header.push_back(csv_field(h));
  for (const auto& grp : g.groups)
    for (const auto& s : grp.sub) {
      std::string name = group_title(grp, "->") + " " + s;
      header.push_back(csv_field(name));
      header.push_back(csv_field(name + " std"));
      header.push_back(csv_field(name + " n"));
      if (g.ci_columns) {
        header.push_back(csv_field(name + " ci lo"));
        header.push_back(csv_field(name + " ci hi"));
      }
      if (!g.versus.empty()) header.push_back(csv_field(name + " vs " + g.versus));
    }
  std::string out = join(header, ",") + "\n";
  for (std::size_t r = 0; r < g.cells.size(); ++r) {
    std::vector<std::string> row;
    for (const auto& l : g.labels[r]) row.push_back(csv_field(l));
    for (const auto& c : g.cells[r]) {
      switch (c.kind) {
        case Cell::Kind::Missing: row.insert(row.end(), {"", "", ""}); break;
        case Cell::Kind::Failed: row.insert(row.end(), {"failed", "", ""}); break;
        case Cell::Kind::Skipped: row.insert(row.end(), {"skipped", "", ""}); break;
        case Cell::Kind::Value:
          row.push_back(number(c.mean, o.decimals));
          row.push_back(c.n > 1 ? number(c.std, o.decimals) : "");
          row.push_back(c.n > 0 ? std::to_string(c.n) : "");
      }
      if (g.ci_columns) {
        row.push_back(c.has_ci ? number(c.ci_lo, o.decimals) : "");
        row.push_back(c.has_ci ? number(c.ci_hi, o.decimals) : "");
      }
      if (!g.versus.empty()) row.push_back(csv_versus(c.versus));
    }
    out += join(row, ",") + "\n";
  }
  return out;
}

}  // namespace logsweep::table
