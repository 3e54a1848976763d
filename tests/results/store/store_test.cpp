#include "results/store/store.hpp"

#include <gtest/gtest.h>

#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <type_traits>

#include "core/util/errors.hpp"
#include "results/file_size_limit.hpp"
#include "results/store/h5.hpp"
#include "results/store/record_fields.hpp"
#include "results/utf8_check.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace logsweep {
namespace {

using testing::FileSizeLimit;
using testing::TempDir;

JobRecord full_record(const std::string& id, double f1 = 0.875) {
  JobRecord r;
  r.id = id;
  r.source = "BGL";
  r.target = "Thunderbird";
  r.method = "LogAction";
  r.budget = 0.02;
  r.seed = 18446744073709551557ULL;
  r.params = "{epochs=3,lr=0.001}";
  r.data_key = "aaaa/bbbb";
  r.data_settings = "window.size=10;embedder.dim=32";
  r.status = JobStatus::Done;
  r.message = "note";  // done jobs normally have none; any text round-trips
  r.rank = 3;
  r.host = "node07";
  r.device = "cuda:1";
  r.version = "0.1.0";
  r.prepare_seconds = 1.25;
  r.finished_at = 1764000000.5;
  MethodResult& m = r.result;
  m.confusion = Confusion{7, 1, 90, 2};
  m.precision = 0.875;
  m.recall = 7.0 / 9.0;
  m.f1 = f1;
  m.auc = 0.93;
  m.selected = {{5, 9, 2}, {}, {40}};
  // Round 0 (nothing bought, no threshold yet), then two purchases; every field of round 1 differs
  // from its default, so a field the store drops fails the round trip.
  const double none = std::numeric_limits<double>::quiet_NaN();
  m.rounds = {RoundRecord{2, 0, 0, 120, 30, none, none, 0.25, 1.0, 0.4},
              RoundRecord{2, 3, 2, 120, 30, -4.625, 0.125, 0.5, 0.75, 0.6},
              RoundRecord{4, 1, 0, 117, 28, -3.5, none, 0.875, 7.0 / 9.0, 0.875}};
  m.n_train = 1234;
  m.n_test = 100;
  m.n_labelled = 4;
  m.train_seconds = 12.5;
  m.eval_seconds = 0.75;
  m.vectors = Matrix(3, 2);
  m.vectors.data = {1, 2, 3, 4, 5, 6.5f};
  m.vector_labels = {0, 1, 0};
  m.vector_system = {0, 1, 1};
  m.extra = {{"final_loss", 0.0625}, {"rounds", 3}};
  return r;
}

// Field by field through the one list of round fields; NaN (a step the rule lacks) equals NaN.
void expect_same_rounds(const std::vector<RoundRecord>& a, const std::vector<RoundRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    visit_round_fields(
        [i](const char* name, const auto& x, const auto& y) {
          if constexpr (std::is_floating_point_v<std::decay_t<decltype(x)>>) {
            if (std::isnan(x) || std::isnan(y)) {
              EXPECT_TRUE(std::isnan(x) && std::isnan(y)) << "round " << i << " " << name;
              return;
            }
          }
          EXPECT_EQ(x, y) << "round " << i << " " << name;
        },
        a[i], b[i]);
}

void expect_same(const JobRecord& a, const JobRecord& b) {
  EXPECT_EQ(a.id, b.id);
  visit_record_fields([](const char* name, const auto& x, const auto& y) { EXPECT_EQ(x, y) << name; }, a, b);
  const MethodResult &x = a.result, &y = b.result;
  EXPECT_EQ(x.selected, y.selected);
  expect_same_rounds(x.rounds, y.rounds);
  EXPECT_EQ(x.vectors.rows, y.vectors.rows);
  EXPECT_EQ(x.vectors.cols, y.vectors.cols);
  EXPECT_EQ(x.vectors.data, y.vectors.data);
  EXPECT_EQ(x.vector_labels, y.vector_labels);
  EXPECT_EQ(x.vector_system, y.vector_system);
  EXPECT_EQ(x.extra, y.extra);
}

// A field added to record_fields.hpp is round-tripped by the tests here once full_record gives
// it a value that differs from the default (a default would pass a round trip that drops it).
TEST(ResultsStore, FullRecordSetsEveryStoredFieldToANonDefaultValue) {
  JobRecord blank;
  blank.status = JobStatus::Failed;  // Done is the default and a value full_record uses
  const JobRecord full = full_record("00ab");
  visit_record_fields([](const char* name, const auto& d, const auto& v) { EXPECT_NE(d, v) << name; },
                      blank, full);
  const RoundRecord blank_round;
  ASSERT_GE(full.result.rounds.size(), 2u);
  visit_round_fields([](const char* name, const auto& d, const auto& v) { EXPECT_NE(d, v) << "round " << name; },
                     blank_round, full.result.rounds[1]);
}

struct Warnings {
  std::vector<std::string> lines;
  ResultsStore::WarningSink sink() {
    return [this](const std::string& m) { lines.push_back(m); };
  }
};

// A full record stored, then written back as an older logsweep wrote it: without `attribute`.
JobRecord reload_without(const std::string& attribute) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  store.append(full_record("00ab"));
  hid_t f = H5Fopen(dir.file("r.h5.journal/00ab.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  EXPECT_GE(f, 0);
  EXPECT_GE(H5Adelete_by_name(f, "/jobs/00ab", attribute.c_str(), H5P_DEFAULT), 0);
  H5Fclose(f);
  auto all = store.load();
  EXPECT_EQ(all.size(), 1u);
  return all.empty() ? JobRecord{} : all[0];
}

TEST(ResultsStore, ARecordFromBeforeDataSettingsReadsThemAsEmpty) {
  const JobRecord r = reload_without("data_settings");
  EXPECT_EQ(r.data_settings, "");
  EXPECT_EQ(r.params, "{epochs=3,lr=0.001}");  // the rest as stored
}

// Issue 15: the device a job ran on is stored with it; files from before it read as "".
TEST(ResultsStore, ARecordFromBeforeDevicesReadsItsDeviceAsEmpty) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  store.append(full_record("00ab"));
  EXPECT_EQ(store.load().at(0).device, "cuda:1");
  const JobRecord r = reload_without("device");
  EXPECT_EQ(r.device, "");
  EXPECT_EQ(r.host, "node07");  // the rest as stored
}

// Issue 25: records stored before the round record have no round_* datasets; they read as no
// rounds, the rest as stored.
TEST(ResultsStore, ARecordFromBeforeRoundsReadsNoRounds) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  store.append(full_record("00ab"));
  ASSERT_EQ(store.load().at(0).result.rounds.size(), 3u);
  hid_t f = H5Fopen(dir.file("r.h5.journal/00ab.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const RoundRecord probe;
  int fields = 0, deleted = 0;
  visit_round_fields(
      [&](const char* name, const auto&) {
        ++fields;
        deleted += H5Ldelete(f, (std::string("/jobs/00ab/round_") + name).c_str(), H5P_DEFAULT) >= 0;
      },
      probe);
  H5Fclose(f);
  EXPECT_EQ(deleted, fields);  // every round field was stored as its own dataset
  const JobRecord r = store.load().at(0);
  EXPECT_TRUE(r.result.rounds.empty());
  EXPECT_EQ(r.result.selected, full_record("00ab").result.selected);  // the rest as stored
  EXPECT_DOUBLE_EQ(r.result.f1, 0.875);
}

TEST(ResultsStore, AppendThenLoadReturnsTheFullRecord) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  JobRecord rec = full_record("00ab");
  store.append(rec);
  auto all = store.load();
  ASSERT_EQ(all.size(), 1u);
  expect_same(all[0], rec);
  EXPECT_TRUE(fs::exists(dir.file("r.h5.journal/00ab.h5")));
  EXPECT_FALSE(fs::exists(dir.file("r.h5")));  // append touches only the journal
}

// Issue 14 item 11: a failure message quoting raw log bytes (or any other string) must not make
// the results file unreadable for UTF-8 readers: invalid bytes are stored as "\xNN".
TEST(ResultsStore, EveryStoredStringIsValidUtf8) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  JobRecord rec = full_record("00ab");
  rec.status = JobStatus::Failed;
  rec.message = "cannot parse 'caf\xc3\xa9 \xff\xfe'";
  rec.params = "{note=\xc0\xaf}";
  rec.host = "node\xed\xa0\x80";
  rec.result.extra = {{"loss \xff", 1.0}};
  store.append(rec);
  store.consolidate();
  for (const auto& s : testing::stored_strings(dir.file("r.h5")))
    EXPECT_TRUE(testing::rfc3629_valid(s.value)) << s.where << " = " << testing::printable_escape(s.value);
  auto back = store.load();
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].message, "cannot parse 'caf\xc3\xa9 \\xff\\xfe'");
  EXPECT_EQ(back[0].params, "{note=\\xc0\\xaf}");
  EXPECT_EQ(back[0].host, "node\\xed\\xa0\\x80");
  EXPECT_EQ(back[0].result.extra.count("loss \\xff"), 1u);
}

