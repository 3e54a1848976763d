#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <set>
#include <unordered_map>

#include "core/data/dataset.hpp"
#include "core/synth/generator.hpp"
#include "core/util/errors.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

std::unique_ptr<Embedder> small_embedder() {
  EmbedSpec e;
  e.dim = 32;
  return make_embedder(e);
}

DatasetSpec spec_for(const std::string& name, const std::string& format, const std::string& path) {
  DatasetSpec s;
  s.name = name;
  s.reader.format = format;
  s.reader.path = path;
  s.drain = drain_defaults(format);
  return s;
}

TEST(PrepareUncached, SyntheticCorpusGivesConsistentEventsWindowsAndSplit) {
  TempDir d;
  SynthSpec synth;
  synth.lines_per_system = 4000;
  auto embedder = small_embedder();
  for (auto& sys : generate_corpus(d.path(), synth)) {
    auto spec = spec_for(sys.name, sys.format, sys.log_path);
    auto ds = prepare_uncached(spec, *embedder);
    EXPECT_EQ(ds.name, sys.name);
    EXPECT_EQ(ds.cache_key, stage_keys(spec, *embedder).all);
    ASSERT_EQ(ds.lines.event.size(), static_cast<std::size_t>(sys.lines));
    EXPECT_EQ(static_cast<std::int64_t>(ds.read_stats.anomalous), sys.anomalous_lines);
    EXPECT_TRUE(ds.lines.session.empty());
    ASSERT_EQ(ds.embeddings.rows, ds.templates.size());
    EXPECT_EQ(ds.embeddings.cols, 32u);
    for (auto e : ds.lines.event) ASSERT_TRUE(e >= 0 && static_cast<std::size_t>(e) < ds.templates.size());
    // synthA/synthC have 20-60 templates; synthB's long tail (Thunderbird_2k: 167 per 2,000
    // lines, docs/synthetic.md) ~330 at this length. Drain may split or merge a few.
    EXPECT_GT(ds.templates.size(), 15u) << sys.name;
    EXPECT_LT(ds.templates.size(), 400u) << sys.name;

    // Default windows: 20 lines, step 1; labels from the lines; chronological 70/30 split.
    const std::size_t n_windows = ds.lines.event.size() - 19;
    ASSERT_EQ(ds.windows.size(), n_windows);
    std::size_t anomalous = 0;
    for (std::size_t w = 0; w < n_windows; ++w) {
      std::int8_t label = 0;
      for (std::size_t i = w; i < w + 20; ++i) label |= ds.lines.label[i];
      ASSERT_EQ(ds.windows.window_label[w], label) << "window " << w;
      anomalous += label;
    }
    EXPECT_EQ(ds.windows.indices(SplitRole::Train).size(), n_windows * 7 / 10);
    EXPECT_EQ(ds.windows.indices(SplitRole::Test).size(), n_windows - n_windows * 7 / 10);
    std::cout << "[ info ] " << sys.name << ": " << ds.templates.size() << " templates, " << n_windows << " windows ("
              << ds.windows.unique_sequences() << " unique), " << anomalous << " anomalous\n";
  }
}

TEST(PrepareUncached, HdfsSampleGivesOneLabelledWindowPerBlock) {
  if (!testing::shared_data_available()) GTEST_SKIP() << "no shared data";
  auto spec = spec_for("HDFS", "hdfs", testing::shared_data("HDFS/HDFS_2k.log"));
  spec.reader.label_file = testing::shared_data("HDFS/anomaly_label_2k.csv");
  spec.window.kind = "session";
  auto ds = prepare_uncached(spec, *small_embedder());

  // Expected sessions straight from the reader: blocks in order of first appearance.
  auto reader = open_reader(spec.reader);
  std::unordered_map<std::string, std::size_t> slot;
  std::vector<int> block_label;
  std::vector<std::size_t> block_len;
  LogRecord rec;
  while (reader->next(rec)) {
    if (rec.session.empty()) continue;
    auto [it, fresh] = slot.emplace(rec.session, block_label.size());
    if (fresh) block_label.push_back(0), block_len.push_back(0);
    block_label[it->second] |= rec.label;
    ++block_len[it->second];
  }
  ASSERT_EQ(ds.windows.size(), block_label.size());
  EXPECT_GT(ds.windows.size(), 1000u);  // 2,000 lines over ~2,000 blocks in this sample
  std::size_t anomalous = 0;
  for (std::size_t w = 0; w < ds.windows.size(); ++w) {
    ASSERT_EQ(ds.windows.window_label[w], block_label[w]) << "window " << w;
    auto s = ds.windows.window_seq[w];
    ASSERT_EQ(static_cast<std::size_t>(ds.windows.seq_offsets[s + 1] - ds.windows.seq_offsets[s]),
              std::min<std::size_t>(block_len[w], 50));
    anomalous += block_label[w];
  }
  EXPECT_GT(anomalous, 0u);
  EXPECT_GT(ds.templates.size(), 5u);
  EXPECT_TRUE(ds.lines.session.empty()) << "sessions are not kept in the prepared dataset";
  std::cout << "[ info ] HDFS_2k: " << ds.templates.size() << " templates, " << ds.windows.size() << " sessions, "
            << anomalous << " anomalous\n";
}

