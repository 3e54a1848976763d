// load_or_prepare around the real prepare stages, on a tiny synthetic log.
#include "results/dataset_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/synth/generator.hpp"
#include "results/h5.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

struct Fixture {
  TempDir dir;
  DatasetSpec spec;
  std::unique_ptr<Embedder> embedder;
  std::string cache;

  Fixture() {
    SynthSpec s;
    s.lines_per_system = 600;
    auto systems = generate_corpus(dir.file("logs"), s);
    spec.name = systems[0].name;
    spec.reader.format = systems[0].format;
    spec.reader.path = systems[0].log_path;
    spec.window.size = 10;
    spec.window.step = 5;
    embedder = make_embedder(EmbedSpec{"hashed", "", 32, ""});
    cache = dir.file("cache");
  }
};

void expect_same(const PreparedDataset& a, const PreparedDataset& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.cache_key, b.cache_key);
  EXPECT_EQ(a.templates, b.templates);
  EXPECT_EQ(a.embeddings.rows, b.embeddings.rows);
  EXPECT_EQ(a.embeddings.data, b.embeddings.data);
  EXPECT_EQ(a.lines.event, b.lines.event);
  EXPECT_EQ(a.lines.label, b.lines.label);
  EXPECT_EQ(a.lines.time, b.lines.time);
  EXPECT_EQ(a.windows.seq_offsets, b.windows.seq_offsets);
  EXPECT_EQ(a.windows.seq_events, b.windows.seq_events);
  EXPECT_EQ(a.windows.window_seq, b.windows.window_seq);
  EXPECT_EQ(a.windows.window_label, b.windows.window_label);
  EXPECT_EQ(a.windows.window_time, b.windows.window_time);
  EXPECT_EQ(a.windows.window_role, b.windows.window_role);
}

TEST(DatasetCache, FirstCallBuildsAndSecondReusesEveryStage) {
  Fixture f;
  CacheReport r1, r2;
  PreparedDataset a = load_or_prepare(f.spec, *f.embedder, f.cache, &r1);
  EXPECT_EQ(r1.summary(), "rebuilt parse, embed, windows");
  EXPECT_EQ(r1.file, f.cache + "/synthA.h5");
  ASSERT_GT(a.windows.size(), 0u);
  expect_same(a, prepare_uncached(f.spec, *f.embedder));
  PreparedDataset b = load_or_prepare(f.spec, *f.embedder, f.cache, &r2);
  EXPECT_EQ(r2.summary(), "reused parse, embed, windows");
  expect_same(a, b);
}

// Issue 14 item 9: a killed cache write leaves "<name>.h5.tmp-<pid>"; once its pid is dead on
// this host and it is a minute old it goes. A live writer's temp and a fresh one stay (a
// writer on another host sharing the directory may still be at it), as do other datasets'.
TEST(DatasetCache, TemporaryFilesOfDeadWritersAreRemoved) {
  Fixture f;
  load_or_prepare(f.spec, *f.embedder, f.cache);
  long dead = 4194304;  // pid_max itself: no process has it
  std::ifstream("/proc/sys/kernel/pid_max") >> dead;
  const auto old = std::filesystem::file_time_type::clock::now() - std::chrono::minutes(5);
  auto temp = [&](const std::string& name, bool aged) {
    std::string p = f.cache + "/" + name;
    std::ofstream(p) << "partial";
    if (aged) std::filesystem::last_write_time(p, old);
    return p;
  };
  const std::string stale = temp("synthA.h5.tmp-" + std::to_string(dead), true);
  const std::string fresh = temp("synthA.h5.tmp-" + std::to_string(dead + 1), false);
  const std::string live = temp("synthA.h5.tmp-1", true);
  const std::string other = temp("synthB.h5.tmp-" + std::to_string(dead), true);
  CacheReport r;
  load_or_prepare(f.spec, *f.embedder, f.cache, &r);
  EXPECT_EQ(r.summary(), "reused parse, embed, windows");
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(fresh));
  EXPECT_TRUE(std::filesystem::exists(live));
  EXPECT_TRUE(std::filesystem::exists(other));
}

TEST(DatasetCache, ReusedStagesReallyComeFromTheFile) {
  Fixture f;
  PreparedDataset a = load_or_prepare(f.spec, *f.embedder, f.cache);
  // Rewrite the cache under the same keys with a recognisable change: a reuse must return it.
  PreparedDataset marked = a;
  marked.windows.window_time[0] = -12345;
  marked.embeddings.data[0] = 42.0f;
  write_dataset_cache(f.cache + "/synthA.h5", marked, stage_keys(f.spec, *f.embedder), f.embedder->identity(),
                      f.spec.reader.path);
  PreparedDataset b = load_or_prepare(f.spec, *f.embedder, f.cache);
  EXPECT_EQ(b.windows.window_time[0], -12345);
  EXPECT_EQ(b.embeddings.data[0], 42.0f);
}

TEST(DatasetCache, ChangedWindowSpecRebuildsOnlyWindows) {
  Fixture f;
  load_or_prepare(f.spec, *f.embedder, f.cache);
  f.spec.window.size = 7;
  CacheReport r;
  PreparedDataset b = load_or_prepare(f.spec, *f.embedder, f.cache, &r);
  EXPECT_EQ(r.summary(), "reused parse, embed; rebuilt windows");
  expect_same(b, prepare_uncached(f.spec, *f.embedder));
  CacheReport again;
  load_or_prepare(f.spec, *f.embedder, f.cache, &again);
  EXPECT_EQ(again.summary(), "reused parse, embed, windows");
}

TEST(DatasetCache, ChangedEmbedderReembedsWithoutReparsing) {
  Fixture f;
  load_or_prepare(f.spec, *f.embedder, f.cache);
  auto other = make_embedder(EmbedSpec{"hashed", "", 16, ""});
  CacheReport r;
  PreparedDataset b = load_or_prepare(f.spec, *other, f.cache, &r);
  EXPECT_EQ(r.summary(), "reused parse, windows; rebuilt embed");
  EXPECT_EQ(b.embeddings.cols, 16u);
  expect_same(b, prepare_uncached(f.spec, *other));
}

TEST(DatasetCache, ForeignFileAtTheCachePathIsRefusedAndLeftAlone) {
  Fixture f;
  std::string path = cache_file_path(f.cache, f.spec.name);
  std::filesystem::create_directories(f.cache);
  {
    h5::File foreign = h5::File::create(path);
    foreign.root().write<double>("mine", {1, 2});
  }
  std::string before = testing::read_file(path);
  EXPECT_THROW(load_or_prepare(f.spec, *f.embedder, f.cache), StorageError);
  EXPECT_EQ(testing::read_file(path), before);
}

}  // namespace
}  // namespace logsweep
