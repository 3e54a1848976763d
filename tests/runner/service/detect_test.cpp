// `logsweep detect` (runner/service/detect.hpp): a detector a session wrote, on the target's
// test part, gives the batch job's predictions; it reads a growing file as it grows; it loads in
// another build of the same version and refuses another version; and it runs end to end on the
// Thunderbird slice of ../shared/data.
#include "runner/service/detect.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "cluster/prepare.hpp"
#include "core/models/compute_threads.hpp"
#include "core/util/strings.hpp"
#include "experiments/logaction/logaction_loop.hpp"
#include "runner/runner_support.hpp"
#include "runner/service/session_support.hpp"

namespace logsweep {
namespace detect_test {

using testing::Corpus;

struct Row {
  std::int64_t window = 0;
  std::string session;
  std::uint64_t first_line = 0, last_line = 0;
  double score = 0;
  int flagged = 0, anomalous_lines = 0;
  std::string lines;
};

std::vector<Row> rows_of(const std::string& tsv) {
  std::vector<Row> rows;
  std::istringstream in(tsv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto c = split(line, '\t');
    if (c.size() != 10) ADD_FAILURE() << "a row of " << c.size() << " columns: " << line;
    if (c.size() != 10) continue;
    rows.push_back({std::stoll(c[0]), c[1], std::stoull(c[2]), std::stoull(c[3]), std::stod(c[6]), std::stoi(c[7]),
                    std::stoi(c[8]), c[9]});
  }
  return rows;
}

// The file line of every record (a reader skips malformed lines).
std::vector<std::uint64_t> record_lines(const ReaderSpec& spec) {
  auto reader = open_reader(spec);
  std::vector<std::uint64_t> out;
  for (LogRecord rec; reader->next(rec);) out.push_back(rec.line_no);
  return out;
}

// One session answered from the ground truth, trained once for the suite.
struct Trained {
  Corpus corpus;
  std::string config = testing::session_config(corpus);
  ExperimentConfig cfg = load_config(config);
  Embedders embedders{cfg};
  DatasetPool pool{cfg, embedders};
  std::string session = corpus.dir().path() + "/session";
  std::string detector = session + "/detector";
  MethodResult result;
  Trained() {
    set_compute_threads(1);
    if (corpus.ok())
      result = testing::session_from_truth({config, "synthB", "synthA", "LogAction", 0.02, 0, session},
                                           pool.get("synthA").windows.window_label);
  }
};

class Detect : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { t_ = std::make_unique<Trained>(); }
  static void TearDownTestSuite() { t_.reset(); }
  void SetUp() override {
    ASSERT_TRUE(t_->corpus.ok()) << t_->corpus.log();
    set_compute_threads(1);
  }
  static std::unique_ptr<Trained> t_;
};
std::unique_ptr<Trained> Detect::t_;

TEST_F(Detect, OnTheTargetsTestPartItGivesTheBatchJobsPredictions) {
  const auto& A = t_->pool.get("synthA");
  const auto& spec = t_->cfg.dataset("synthA").spec;
  const auto test = A.windows.indices(SplitRole::Test);
  ASSERT_FALSE(test.empty());
  const auto i0 = test.front();
  ASSERT_EQ(static_cast<std::size_t>(test.back()), A.windows.size() - 1);  // chronological: the test part is the tail
  ASSERT_EQ(test.size(), A.windows.size() - static_cast<std::size_t>(i0));
  const auto lines = record_lines(spec.reader);
  const auto step = static_cast<std::size_t>(spec.window.step);

  DetectOptions o;
  o.detector = t_->detector;
  o.log = spec.reader.path;
  o.skip_lines = lines[static_cast<std::size_t>(i0) * step] - 1;  // the test part's first line onward
  o.all = true;
  std::ostringstream out;
  const auto sum = detect(o, out);
  const auto rows = rows_of(out.str());
  ASSERT_EQ(rows.size(), test.size());

  const auto p = LogActionScorer(t_->detector + "/networks.pt").probability(A, test);
  int flagged = 0;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_EQ(rows[k].window, static_cast<std::int64_t>(k));
    EXPECT_EQ(rows[k].first_line, lines[(static_cast<std::size_t>(i0) + k) * step]);
    EXPECT_NEAR(rows[k].score, p[k], 1e-5);
    EXPECT_EQ(rows[k].flagged, p[k] > 0.5 ? 1 : 0);
    EXPECT_EQ(rows[k].anomalous_lines > 0, A.windows.window_label[static_cast<std::size_t>(test[k])] == 1);
    flagged += rows[k].flagged;
  }
  EXPECT_EQ(sum.flagged(), flagged);
  EXPECT_EQ(sum.templates_new, 0u);  // every line was in the training log
  ASSERT_FALSE(std::isnan(t_->result.f1));
  EXPECT_NEAR(sum.f1(), t_->result.f1, 1e-12);
  EXPECT_NEAR(sum.precision(), t_->result.precision, 1e-12);
  EXPECT_NEAR(sum.recall(), t_->result.recall, 1e-12);

