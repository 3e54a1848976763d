#include "results/report/tables.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "core/util/errors.hpp"
#include "results/job_fixture.hpp"
#include "results/report/tables_tidy.hpp"


namespace logsweep {
namespace {

JobRecord rec(const std::string& method, const std::string& src, const std::string& tgt, std::uint64_t seed, double p,
              double r, double f1, double budget = 0.02) {
  JobRecord j;
  j.id = method + src + tgt + std::to_string(seed) + std::to_string(budget);
  j.method = method;
  j.source = src;
  j.target = tgt;
  j.seed = seed;
  j.budget = budget;
  j.result.precision = p;
  j.result.recall = r;
  j.result.f1 = f1;
  return j;
}

JobRecord not_done(const std::string& method, const std::string& src, const std::string& tgt, std::uint64_t seed,
                   JobStatus s, const std::string& msg, double budget = 0.02) {
  JobRecord j = rec(method, src, tgt, seed, 0, 0, 0, budget);
  j.status = s;
  j.message = msg;
  return j;
}

// Hand-computed cells (percent):
//   LogAction   BGL->TB   F1 90,92,94 -> 92.00 ± 2.00 (3); P 80.00 ± 0.00 (3); R 100.00 ± 0.00 (3)
//   LogAction   HDFS->BGL F1 50,70 -> 60.00 ± 14.14 (2) + one failed seed; P 60.00 ± 0.00; R 60,80 -> 70.00 ± 14.14
//               Average   F1 (92+60)/2 = 76.00, P 70.00, R 85.00
//   Supervised  BGL->TB   95.00 (1) / 90.00 (1) / 100.00 (1); HDFS->BGL all seeds skipped
//   LogAction_wt BGL->TB  all failed; HDFS->BGL 40.00 (1) / 50.00 (1) / 33.33 (1)
//   LogAction_wa BGL->TB  85.00 (1) / 85.00 (1) / 85.00 (1); HDFS->BGL never run
std::vector<JobRecord> grid_records() {
  return {
      rec("LogAction", "BGL", "TB", 1, 0.8, 1.0, 0.90),
      rec("LogAction", "BGL", "TB", 2, 0.8, 1.0, 0.92),
      rec("LogAction", "BGL", "TB", 3, 0.8, 1.0, 0.94),
      rec("LogAction", "HDFS", "BGL", 1, 0.6, 0.6, 0.50),
      rec("LogAction", "HDFS", "BGL", 2, 0.6, 0.8, 0.70),
      not_done("LogAction", "HDFS", "BGL", 3, JobStatus::Failed, "out of memory"),
      rec("Supervised", "BGL", "TB", 1, 0.9, 1.0, 0.95),
      not_done("Supervised", "HDFS", "BGL", 1, JobStatus::Skipped, "no anomalies in target test split"),
      not_done("Supervised", "HDFS", "BGL", 2, JobStatus::Skipped, "no anomalies in target test split"),
      not_done("LogAction_wt", "BGL", "TB", 1, JobStatus::Failed, "NaN loss"),
      rec("LogAction_wt", "HDFS", "BGL", 1, 0.5, 1.0 / 3.0, 0.4),
      rec("LogAction_wa", "BGL", "TB", 1, 0.85, 0.85, 0.85),
  };
}

// Budget sweep on one pair (percent F1):
//   LogAction  1%: 80,84 -> 82.00 ± 2.83 (2); 5%: 90.00 (1); 10%: failed
//   Supervised 1%: 70.00 (1); 5%: 95,93 -> 94.00 ± 1.41 (2); 10%: never run
std::vector<JobRecord> budget_records() {
  return {
      rec("LogAction", "BGL", "TB", 1, 0, 0, 0.80, 0.01),
      rec("LogAction", "BGL", "TB", 2, 0, 0, 0.84, 0.01),
      rec("LogAction", "BGL", "TB", 1, 0, 0, 0.90, 0.05),
      not_done("LogAction", "BGL", "TB", 1, JobStatus::Failed, "diverged", 0.1),
      rec("Supervised", "BGL", "TB", 1, 0, 0, 0.70, 0.01),
      rec("Supervised", "BGL", "TB", 1, 0, 0, 0.95, 0.05),
      rec("Supervised", "BGL", "TB", 2, 0, 0, 0.93, 0.05),
  };
}

TEST(Tables, MethodsLayoutAsMarkdownMatchesGolden) {
  TableOptions o;
  o.layout = TableLayout::Methods;
  o.format = TableFormat::Markdown;
  EXPECT_EQ(render_table(grid_records(), o), R"golden(| Method | BGL → TB F1 | BGL → TB P | BGL → TB R | HDFS → BGL F1 | HDFS → BGL P | HDFS → BGL R | Average F1 | Average P | Average R |
| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| LogAction | 92.00 ± 2.00 (3) | 80.00 ± 0.00 (3) | **100.00** ± 0.00 (3) | **60.00** ± 14.14 (2)† | **60.00** ± 0.00 (2)† | **70.00** ± 14.14 (2)† | 76.00 | 70.00 | 85.00 |
| LogAction_wa | 85.00 (1) | 85.00 (1) | 85.00 (1) | — | — | — | — | — | — |
| LogAction_wt | failed† | failed† | failed† | 40.00 (1) | 50.00 (1) | 33.33 (1) | — | — | — |
| Supervised | **95.00** (1) | **90.00** (1) | **100.00** (1) | skipped‡ | skipped‡ | skipped‡ | — | — | — |

F1, precision (P) and recall (R) in %: mean ± sample standard deviation over seeds (number of seeds); best per column in bold; Average = mean over pairs of the per-pair means.

† failed: 2 job(s) failed (out of memory; NaN loss); failed seeds are left out of the means, never counted as zero.

‡ skipped: 2 job(s) could not run on this data (no anomalies in target test split).

— no job was run for this cell.
)golden");
}

TEST(Tables, LabelsReadPerJobAreNotedUnderTheTable) {
  auto a = rec("DeepLog", "BGL", "TB", 1, 0.5, 0.5, 0.5);
  auto b = rec("DeepLog", "BGL", "TB", 2, 0.5, 0.5, 0.5);
  auto c = rec("LogAction", "BGL", "TB", 1, 0.5, 0.5, 0.5);
  auto d = rec("LogTransfer", "BGL", "TB", 1, 0.5, 0.5, 0.5);  // read no label: not listed
  a.result.n_labelled = 8000;
  b.result.n_labelled = 8002;
  c.result.n_labelled = 160;
  TableOptions o;
  const auto md = render_table({a, b, c, d}, o);
  EXPECT_NE(md.find("Target training labels read per job (mean over finished jobs and pairs): DeepLog 8001; "
                    "LogAction 160."),
            std::string::npos)
      << md;
  o.format = TableFormat::Latex;
  EXPECT_NE(render_table({a, c}, o).find("DeepLog 8000; LogAction 160."), std::string::npos);
  // Tables of methods that read no target label carry no such note (the goldens above).
  EXPECT_EQ(render_table({d}, TableOptions{}).find("labels read"), std::string::npos);
}

TEST(Tables, MethodsLayoutAsLatexMatchesGolden) {
  TableOptions o;
  o.layout = TableLayout::Methods;
  o.format = TableFormat::Latex;
  EXPECT_EQ(render_table(grid_records(), o), R"golden(\begin{tabular}{l ccc ccc ccc}
\toprule
 & \multicolumn{3}{c}{BGL $\rightarrow$ TB} & \multicolumn{3}{c}{HDFS $\rightarrow$ BGL} & \multicolumn{3}{c}{Average} \\
\cmidrule(lr){2-4} \cmidrule(lr){5-7} \cmidrule(lr){8-10}
Method & F1 & P & R & F1 & P & R & F1 & P & R \\
\midrule
LogAction & 92.00 $\pm$ 2.00 (3) & 80.00 $\pm$ 0.00 (3) & \textbf{100.00} $\pm$ 0.00 (3) & \textbf{60.00} $\pm$ 14.14 (2)$^\dagger$ & \textbf{60.00} $\pm$ 0.00 (2)$^\dagger$ & \textbf{70.00} $\pm$ 14.14 (2)$^\dagger$ & 76.00 & 70.00 & 85.00 \\
LogAction\_wa & 85.00 (1) & 85.00 (1) & 85.00 (1) & -- & -- & -- & -- & -- & -- \\
LogAction\_wt & failed$^\dagger$ & failed$^\dagger$ & failed$^\dagger$ & 40.00 (1) & 50.00 (1) & 33.33 (1) & -- & -- & -- \\
Supervised & \textbf{95.00} (1) & \textbf{90.00} (1) & \textbf{100.00} (1) & skipped$^\ddagger$ & skipped$^\ddagger$ & skipped$^\ddagger$ & -- & -- & -- \\
\bottomrule
\end{tabular}
\par\smallskip{\footnotesize F1, precision (P) and recall (R) in \%: mean $\pm$ sample standard deviation over seeds (number of seeds); best per column in bold; Average = mean over pairs of the per-pair means.\par $^\dagger$failed: 2 job(s) failed (out of memory; NaN loss); failed seeds are left out of the means, never counted as zero.\par $^\ddagger$skipped: 2 job(s) could not run on this data (no anomalies in target test split).\par --\ no job was run for this cell.\par}
)golden");
}

TEST(Tables, MethodsLayoutAsCsvMatchesGolden) {
  TableOptions o;
  o.layout = TableLayout::Methods;
  o.format = TableFormat::Csv;
  EXPECT_EQ(render_table(grid_records(), o), R"golden(Method,BGL->TB F1,BGL->TB F1 std,BGL->TB F1 n,BGL->TB P,BGL->TB P std,BGL->TB P n,BGL->TB R,BGL->TB R std,BGL->TB R n,HDFS->BGL F1,HDFS->BGL F1 std,HDFS->BGL F1 n,HDFS->BGL P,HDFS->BGL P std,HDFS->BGL P n,HDFS->BGL R,HDFS->BGL R std,HDFS->BGL R n,Average F1,Average F1 std,Average F1 n,Average P,Average P std,Average P n,Average R,Average R std,Average R n
LogAction,92.00,2.00,3,80.00,0.00,3,100.00,0.00,3,60.00,14.14,2,60.00,0.00,2,70.00,14.14,2,76.00,,,70.00,,,85.00,,
LogAction_wa,85.00,,1,85.00,,1,85.00,,1,,,,,,,,,,,,,,,,,,
LogAction_wt,failed,,,failed,,,failed,,,40.00,,1,50.00,,1,33.33,,1,,,,,,,,,
Supervised,95.00,,1,90.00,,1,100.00,,1,skipped,,,skipped,,,skipped,,,,,,,,,,,
)golden");
}

TEST(Tables, AblationLayoutAsMarkdownMatchesGolden) {
  TableOptions o;
  o.layout = TableLayout::Ablation;
  o.families = test::fixture_families();
  o.format = TableFormat::Markdown;
  EXPECT_EQ(render_table(grid_records(), o), R"golden(| Method | BGL → TB F1 | BGL → TB P | BGL → TB R | HDFS → BGL F1 | HDFS → BGL P | HDFS → BGL R | Average F1 | Average P | Average R |
| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| LogAction | **92.00** ± 2.00 (3) | 80.00 ± 0.00 (3) | **100.00** ± 0.00 (3) | **60.00** ± 14.14 (2)† | **60.00** ± 0.00 (2)† | **70.00** ± 14.14 (2)† | 76.00 | 70.00 | 85.00 |
| LogAction_wa | 85.00 (1) | **85.00** (1) | 85.00 (1) | — | — | — | — | — | — |
| LogAction_wt | failed† | failed† | failed† | 40.00 (1) | 50.00 (1) | 33.33 (1) | — | — | — |

F1, precision (P) and recall (R) in %: mean ± sample standard deviation over seeds (number of seeds); best per column in bold; Average = mean over pairs of the per-pair means.

† failed: 2 job(s) failed (out of memory; NaN loss); failed seeds are left out of the means, never counted as zero.

— no job was run for this cell.
)golden");
}

TEST(Tables, AblationLayoutAsLatexMatchesGolden) {
  TableOptions o;
  o.layout = TableLayout::Ablation;
  o.families = test::fixture_families();
  o.format = TableFormat::Latex;
  EXPECT_EQ(render_table(grid_records(), o), R"golden(\begin{tabular}{l ccc ccc ccc}
\toprule
 & \multicolumn{3}{c}{BGL $\rightarrow$ TB} & \multicolumn{3}{c}{HDFS $\rightarrow$ BGL} & \multicolumn{3}{c}{Average} \\
\cmidrule(lr){2-4} \cmidrule(lr){5-7} \cmidrule(lr){8-10}
Method & F1 & P & R & F1 & P & R & F1 & P & R \\
\midrule
LogAction & \textbf{92.00} $\pm$ 2.00 (3) & 80.00 $\pm$ 0.00 (3) & \textbf{100.00} $\pm$ 0.00 (3) & \textbf{60.00} $\pm$ 14.14 (2)$^\dagger$ & \textbf{60.00} $\pm$ 0.00 (2)$^\dagger$ & \textbf{70.00} $\pm$ 14.14 (2)$^\dagger$ & 76.00 & 70.00 & 85.00 \\
LogAction\_wa & 85.00 (1) & \textbf{85.00} (1) & 85.00 (1) & -- & -- & -- & -- & -- & -- \\
LogAction\_wt & failed$^\dagger$ & failed$^\dagger$ & failed$^\dagger$ & 40.00 (1) & 50.00 (1) & 33.33 (1) & -- & -- & -- \\
\bottomrule
\end{tabular}
\par\smallskip{\footnotesize F1, precision (P) and recall (R) in \%: mean $\pm$ sample standard deviation over seeds (number of seeds); best per column in bold; Average = mean over pairs of the per-pair means.\par $^\dagger$failed: 2 job(s) failed (out of memory; NaN loss); failed seeds are left out of the means, never counted as zero.\par --\ no job was run for this cell.\par}
)golden");
}

TEST(Tables, AblationLayoutAsCsvMatchesGolden) {
  TableOptions o;
  o.layout = TableLayout::Ablation;
  o.families = test::fixture_families();
  o.format = TableFormat::Csv;
  EXPECT_EQ(render_table(grid_records(), o), R"golden(Method,BGL->TB F1,BGL->TB F1 std,BGL->TB F1 n,BGL->TB P,BGL->TB P std,BGL->TB P n,BGL->TB R,BGL->TB R std,BGL->TB R n,HDFS->BGL F1,HDFS->BGL F1 std,HDFS->BGL F1 n,HDFS->BGL P,HDFS->BGL P std,HDFS->BGL P n,HDFS->BGL R,HDFS->BGL R std,HDFS->BGL R n,Average F1,Average F1 std,Average F1 n,Average P,Average P std,Average P n,Average R,Average R std,Average R n
LogAction,92.00,2.00,3,80.00,0.00,3,100.00,0.00,3,60.00,14.14,2,60.00,0.00,2,70.00,14.14,2,76.00,,,70.00,,,85.00,,
LogAction_wa,85.00,,1,85.00,,1,85.00,,1,,,,,,,,,,,,,,,,,,
LogAction_wt,failed,,,failed,,,failed,,,40.00,,1,50.00,,1,33.33,,1,,,,,,,,,
)golden");
}

// The ablation layout asks the families (the registry's, handed in by the runner), not the names:
// a baseline called LogAction_w… is left out, a proposed method of any name leads.
TEST(Tables, AblationRowsComeFromTheMethodFamiliesNotFromTheNames) {
  TableOptions o;
  o.layout = TableLayout::Ablation;
  o.format = TableFormat::Csv;
  o.families = {{"LogAction_wx", MethodFamily::Baseline},
                {"Zeta", MethodFamily::Proposed},
                {"Alpha", MethodFamily::Ablation}};
  const std::string t = render_table({test::job_record("LogAction_wx", "", 1, 0.5, 0.02),
                                      test::job_record("Alpha", "", 1, 0.6, 0.02),
                                      test::job_record("Zeta", "", 1, 0.7, 0.02)},
                                     o);
  EXPECT_EQ(t.find("LogAction_wx"), std::string::npos) << t;
  const auto zeta = t.find("\nZeta,"), alpha = t.find("\nAlpha,");
  ASSERT_NE(zeta, std::string::npos) << t;
  ASSERT_NE(alpha, std::string::npos) << t;
  EXPECT_LT(zeta, alpha) << "the proposed method first, then its ablations";
}

// The help texts read these lists; each name parses to the value whose name it is.
TEST(Tables, EveryListedNameParsesToItsOwnValue) {
  for (const auto& n : table_layout_names()) EXPECT_EQ(table_layout_name(parse_table_layout(n)), n);
  for (const auto& n : table_format_names()) EXPECT_EQ(table_format_name(parse_table_format(n)), n);
  for (const auto& n : table_ci_names()) EXPECT_NO_THROW(parse_table_ci(n)) << n;
  EXPECT_EQ(table_layout_names().size(), 6u);
  for (const auto& m : table_metric_names()) EXPECT_NO_THROW(record_metric(JobRecord{}, m)) << m;
}

TEST(Tables, BudgetLayoutAsMarkdownMatchesGolden) {
  TableOptions o;
  o.layout = TableLayout::Budget;
  o.format = TableFormat::Markdown;
  EXPECT_EQ(render_table(budget_records(), o), R"golden(| Budget | BGL → TB LogAction | BGL → TB Supervised |
| :--- | ---: | ---: |
| 1% | **82.00** ± 2.83 (2) | 70.00 (1) |
| 5% | 90.00 (1) | **94.00** ± 1.41 (2) |
| 10% | failed† | — |

F1 in %: mean ± sample standard deviation over seeds (number of seeds); best method per budget in bold.

† failed: 1 job(s) failed (diverged); failed seeds are left out of the means, never counted as zero.

— no job was run for this cell.
)golden");
}

TEST(Tables, BudgetLayoutAsLatexMatchesGolden) {
  TableOptions o;
  o.layout = TableLayout::Budget;
  o.format = TableFormat::Latex;
  EXPECT_EQ(render_table(budget_records(), o), R"golden(\begin{tabular}{l cc}
\toprule
 & \multicolumn{2}{c}{BGL $\rightarrow$ TB} \\
\cmidrule(lr){2-3}
Budget & LogAction & Supervised \\
\midrule
1\% & \textbf{82.00} $\pm$ 2.83 (2) & 70.00 (1) \\
5\% & 90.00 (1) & \textbf{94.00} $\pm$ 1.41 (2) \\
10\% & failed$^\dagger$ & -- \\
\bottomrule
\end{tabular}
\par\smallskip{\footnotesize F1 in \%: mean $\pm$ sample standard deviation over seeds (number of seeds); best method per budget in bold.\par $^\dagger$failed: 1 job(s) failed (diverged); failed seeds are left out of the means, never counted as zero.\par --\ no job was run for this cell.\par}
)golden");
}

TEST(Tables, BudgetLayoutAsCsvMatchesGolden) {
  TableOptions o;
  o.layout = TableLayout::Budget;
  o.format = TableFormat::Csv;
  EXPECT_EQ(render_table(budget_records(), o), R"golden(Budget,BGL->TB LogAction,BGL->TB LogAction std,BGL->TB LogAction n,BGL->TB Supervised,BGL->TB Supervised std,BGL->TB Supervised n
1%,82.00,2.83,2,70.00,,1
5%,90.00,,1,94.00,1.41,2
10%,failed,,,,,
)golden");
}

TEST(Tables, TidyCsvHasOneRowPerJobWithBlankFiguresForUnfinishedJobs) {
  TableOptions o;
  o.layout = TableLayout::Tidy;
  o.format = TableFormat::Csv;
  EXPECT_EQ(render_table(grid_records(), o), R"golden(id,source,target,method,budget,seed,params,data_key,data_settings,status,message,rank,host,device,version,prepare_seconds,finished_at,train_seconds,eval_seconds,n_train,n_test,n_labelled,precision,recall,f1,auc,tp,fp,tn,fn,rounds,n_selected
LogActionBGLTB10.020000,BGL,TB,LogAction,0.02,1,,,,done,,0,,,,0,0,0,0,0,0,0,0.8,1,0.9,,0,0,0,0,0,0
LogActionBGLTB20.020000,BGL,TB,LogAction,0.02,2,,,,done,,0,,,,0,0,0,0,0,0,0,0.8,1,0.92,,0,0,0,0,0,0
LogActionBGLTB30.020000,BGL,TB,LogAction,0.02,3,,,,done,,0,,,,0,0,0,0,0,0,0,0.8,1,0.94,,0,0,0,0,0,0
LogAction_waBGLTB10.020000,BGL,TB,LogAction_wa,0.02,1,,,,done,,0,,,,0,0,0,0,0,0,0,0.85,0.85,0.85,,0,0,0,0,0,0
LogAction_wtBGLTB10.020000,BGL,TB,LogAction_wt,0.02,1,,,,failed,NaN loss,0,,,,0,0,,,,,,,,,,,,,,,
SupervisedBGLTB10.020000,BGL,TB,Supervised,0.02,1,,,,done,,0,,,,0,0,0,0,0,0,0,0.9,1,0.95,,0,0,0,0,0,0
LogActionHDFSBGL10.020000,HDFS,BGL,LogAction,0.02,1,,,,done,,0,,,,0,0,0,0,0,0,0,0.6,0.6,0.5,,0,0,0,0,0,0
LogActionHDFSBGL20.020000,HDFS,BGL,LogAction,0.02,2,,,,done,,0,,,,0,0,0,0,0,0,0,0.6,0.8,0.7,,0,0,0,0,0,0
LogActionHDFSBGL30.020000,HDFS,BGL,LogAction,0.02,3,,,,failed,out of memory,0,,,,0,0,,,,,,,,,,,,,,,
LogAction_wtHDFSBGL10.020000,HDFS,BGL,LogAction_wt,0.02,1,,,,done,,0,,,,0,0,0,0,0,0,0,0.5,0.3333333333333333,0.4,,0,0,0,0,0,0
SupervisedHDFSBGL10.020000,HDFS,BGL,Supervised,0.02,1,,,,skipped,no anomalies in target test split,0,,,,0,0,,,,,,,,,,,,,,,
SupervisedHDFSBGL20.020000,HDFS,BGL,Supervised,0.02,2,,,,skipped,no anomalies in target test split,0,,,,0,0,,,,,,,,,,,,,,,
)golden");
}

// The record's field list with one more field, as a new field of JobRecord would add it.
struct FieldsWithProbe : table::RecordFields {
  template <class Visit>
  void job(Visit&& visit, const JobRecord& r) const {
    table::RecordFields::job(visit, r);
    visit("probe", r.host);
  }
};

std::vector<std::string> csv_cells(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == ',') out.emplace_back();
    else out.back().push_back(c);
  }
  return out;
}