TEST(ResultsStore, FailedAndSkippedRecordsKeepStatusAndMessage) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  JobRecord f;
  f.id = "f1";
  f.status = JobStatus::Failed;
  f.message = "std::bad_alloc while training";
  JobRecord s;
  s.id = "s1";
  s.status = JobStatus::Skipped;
  s.message = "no anomalies in target test split";
  store.append(f);
  store.append(s);
  auto st = store.statuses();
  EXPECT_EQ(st.at("f1"), JobStatus::Failed);
  EXPECT_EQ(st.at("s1"), JobStatus::Skipped);
  auto all = store.load();
  ASSERT_EQ(all.size(), 2u);
  expect_same(all[0], f);
  expect_same(all[1], s);
}

TEST(ResultsStore, DiskFullWhileStoringIsAStorageErrorAndEarlierResultsStayIntact) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  store.append(full_record("0001", 0.5));
  store.consolidate();
  store.append(full_record("0002", 0.6));
  {
    FileSizeLimit full(512);  // a journal entry is a few KB
    try {
      store.append(full_record("0003", 0.7));
      ADD_FAILURE() << "append on a full disk did not throw";
    } catch (const StorageError& e) {
      EXPECT_NE(std::string(e.what()).find("r.h5.journal"), std::string::npos) << e.what();
    }
    EXPECT_THROW(store.consolidate(), StorageError);
  }
  // Nothing half-written is left behind, and both earlier results read back whole.
  for (const auto& entry : fs::recursive_directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
  auto all = store.load();
  ASSERT_EQ(all.size(), 2u);
  expect_same(all[0], full_record("0001", 0.5));
  expect_same(all[1], full_record("0002", 0.6));
  // With space again, the failed job is stored as any other.
  store.append(full_record("0003", 0.7));
  store.consolidate();
  EXPECT_EQ(ResultsStore(dir.file("r.h5")).load().size(), 3u);
}

