#include <gtest/gtest.h>

#include <filesystem>

#include "results/store/dataset_cache.hpp"
#include "results/file_size_limit.hpp"
#include "results/store/h5.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace logsweep {
namespace {

using testing::TempDir;

// Built by hand (not via the window code) so the layout is tested on its own.
PreparedDataset hand_made() {
  PreparedDataset d;
  d.name = "mini";
  d.cache_key = "all-key";
  d.templates = {"open <*>", "close <*>", "ERROR disk <*> failed"};
  d.embeddings = Matrix(3, 2);
  d.embeddings.data = {0.1f, 0.2f, 0.3f, 0.4f, -1.0f, 2.5f};
  d.lines.event = {0, 1, 0, 2, 1};
  d.lines.label = {0, 0, 0, 1, 0};
  d.lines.time = {100, 101, 105, 106, 110};
  d.lines.session = {0, 1, 0, -1, 0};  // line 3 has no block id
  d.lines.session_names = {"blk_1", "blk_2"};
  d.windows.seq_offsets = {0, 2, 5};
  d.windows.seq_events = {0, 1, 0, 2, 1};
  d.windows.window_seq = {0, 1, 0};
  d.windows.window_label = {0, 1, 0};
  d.windows.window_time = {100, 101, 105};
  d.windows.window_role = {0, 1, -1};
  d.read_stats.lines = 6;
  d.read_stats.records = 5;
  d.read_stats.malformed = 1;
  d.read_stats.anomalous = 1;
  return d;
}

StageKeys keys() { return StageKeys{"kp", "ke", "kw", "all-key"}; }

TEST(DatasetCacheLayout, PreparedDatasetRoundTripsThroughTheCacheFile) {
  TempDir dir;
  std::string file = cache_file_path(dir.path(), "mini");
  EXPECT_EQ(file, dir.file("mini.h5"));
  PreparedDataset d = hand_made();
  write_dataset_cache(file, d, keys(), "hashed(dim=2)", "/logs/mini.log");
  PreparedDataset b = read_dataset_cache(file);
  EXPECT_EQ(b.name, "mini");
  EXPECT_EQ(b.cache_key, "all-key");
  EXPECT_EQ(b.templates, d.templates);
  EXPECT_EQ(b.embeddings.rows, 3u);
  EXPECT_EQ(b.embeddings.cols, 2u);
  EXPECT_EQ(b.embeddings.data, d.embeddings.data);
  EXPECT_EQ(b.lines.event, d.lines.event);
  EXPECT_EQ(b.lines.label, d.lines.label);
  EXPECT_EQ(b.lines.time, d.lines.time);
  EXPECT_EQ(b.lines.session, d.lines.session);
  EXPECT_EQ(b.lines.session_names, d.lines.session_names);
  EXPECT_EQ(b.windows.seq_offsets, d.windows.seq_offsets);
  EXPECT_EQ(b.windows.seq_events, d.windows.seq_events);
  EXPECT_EQ(b.windows.window_seq, d.windows.window_seq);
  EXPECT_EQ(b.windows.window_label, d.windows.window_label);
  EXPECT_EQ(b.windows.window_time, d.windows.window_time);
  EXPECT_EQ(b.windows.window_role, d.windows.window_role);
  EXPECT_EQ(b.read_stats.lines, 6u);
  EXPECT_EQ(b.read_stats.records, 5u);
  EXPECT_EQ(b.read_stats.malformed, 1u);
  EXPECT_EQ(b.read_stats.anomalous, 1u);

  StageKeys k = read_cache_keys(file);
  EXPECT_EQ(k.parse, "kp");
  EXPECT_EQ(k.embed, "ke");
  EXPECT_EQ(k.windows, "kw");
  EXPECT_EQ(k.all, "all-key");
  // Documented attributes are where the README says.
  h5::File f = h5::File::open(file);
  EXPECT_EQ(f.root().attr_string("format"), "logsweep-dataset-cache");
  EXPECT_EQ(f.root().group("embed").attr_string("embedder"), "hashed(dim=2)");
  EXPECT_EQ(f.root().group("parse").attr_string("source_path"), "/logs/mini.log");
  EXPECT_EQ(f.root().group("parse").read_strings("session_names"), (std::vector<std::string>{"blk_1", "blk_2"}));
}

TEST(DatasetCacheLayout, NoSessionsMeansNoSessionDatasets) {
  TempDir dir;
  PreparedDataset d = hand_made();
  d.lines.session.clear();
  write_dataset_cache(dir.file("m.h5"), d, keys(), "e", "p");
  EXPECT_TRUE(read_dataset_cache(dir.file("m.h5")).lines.session.empty());
  EXPECT_FALSE(h5::File::open(dir.file("m.h5")).root().group("parse").has("line_session"));
}

TEST(DatasetCacheLayout, RewriteLeavesNoTemporaryFiles) {
  TempDir dir;
  std::string file = dir.file("mini.h5");
  write_dataset_cache(file, hand_made(), keys(), "e", "p");
  StageKeys k2 = keys();
  k2.windows = "kw2";
  write_dataset_cache(file, hand_made(), k2, "e", "p");
  EXPECT_EQ(read_cache_keys(file).windows, "kw2");
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"mini.h5"});
}