TEST(Tables, TidyCsvTakesItsColumnsFromTheRecordFieldList) {
  JobRecord done = test::job_record("LogAction", "", 1, 0.5, 0.02);
  done.host = "node7";
  JobRecord failed = test::job_record("LogAction", "", 2, 0.0, 0.02);
  failed.status = JobStatus::Failed;
  failed.result.f1 = 0.25;  // a stale figure of a failed job is never shown
  const std::vector<const JobRecord*> recs{&done, &failed};

  std::vector<std::string> expected{"id"};
  visit_record_fields([&](const char* name, const auto&) { expected.emplace_back(name); }, done);
  expected.insert(expected.end(), {"rounds", "n_selected"});
  const std::string csv = table::render_tidy(recs);
  EXPECT_EQ(csv_cells(csv.substr(0, csv.find('\n'))), expected);

  const std::string probed = table::render_tidy(recs, FieldsWithProbe{});
  std::vector<std::string> lines;
  for (std::size_t a = 0, b; (b = probed.find('\n', a)) != std::string::npos; a = b + 1) lines.push_back(probed.substr(a, b - a));
  ASSERT_EQ(lines.size(), 3u);
  const auto header = csv_cells(lines[0]);
  const auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_LT(column("probe"), header.size()) << lines[0];
  EXPECT_EQ(csv_cells(lines[1])[column("probe")], "node7");
  EXPECT_EQ(csv_cells(lines[1])[column("f1")], "0.5");
  EXPECT_EQ(csv_cells(lines[2])[column("f1")], "") << "a job that did not finish shows no figures";
  EXPECT_EQ(csv_cells(lines[2])[column("status")], "failed");
}