TEST(ResultsStore, SerializedBytesRoundTrip) {
  JobRecord rec = full_record("beef");
  std::string bytes = serialize_record(rec);
  expect_same(deserialize_record(bytes), rec);
  EXPECT_THROW(deserialize_record("garbage"), StorageError);
  EXPECT_THROW(deserialize_record(bytes.substr(0, bytes.size() / 2)), StorageError);
}

TEST(ResultsStore, JournalEntryWinsOverConsolidatedRecord) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  store.append(full_record("a1", 0.5));
  store.append(full_record("b2", 0.6));
  store.consolidate();
  EXPECT_TRUE(fs::is_empty(dir.file("r.h5.journal")));
  store.append(full_record("a1", 0.9));  // a re-run of a1
  auto all = store.load();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "a1");
  EXPECT_EQ(all[0].result.f1, 0.9);
  EXPECT_EQ(all[1].result.f1, 0.6);
  store.consolidate();
  all = ResultsStore(dir.file("r.h5")).load();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].result.f1, 0.9);
}

TEST(ResultsStore, ConsolidateIsIdempotent) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  store.append(full_record("a1"));
  store.consolidate();
  std::string first = testing::read_file(dir.file("r.h5"));
  store.consolidate();  // nothing new: R is not rewritten
  EXPECT_EQ(testing::read_file(dir.file("r.h5")), first);
  auto all = store.load();
  ASSERT_EQ(all.size(), 1u);
  expect_same(all[0], full_record("a1"));
}

TEST(ResultsStore, ConsolidateOnEmptyStoreCreatesAnEmptyResultsFile) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  store.consolidate();
  EXPECT_TRUE(fs::exists(dir.file("r.h5")));
  EXPECT_TRUE(ResultsStore(dir.file("r.h5")).load().empty());
}

TEST(ResultsStore, CrashLeftoversAreIgnoredWithWarningAndOthersStayIntact) {
  TempDir dir;
  std::string r = dir.file("r.h5");
  {
    ResultsStore store(r);
    store.append(full_record("a1"));
    store.consolidate();
    store.append(full_record("b2"));
    store.append(full_record("c3"));
  }
  // A crash while consolidating left R.tmp; a crash outside the protocol truncated c3's entry;
  // an interrupted append left its temp file.
  dir.write("r.h5.tmp", "half a file");
  std::string c3 = dir.file("r.h5.journal/c3.h5");
  std::string whole = testing::read_file(c3);
  fs::resize_file(c3, whole.size() / 3);
  dir.write("r.h5.journal/d4.h5.tmp-999", "partial");

  Warnings w;
  ResultsStore store(r);
  store.set_warning_sink(w.sink());
  auto all = store.load();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "a1");
  EXPECT_EQ(all[1].id, "b2");
  ASSERT_EQ(w.lines.size(), 1u);
  EXPECT_NE(w.lines[0].find("c3.h5"), std::string::npos) << w.lines[0];

  w.lines.clear();
  store.consolidate();
  EXPECT_GE(w.lines.size(), 2u);  // the torn entry and the temp file
  EXPECT_TRUE(fs::exists(c3));     // never deleted silently
  EXPECT_FALSE(fs::exists(dir.file("r.h5.journal/b2.h5")));  // folded
  EXPECT_FALSE(fs::exists(dir.file("r.h5.tmp")));
  ResultsStore after(r);
  after.set_warning_sink(w.sink());
  auto st = after.statuses();
  EXPECT_EQ(st.size(), 2u);
  EXPECT_EQ(st.count("a1") + st.count("b2"), 2u);
}