  // Scoring in chunks of 7 windows instead of 2048 changes nothing, nor does scoring every
  // window afresh instead of remembering the scores of sequences seen before; nor JSONL.
  o.chunk = 7;
  std::ostringstream small;
  detect(o, small);
  EXPECT_EQ(small.str(), out.str());
  o.remember = 0;
  std::ostringstream afresh;
  detect(o, afresh);
  const auto fresh_rows = rows_of(afresh.str());
  ASSERT_EQ(fresh_rows.size(), rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    EXPECT_NEAR(fresh_rows[k].score, rows[k].score, 1e-6) << k;
    EXPECT_EQ(fresh_rows[k].flagged, rows[k].flagged) << k;
  }
  o.remember = 3;  // a memory that is emptied again and again
  std::ostringstream tiny;
  detect(o, tiny);
  EXPECT_EQ(tiny.str(), small.str());
  o.remember = 200000;
  o.jsonl = true;
  o.all = false;
  std::ostringstream json;
  detect(o, json);
  EXPECT_EQ(testing::count_occurrences(json.str(), "\"flagged\":true"), static_cast<std::size_t>(flagged));
  EXPECT_EQ(testing::count_occurrences(json.str(), "\n"), static_cast<std::size_t>(flagged));
}

TEST_F(Detect, NewLinesOfAnotherSystemGetNewTemplatesEmbeddedTheSameWayEachRun) {
  DetectOptions o;
  o.detector = t_->detector;
  o.log = t_->cfg.dataset("synthB").spec.reader.path;
  o.format = "thunderbird";
  o.all = true;
  std::ostringstream a, b;
  const auto sum = detect(o, a);
  detect(o, b);
  EXPECT_GT(sum.templates_new, 0u);
  EXPECT_GT(sum.windows(), 0);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(rows_of(a.str()).size(), static_cast<std::size_t>(sum.windows()));
}

TEST_F(Detect, FollowingAGrowingFileScoresWhatArrivesAsIfTheFileHadBeenWhole) {
  const auto whole = testing::read_file(t_->cfg.dataset("synthA").spec.reader.path);
  const auto path = t_->corpus.dir().path() + "/growing.log";
  const auto cut = whole.find('\n', whole.size() / 2) + 1;
  std::ofstream(path, std::ios::trunc) << whole.substr(0, cut);

  DetectOptions o;
  o.detector = t_->detector;
  o.log = path;
  o.all = true;
  o.poll_seconds = 0.02;
  std::atomic<bool> appended{false}, waited_before{false};
  o.follow = [&](double idle) {
    if (!appended) waited_before = true;
    return appended && idle > 0.3;
  };
  std::ostringstream followed;
  std::thread reader([&] { detect(o, followed); });
  while (!waited_before) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  {
    std::ofstream grow(path, std::ios::app);
    const auto rest = whole.substr(cut);
    grow << rest.substr(0, rest.size() / 2) << std::flush;  // a line cut in the middle: read once whole
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    grow << rest.substr(rest.size() / 2) << std::flush;
  }
  appended = true;
  reader.join();

  DetectOptions once = o;
  once.follow = nullptr;
  std::ostringstream whole_out;
  detect(once, whole_out);
  EXPECT_EQ(followed.str(), whole_out.str());
  EXPECT_GT(rows_of(whole_out.str()).size(), 100u);
}

TEST_F(Detect, AStopRequestEndsTheReadingFollowingOrNotWithWhatWasRead) {
  DetectOptions o;
  o.detector = t_->detector;
  o.log = t_->cfg.dataset("synthA").spec.reader.path;
  std::atomic<bool> stop{false};
  o.stop = &stop;
  o.follow = [&](double) {  // at the end of the file: Ctrl-C, never an idle limit
    stop = true;
    return false;
  };
  std::ostringstream followed, whole;
  const auto sum = detect(o, followed);  // ends: the stop request is seen while waiting
  o.follow = nullptr;
  stop = false;
  const auto all = detect(o, whole);
  EXPECT_EQ(sum.windows(), all.windows());
  EXPECT_EQ(followed.str(), whole.str());
  stop = true;  // before the first line
  std::ostringstream none;
  EXPECT_EQ(detect(o, none).windows(), 0);
}