// Issue 14 item 2: a full disk while writing the cache is a StorageError naming the file; the
// previous cache stays whole under its name and nothing truncated is left behind.
TEST(DatasetCacheLayout, DiskFullLeavesThePreviousCacheAndNoTruncatedFile) {
  TempDir dir;
  std::string file = dir.file("mini.h5");
  write_dataset_cache(file, hand_made(), keys(), "e", "p");
  const std::string before = testing::read_file(file);
  StageKeys k2 = keys();
  k2.windows = "kw2";
  {
    testing::FileSizeLimit full(512);  // the cache file is several KB
    try {
      write_dataset_cache(file, hand_made(), k2, "e", "p");
      ADD_FAILURE() << "writing the cache on a full disk did not throw";
    } catch (const StorageError& e) {
      EXPECT_NE(std::string(e.what()).find("cannot write dataset cache " + file + " (disk full?)"), std::string::npos)
          << e.what();
    }
    try {  // no previous file: none appears
      write_dataset_cache(dir.file("other.h5"), hand_made(), keys(), "e", "p");
      ADD_FAILURE() << "writing the cache on a full disk did not throw";
    } catch (const StorageError&) {
    }
  }
  EXPECT_EQ(testing::read_file(file), before);
  EXPECT_EQ(read_cache_keys(file).windows, keys().windows);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"mini.h5"});
}

TEST(DatasetCacheLayout, ForeignAndNonHdf5FilesAreRefused) {
  TempDir dir;
  std::string foreign = dir.file("BGL.h5");
  {
    h5::File f = h5::File::create(foreign);
    f.root().write<float>("embeddings", {1, 2});
  }
  std::string text = dir.write("text.h5", "hello");
  try {
    read_cache_keys(foreign);
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find(foreign + " is not a logsweep dataset cache file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_dataset_cache(text), StorageError);
}

TEST(DatasetCacheLayout, InconsistentStageIsReportedAsCorrupt) {
  TempDir dir;
  PreparedDataset d = hand_made();
  d.windows.window_seq = {0, 7, 0};  // points past the sequence table
  write_dataset_cache(dir.file("bad.h5"), d, keys(), "e", "p");
  try {
    read_dataset_cache(dir.file("bad.h5"));
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("/windows: window_seq outside the sequence table"), std::string::npos) << e.what();
  }
}

TEST(DatasetCacheLayout, CacheFileNameIsSanitised) {
  EXPECT_EQ(cache_file_path("c", "a/b c"), "c/a_b_c.h5");
  EXPECT_EQ(cache_file_path("c", ".."), "c/_.h5");
}

TEST(CacheReport, SummaryListsReusedAndRebuiltStages) {
  CacheReport r;
  r.parse_reused = r.embed_reused = true;
  EXPECT_EQ(r.summary(), "reused parse, embed; rebuilt windows");
  r.windows_reused = true;
  EXPECT_EQ(r.summary(), "reused parse, embed, windows");
  CacheReport none;
  EXPECT_EQ(none.summary(), "rebuilt parse, embed, windows");
}

}  // namespace
}  // namespace logsweep