// Issue 14 item 1: a journal entry written while consolidate() runs (a new job, or a job stored
// again, e.g. by --retry-failed) is not in the R it writes, so it must stay in the journal.
TEST(ResultsStore, ConsolidateKeepsJournalEntriesWrittenAfterItReadTheJournal) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  store.append(full_record("a1", 0.5));
  store.append(full_record("b2", 0.6));
  store.set_before_commit_hook([&] {
    store.set_before_commit_hook(nullptr);
    store.append(full_record("a1", 0.9));  // rewrites a1.h5 after it was read
    store.append(full_record("c3", 0.7));  // appears after the listing
  });
  store.consolidate();
  EXPECT_TRUE(fs::exists(dir.file("r.h5.journal/a1.h5")));
  EXPECT_TRUE(fs::exists(dir.file("r.h5.journal/c3.h5")));
  EXPECT_FALSE(fs::exists(dir.file("r.h5.journal/b2.h5")));  // folded as read
  auto all = ResultsStore(dir.file("r.h5")).load();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].result.f1, 0.9);
  EXPECT_EQ(all[1].result.f1, 0.6);
  EXPECT_EQ(all[2].result.f1, 0.7);
  store.consolidate();  // the next consolidation folds them
  EXPECT_TRUE(fs::is_empty(dir.file("r.h5.journal")));
  all = ResultsStore(dir.file("r.h5")).load();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].result.f1, 0.9);
}

// A pid no process can have (pids are below pid_max).
long impossible_pid() {
  long max = 4194304;
  std::ifstream("/proc/sys/kernel/pid_max") >> max;
  return max;
}

// Issue 14 item 9: temp files of writers killed mid-write go; a live writer's stays.
TEST(ResultsStore, RemoveDeadTempsRemovesOnlyThoseOfDeadWriters) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  store.append(full_record("a1"));
  const std::string dead = dir.write("r.h5.journal/b2.h5.tmp-" + std::to_string(impossible_pid()), "partial");
  const std::string live = dir.write("r.h5.journal/c3.h5.tmp-1", "partial");  // pid 1 always runs
  const std::string mine = dir.write("r.h5.journal/d4.h5.tmp-" + std::to_string(::getpid()), "partial");
  Warnings w;
  store.set_warning_sink(w.sink());
  store.remove_dead_temps();
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(mine));
  EXPECT_TRUE(fs::exists(dir.file("r.h5.journal/a1.h5")));
  ASSERT_EQ(w.lines.size(), 1u);
  EXPECT_NE(w.lines[0].find("b2.h5.tmp-"), std::string::npos) << w.lines[0];
}

TEST(ResultsStore, ForeignHdf5FileIsRefusedAndLeftByteIdentical) {
  TempDir dir;
  std::string r = dir.file("data.h5");
  {
    h5::File f = h5::File::create(r);
    f.root().write<double>("x", {1, 2, 3});
  }
  std::string before = testing::read_file(r);
  try {
    ResultsStore store(r);
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find(r + " is not a logsweep results file"), std::string::npos) << e.what();
  }
  EXPECT_EQ(testing::read_file(r), before);
}

TEST(ResultsStore, NonHdf5FileIsRefusedAndLeftByteIdentical) {
  TempDir dir;
  std::string r = dir.write("results.h5", "id,f1\n1,0.5\n");
  EXPECT_THROW(
      {
        try {
          ResultsStore store(r);
        } catch (const StorageError& e) {
          EXPECT_NE(std::string(e.what()).find("is not a logsweep results file: not an HDF5 file"), std::string::npos);
          throw;
        }
      },
      StorageError);
  EXPECT_EQ(testing::read_file(r), "id,f1\n1,0.5\n");
}

TEST(ResultsStore, NewerFormatVersionIsRefused) {
  TempDir dir;
  std::string r = dir.file("r.h5");
  {
    h5::File f = h5::File::create(r);
    f.root().set_attr("format", "logsweep-results");
    f.root().set_attr("format_version", std::int64_t{99});
  }
  EXPECT_THROW(ResultsStore{r}, StorageError);
}

TEST(ResultsStore, InvalidJobIdIsRejectedBeforeWriting) {
  TempDir dir;
  ResultsStore store(dir.file("r.h5"));
  JobRecord rec = full_record("../escape");
  EXPECT_THROW(store.append(rec), StorageError);
  EXPECT_FALSE(fs::exists(dir.file("escape.h5")));
}

}  // namespace
}  // namespace logsweep