TEST(StageKeys, ChangeOnlyForTheStageWhoseSpecChanged) {
  TempDir d;
  auto log = d.write("x.log", "2015-07-29 17:41:44,747 - INFO  [main:QuorumPeerMain@127] - Starting quorum peer\n");
  auto spec = spec_for("x", "zookeeper", log);
  auto emb = small_embedder();
  const StageKeys base = stage_keys(spec, *emb);
  EXPECT_EQ(base.all, stage_keys(spec, *emb).all) << "keys are deterministic";
  EXPECT_EQ(base.parse.size(), 16u);

  auto w = spec;
  w.window.size = 10;
  auto k = stage_keys(w, *emb);
  EXPECT_EQ(k.parse, base.parse);
  EXPECT_EQ(k.embed, base.embed);
  EXPECT_NE(k.windows, base.windows);
  EXPECT_NE(k.all, base.all);

  auto s = spec;
  s.split.gap_ratio = 0.1;
  k = stage_keys(s, *emb);
  EXPECT_EQ(k.parse, base.parse);
  EXPECT_EQ(k.embed, base.embed);
  EXPECT_NE(k.windows, base.windows);

  EmbedSpec other;
  other.dim = 16;
  k = stage_keys(spec, *make_embedder(other));
  EXPECT_EQ(k.parse, base.parse);
  EXPECT_EQ(k.windows, base.windows);
  EXPECT_NE(k.embed, base.embed);
  EXPECT_NE(k.all, base.all);

  auto p = spec;
  p.drain.sim_threshold = 0.3;
  k = stage_keys(p, *emb);
  EXPECT_NE(k.parse, base.parse);
  EXPECT_NE(k.embed, base.embed);
  EXPECT_NE(k.windows, base.windows);

  d.write("x.log", "2015-07-29 17:41:44,747 - INFO  [main:QuorumPeerMain@127] - Starting quorum peers\n");
  EXPECT_NE(stage_keys(spec, *emb).parse, base.parse) << "a rewritten log file changes the parse key";
}

// Issue 14 item 5: the keys depend on the bytes of the log and label files, not on where they
// are or when they were last written (`touch`, `cp` without -p, a moved project).
TEST(StageKeys, SameBytesElsewhereOrTouchedGiveTheSameKeys) {
  TempDir a, b;
  const std::string text = "2015-07-29 17:41:44,747 - INFO  [main:QuorumPeerMain@127] - Starting quorum peer\n";
  auto spec = spec_for("x", "generic", a.write("x.log", text));
  spec.reader.line_format = "<Date> <Time> - <Level>  [<Node>:<Component>@<Id>] - <Content>";
  spec.reader.label_file = a.write("labels.csv", "Id,Label\nmain,Normal\n");
  auto emb = small_embedder();
  const StageKeys base = stage_keys(spec, *emb);

  namespace fs = std::filesystem;
  fs::last_write_time(spec.reader.path, fs::file_time_type::clock::now() + std::chrono::hours(1));
  fs::last_write_time(spec.reader.label_file, fs::file_time_type::clock::now() + std::chrono::hours(2));
  EXPECT_EQ(stage_keys(spec, *emb).all, base.all) << "touched files";

  auto moved = spec;
  moved.reader.path = b.write("renamed.log", text);
  moved.reader.label_file = b.write("other.csv", "Id,Label\nmain,Normal\n");
  EXPECT_EQ(stage_keys(moved, *emb).all, base.all) << "same bytes under another path";

  b.write("other.csv", "Id,Label\nmain,Anomaly\n");
  EXPECT_NE(stage_keys(moved, *emb).parse, base.parse) << "a changed label file changes the parse key";
}

// Same size, same modification time, different bytes: only the content tells them apart.
TEST(StageKeys, ChangedBytesOfTheSameSizeAndTimeChangeTheParseKey) {
  TempDir d;
  auto log = d.write("x.log", "2015-07-29 17:41:44,747 - INFO  [main:QuorumPeerMain@127] - Starting quorum peer\n");
  auto spec = spec_for("x", "zookeeper", log);
  auto emb = small_embedder();
  namespace fs = std::filesystem;
  const auto when = fs::last_write_time(log);
  const StageKeys before = stage_keys(spec, *emb);
  d.write("x.log", "2015-07-29 17:41:44,747 - INFO  [main:QuorumPeerMain@127] - Starting quorum PEER\n");
  fs::last_write_time(log, when);
  EXPECT_NE(stage_keys(spec, *emb).parse, before.parse);
}

TEST(PrepareUncached, MissingLogIsAnInputErrorNamingTheDataset) {
  TempDir d;
  auto spec = spec_for("ghost", "bgl", d.file("absent.log"));
  try {
    prepare_uncached(spec, *small_embedder());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("ghost"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace logsweep