TEST(Tables, FiltersSelectAndOrderRowsAndColumns) {
  TableOptions o;
  o.format = TableFormat::Csv;
  o.methods = {"Supervised", "LogAction"};
  o.pairs = {"HDFS->BGL"};
  EXPECT_EQ(render_table(grid_records(), o),
            "Method,HDFS->BGL F1,HDFS->BGL F1 std,HDFS->BGL F1 n,HDFS->BGL P,HDFS->BGL P std,HDFS->BGL P n,"
            "HDFS->BGL R,HDFS->BGL R std,HDFS->BGL R n\n"
            "Supervised,skipped,,,skipped,,,skipped,,\n"
            "LogAction,60.00,14.14,2,60.00,0.00,2,70.00,14.14,2\n");
}

TEST(Tables, FractionsWithOtherDecimalsAndBudgetFilter) {
  TableOptions o;
  o.layout = TableLayout::Budget;
  o.format = TableFormat::Csv;
  o.percent = false;
  o.decimals = 3;
  o.budgets = {0.05};
  EXPECT_EQ(render_table(budget_records(), o),
            "Budget,BGL->TB LogAction,BGL->TB LogAction std,BGL->TB LogAction n,BGL->TB Supervised,"
            "BGL->TB Supervised std,BGL->TB Supervised n\n"
            "5%,0.900,,1,0.940,0.014,2\n");
}

