#include "runner/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include "cluster/matrix.hpp"
#include "results/report/plots.hpp"
#include "results/store/store.hpp"
#include "experiments/method.hpp"
#include "results/report/tables.hpp"

namespace logsweep {
namespace {

struct Emitter {
  std::string dir;
  std::vector<std::string> written;
  void file(const std::string& name, const std::string& text) {
    write_text_file(dir + "/" + name, text);
    written.push_back(name);
  }
  void svg(const std::string& stem, const std::string& text) {
    file(stem + ".svg", text);
    if (png_converter_available() && svg_to_png(dir + "/" + stem + ".svg", dir + "/" + stem + ".png"))
      written.push_back(stem + ".png");
  }
};

const char* extension(TableFormat f) {
  switch (f) {
    case TableFormat::Markdown: return "md";
    case TableFormat::Latex: return "tex";
    default: return "csv";
  }
}

// The LogAction family's per-round record (issue 25), when any job has one: the selection table
// and F1 after each round, so the run's own report shows what the purchases bought and did.
void write_selection_report(const std::vector<JobRecord>& records, const TableOptions& base, Emitter& out) {
  if (std::none_of(records.begin(), records.end(), [](const JobRecord& r) { return !r.result.rounds.empty(); })) return;
  TableOptions o = base;
  o.layout = TableLayout::Selection;
  for (auto format : {TableFormat::Markdown, TableFormat::Csv}) {
    o.format = format;
    out.file(std::string("selection.") + extension(format), render_table(records, o));
  }
  SelectionCurveOptions curve;
  curve.default_params = base.default_params;
  out.svg("selection_f1", selection_curve_svg(records, curve));
}

}  // namespace

DefaultParams method_defaults(const std::vector<JobRecord>& records) {
  DefaultParams out;
  for (const auto& r : records) {
    if (out.count(r.method)) continue;
    auto& texts = out[r.method];
    try {
      const ParamSchema& schema = find_method(r.method).schema();
      texts.push_back(Params::resolve(schema, Profile::Paper).canonical());
      texts.push_back(Params::resolve(schema, Profile::Quick).canonical());
    } catch (const ConfigError&) {
    }
  }
  return out;
}

TableOptions registry_table_options(const std::vector<JobRecord>& records) {
  TableOptions o;
  o.default_params = method_defaults(records);
  o.families = method_families();
  return o;
}

void write_run_report(const ExperimentConfig& cfg) {
  std::set<std::string> ids;
  for (const auto& j : expand_jobs(cfg, data_keys(cfg))) ids.insert(j.id);
  std::vector<JobRecord> records;
  for (auto& r : ResultsStore(cfg.output).load())
    if (ids.count(r.id)) records.push_back(std::move(r));
  if (records.empty()) return;

  namespace fs = std::filesystem;
  Emitter out{(fs::path(cfg.output).parent_path() / "report").string(), {}};
  fs::create_directories(out.dir);

  const TableOptions base = registry_table_options(records);
  const DefaultParams& defaults = base.default_params;
  bool has_ablation = false;
  for (const auto& m : cfg.methods) {
    auto f = base.families.find(m);
    has_ablation = has_ablation || (f != base.families.end() && f->second == MethodFamily::Ablation);
  }
  for (auto format : {TableFormat::Markdown, TableFormat::Latex, TableFormat::Csv}) {
    for (double b : cfg.budgets) {
      TableOptions o = base;
      o.format = format;
      o.budgets = {b};
      const std::string suffix = fmt::format("budget{:g}pct.{}", b * 100, extension(format));
      const std::string text = render_table(records, o);
      out.file("methods_" + suffix, text);
      if (format == TableFormat::Markdown)
        std::printf("\nF1 / precision / recall (%%), label budget %g%% of the target pool, mean ± std (seeds):\n\n%s",
                    b * 100, text.c_str());
      if (has_ablation) {
        o.layout = TableLayout::Ablation;
        out.file("ablation_" + suffix, render_table(records, o));
      }
    }
    if (cfg.budgets.size() > 1) {
      TableOptions o = base;
      o.format = format;
      o.layout = TableLayout::Budget;
      const std::string text = render_table(records, o);
      out.file(std::string("budget_sweep_f1.") + extension(format), text);
      if (format == TableFormat::Markdown) std::printf("\nF1 (%%) by label budget:\n\n%s", text.c_str());
    }
  }
  TableOptions tidy = base;
  tidy.layout = TableLayout::Tidy;
  out.file("jobs.csv", render_table(records, tidy));
  write_selection_report(records, base, out);
  if (cfg.budgets.size() > 1) {
    BudgetCurveOptions curve;
    curve.default_params = defaults;
    out.svg("budget_curve_f1", budget_curve_svg(records, curve));
  }
  for (const auto& r : records)
    if (r.result.vectors.rows > 0) {
      ProjectionOptions po;
      po.title = fmt::format("{} {} -> {}, budget {:g}%: learned log vectors (PCA)", r.method, r.source, r.target,
                             r.budget * 100);
      out.svg("log_vectors", projection_svg(r, po));
      break;
    }
  std::printf("\nreport: %zu files in %s\n", out.written.size(), out.dir.c_str());
}

}  // namespace logsweep