TEST_F(Detect, ADetectorLoadsInAnotherBuildAndAnotherVersionIsAClearError) {
  // The logsweep binary is another build than this test's: same version, so it loads.
  const auto log = t_->cfg.dataset("synthA").spec.reader.path;
  const auto out = t_->corpus.dir().path() + "/cli.tsv";
  auto r = testing::sh(testing::bin() + " detect " + t_->detector + " " + log + " --all --threads 1 --out " + out);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(testing::has(r.out, "windows")) << r.out;
  DetectOptions o;
  o.detector = t_->detector;
  o.log = log;
  o.all = true;
  std::ostringstream here;
  detect(o, here);
  const auto there = rows_of(testing::read_file(out)), mine = rows_of(here.str());
  ASSERT_EQ(there.size(), mine.size());
  for (std::size_t k = 0; k < mine.size(); ++k) EXPECT_NEAR(there[k].score, mine[k].score, 1e-5) << k;

  // Another version: copied, with its manifest's version line changed.
  const auto other = t_->corpus.dir().path() + "/other-version";
  std::filesystem::copy(t_->detector, other, std::filesystem::copy_options::recursive);
  auto manifest = testing::read_file(other + "/manifest.txt");
  const auto at = manifest.find("\nlogsweep ");
  manifest.replace(at, manifest.find('\n', at + 1) - at, "\nlogsweep 0.0.1");
  std::ofstream(other + "/manifest.txt", std::ios::trunc) << manifest;
  o.detector = other;
  try {
    std::ostringstream sink;
    detect(o, sink);
    FAIL() << "a detector of logsweep 0.0.1 was used";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, other + "/manifest.txt");
    EXPECT_EQ(e.where().line, 2u);
    EXPECT_TRUE(testing::has(e.what(), "logsweep 0.0.1")) << e.what();
  }
  r = testing::sh(testing::bin() + " detect " + other + " " + log);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_TRUE(testing::has(r.out, "manifest.txt:2")) << r.out;
  // Not a detector at all; a damaged networks file.
  o.detector = t_->corpus.dir().path();
  EXPECT_THROW(
      {
        std::ostringstream sink;
        detect(o, sink);
      },
      InputError);
  std::ofstream(other + "/manifest.txt", std::ios::trunc) << testing::read_file(t_->detector + "/manifest.txt");
  std::ofstream(other + "/networks.pt", std::ios::trunc) << "not torch";
  o.detector = other;
  try {
    std::ostringstream sink;
    detect(o, sink);
    FAIL() << "a damaged networks file was used";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, other + "/networks.pt");
  }
}

// The walk-through of the README at test size: a session on the Thunderbird slice answered
// from its alert marks through the command line, then detect on the slice.
TEST(DetectOnSharedData, LabelThenDetectOnTheThunderbirdSlice) {
  if (!testing::shared_data_available()) GTEST_SKIP() << "../shared/data is absent";
  testing::TempDir dir;
  const std::string p = "{epochs: 2, encoder_epochs: 1, encoder_refit_epochs: 1, encoder_hidden: 8, hidden: 8, fc: 8, "
                        "round_epochs: '1', batch_size: 256, max_len: 20}";
  const auto config = dir.write(
      "tb.yaml", "name: tb\nprofile: quick\noutput: out/tb.h5\ncache_dir: out/cache\nembedder: {kind: hashed, dim: 16}\n"
                 "defaults: {window: {kind: fixed, size: 20, step: 4}}\ndatasets:\n"
                 "  - {name: BGL, format: bgl, path: " + testing::shared_data("BGL/BGL_2k.log") + "}\n"
                 "  - {name: Thunderbird, format: thunderbird, path: " +
                 testing::shared_data("Thunderbird/Thunderbird_slice_20k.log") + "}\n"
                 "pairs: [[BGL, Thunderbird]]\nmethods: [LogAction]\nbudgets: [0.01]\nseeds: [0]\n"
                 "method_params: {LogAction: " + p + "}\n");
  const auto session = dir.path() + "/tb";
  auto r = testing::sh(testing::bin() + " label start " + config + " --pair BGL:Thunderbird --threads 1 --dir " + session);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto cfg = load_config(config);
  Embedders embedders{cfg};
  DatasetPool pool{cfg, embedders};
  const auto truth = pool.get("Thunderbird").windows.window_label;
  for (int round = 1; !testing::has(r.out, "label finish"); ++round) {
    ASSERT_LT(round, 10) << r.out;
    testing::fill(fmt::format("{}/round-{}.tsv", session, round), truth);
    r = testing::sh(testing::bin() + " label next " + session + " --threads 1");
    ASSERT_EQ(r.code, 0) << r.out;
  }
  r = testing::sh(testing::bin() + " label finish " + session + " --threads 1");
  ASSERT_EQ(r.code, 0) << r.out;
  for (const auto* f : {"manifest.txt", "networks.pt", "drain.txt", "templates.txt", "embeddings.pt"})
    EXPECT_TRUE(std::filesystem::exists(session + "/detector/" + f)) << f;

  const auto log = testing::shared_data("Thunderbird/Thunderbird_slice_20k.log");
  const auto flagged = dir.path() + "/flagged.tsv";
  r = testing::sh(testing::bin() + " detect " + session + "/detector " + log + " --threads 1 --out " + flagged);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(testing::has(r.out, "F1")) << r.out;  // the slice's alert tags label its lines
  const auto rows = rows_of(testing::read_file(flagged));
  EXPECT_TRUE(testing::has(r.out, fmt::format("{} flagged", rows.size()))) << r.out;
  std::ifstream in(log);
  std::vector<std::string> file_lines;
  for (std::string line; std::getline(in, line);) file_lines.push_back(line);
  for (const auto& row : rows) {
    EXPECT_EQ(row.flagged, 1);
    ASSERT_LE(row.last_line, file_lines.size());
    // The first line shown is the file's line first_line (trimmed; a tab shown as a space).
    auto expected = std::string(trim(file_lines[row.first_line - 1]));
    for (char& c : expected)
      if (c == '\t') c = ' ';
    EXPECT_TRUE(starts_with(row.lines, expected)) << row.first_line;
  }
}

