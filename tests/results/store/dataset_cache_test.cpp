// load_or_prepare around the real prepare stages, on a tiny synthetic log.
#include "results/store/dataset_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/synth/generator.hpp"
#include "results/store/h5.hpp"
#include "results/utf8_check.hpp"
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

// Issue 14 item 6: the malformed-line examples (line number, reason, escaped first bytes) are
// part of the parse stage, so a run that reuses the cache can still list them.
TEST(DatasetCache, MalformedLineExamplesSurviveAReuse) {
  Fixture f;
  std::string log = testing::read_file(f.spec.reader.path);
  const std::size_t second_line = log.find('\n') + 1;
  log.insert(second_line, "junk line one\n\n\x01\xff binary-ish\n");
  f.dir.write("logs/synthA.log", log);
  ASSERT_EQ(f.spec.reader.path, f.dir.file("logs/synthA.log"));
  CacheReport r1, r2;
  PreparedDataset a = load_or_prepare(f.spec, *f.embedder, f.cache, &r1);
  ASSERT_EQ(r1.summary(), "rebuilt parse, embed, windows");
  ASSERT_EQ(a.read_stats.malformed, 3u);
  ASSERT_EQ(a.read_stats.examples.size(), 3u);
  EXPECT_EQ(a.read_stats.examples[1].line_no, 3u);
  EXPECT_EQ(a.read_stats.examples[1].reason, "empty line");
  EXPECT_EQ(a.read_stats.examples[2].prefix, "\\x01\\xff binary-ish");
  PreparedDataset b = load_or_prepare(f.spec, *f.embedder, f.cache, &r2);
  ASSERT_EQ(r2.summary(), "reused parse, embed, windows");
  ASSERT_EQ(b.read_stats.examples.size(), a.read_stats.examples.size());
  for (std::size_t i = 0; i < a.read_stats.examples.size(); ++i) {
    EXPECT_EQ(b.read_stats.examples[i].line_no, a.read_stats.examples[i].line_no) << i;
    EXPECT_EQ(b.read_stats.examples[i].reason, a.read_stats.examples[i].reason) << i;
    EXPECT_EQ(b.read_stats.examples[i].prefix, a.read_stats.examples[i].prefix) << i;
  }
}

// Issue 14 item 11: HDF5 strings are declared UTF-8 and h5py's .asstr() fails on the first invalid
// byte; a log with invalid bytes (in the message, in the session key, even in the file name)
// must still give a cache whose every string is valid UTF-8, invalid bytes written as "\xNN",
// valid multi-byte characters kept.
TEST(DatasetCache, InvalidUtf8InTheLogIsStoredAsValidUtf8) {
  TempDir dir;
  const std::string head = "- 1117838570 2005.06.03 ";
  const std::string mid = " 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO ";
  std::string text;
  for (int i = 0; i < 30; ++i) {
    const std::string node = (i % 2 ? "R02-M1-N0\xff" : "R03-\xc0\xaf-N1") + std::to_string(i % 5);  // invalid byte, overlong '/'
    text += head + node + mid + "caf\xc3\xa9 ok \xff\xfe bad \xed\xa0\x80 surrogate \xf4\x90\x80\x80 high\n";
    text += head + node + mid + "plain message " + std::to_string(i % 3) + "\n";
  }
  text += "malformed \xe2\x82 truncated\n";
  DatasetSpec spec;
  spec.name = "bytes";
  spec.reader.format = "bgl";
  spec.reader.path = dir.write("log\xff.log", text);
  spec.window.kind = "session";  // so session names are stored too
  auto embedder = make_embedder(EmbedSpec{"hashed", "", 8, ""});
  PreparedDataset d = load_or_prepare(spec, *embedder, dir.file("cache"));
  const std::string file = cache_file_path(dir.file("cache"), "bytes");

  const auto strings = testing::stored_strings(file);
  bool saw_sessions = false, saw_examples = false;
  for (const auto& s : strings) {
    EXPECT_TRUE(testing::rfc3629_valid(s.value)) << s.where << " = " << testing::printable_escape(s.value);
    saw_sessions |= s.where.rfind("/parse/session_names", 0) == 0;
    saw_examples |= s.value.find("truncated") != std::string::npos;
  }
  EXPECT_TRUE(saw_sessions);
  EXPECT_TRUE(saw_examples);
  bool found = false;
  for (const auto& t : d.templates)
    if (t.find("caf\xc3\xa9") != std::string::npos) {
      found = true;
      EXPECT_NE(t.find("\\xff\\xfe"), std::string::npos) << t;
      EXPECT_NE(t.find("\\xed\\xa0\\x80"), std::string::npos) << t;
      EXPECT_NE(t.find("\\xf4\\x90\\x80\\x80"), std::string::npos) << t;
    }
  EXPECT_TRUE(found) << "the valid 'caf\xc3\xa9' is kept as it is";
  // What the run works on in memory is what a later run reads back from the cache.
  EXPECT_EQ(read_dataset_cache(file).templates, d.templates);
}

}  // namespace
}  // namespace logsweep