TEST(Tables, SeveralBudgetsInMethodsLayoutAddABudgetColumn) {
  TableOptions o;
  o.format = TableFormat::Csv;
  o.methods = {"Supervised"};
  std::string t = render_table(budget_records(), o);
  EXPECT_EQ(t.substr(0, t.find('\n')),
            "Method,Budget,BGL->TB F1,BGL->TB F1 std,BGL->TB F1 n,BGL->TB P,BGL->TB P std,BGL->TB P n,BGL->TB R,"
            "BGL->TB R std,BGL->TB R n");
  EXPECT_NE(t.find("\nSupervised,1%,70.00,,1,"), std::string::npos) << t;
  EXPECT_NE(t.find("\nSupervised,5%,94.00,1.41,2,"), std::string::npos) << t;
  EXPECT_EQ(t.find("10%"), std::string::npos) << t;  // Supervised never ran at 10%
}

TEST(Tables, AucWithoutScoresIsMissingNotZero) {
  TableOptions o;
  o.layout = TableLayout::Budget;
  o.metric = "auc";
  o.format = TableFormat::Csv;
  o.budgets = {0.01};
  auto recs = budget_records();
  recs[0].result.auc = 0.75;  // LogAction seed 1 has a score; the others have none (auc = -1)
  EXPECT_EQ(render_table(recs, o).substr(render_table(recs, o).find('\n') + 1), "1%,75.00,,1,,,\n");
}

TEST(Tables, BadOptionsAreConfigErrors) {
  TableOptions o;
  o.metric = "f2";
  EXPECT_THROW(render_table(grid_records(), o), ConfigError);
  o.metric = "f1";
  o.decimals = 9;
  EXPECT_THROW(render_table(grid_records(), o), ConfigError);
  o.decimals = 2;
  o.pairs = {"BGL"};
  EXPECT_THROW(render_table(grid_records(), o), ConfigError);
  EXPECT_THROW(parse_table_layout("method"), ConfigError);
  EXPECT_EQ(parse_table_layout("ablation"), TableLayout::Ablation);
  EXPECT_EQ(parse_table_format("tex"), TableFormat::Latex);
  EXPECT_THROW(parse_table_format("html"), ConfigError);
}

TEST(Tables, NoRecordsGivesAnEmptyTableNotACrash) {
  TableOptions o;
  std::string t = render_table({}, o);
  EXPECT_EQ(t.substr(0, t.find('\n')), "| Method |");
}

}  // namespace
}  // namespace logsweep