// A detector trained on session windows (HDFS blocks) cuts them as the batch path does: one per
// block in order of first appearance, scored when the log ends.
TEST(DetectOnSharedData, SessionWindowsOfHdfsAreTheBatchJobsWindows) {
  if (!testing::shared_data_available()) GTEST_SKIP() << "../shared/data is absent";
  set_compute_threads(1);
  testing::TempDir dir;
  const std::string p = "{epochs: 2, encoder_epochs: 1, encoder_refit_epochs: 1, encoder_hidden: 8, hidden: 8, fc: 8, "
                        "round_epochs: '1', batch_size: 256, max_len: 20}";
  const auto log = testing::shared_data("HDFS/HDFS_2k.log"), labels = testing::shared_data("HDFS/anomaly_label_2k.csv");
  const auto config = dir.write(
      "hdfs.yaml", "name: hdfs\nprofile: quick\noutput: out/h.h5\ncache_dir: out/cache\nembedder: {kind: hashed, dim: 16}\n"
                   "datasets:\n"
                   "  - {name: BGL, format: bgl, path: " + testing::shared_data("BGL/BGL_2k.log") + "}\n"
                   "  - {name: HDFS, format: hdfs, path: " + log + ", label_file: " + labels +
                   ", window: {kind: session}}\n"
                   "pairs: [[BGL, HDFS]]\nmethods: [LogAction]\nbudgets: [0.02]\nseeds: [0]\n"
                   "method_params: {LogAction: " + p + "}\n");
  const auto cfg = load_config(config);
  Embedders embedders{cfg};
  DatasetPool pool{cfg, embedders};
  const auto& H = pool.get("HDFS");
  const auto session = dir.path() + "/s";
  testing::session_from_truth({config, "BGL", "HDFS", "LogAction", 0.02, 0, session}, H.windows.window_label);
  DetectOptions o;
  o.detector = session + "/detector";
  o.log = log;
  o.label_file = labels;
  o.all = true;
  o.chunk = 100;
  std::ostringstream out;
  const auto sum = detect(o, out);
  const auto rows = rows_of(out.str());
  ASSERT_EQ(rows.size(), H.windows.size());
  std::vector<std::int64_t> all(H.windows.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int64_t>(i);
  const auto p_batch = LogActionScorer(o.detector + "/networks.pt").probability(H, all);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_NEAR(rows[k].score, p_batch[k], 1e-5);
    EXPECT_EQ(rows[k].anomalous_lines > 0, H.windows.window_label[k] == 1);
    EXPECT_TRUE(starts_with(rows[k].session, "blk_")) << rows[k].session;
  }
  EXPECT_EQ(sum.templates_new, 0u);
  EXPECT_GT(sum.labelled_anomalous(), 0);
}

}  // namespace detect_test
}  // namespace logsweep
