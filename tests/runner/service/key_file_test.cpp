// The service's "key value" files (runner/service/key_file.hpp): written whole, read back, and
// a bad one is an error at its file, line and key.
#include "runner/service/key_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/test_support.hpp"

namespace logsweep {
namespace key_file_test {

TEST(KeyFile, WrittenEntriesReadBackAndNewlinesInAValueStayOnItsLine) {
  testing::TempDir dir;
  const auto path = dir.file("k.txt");
  write_key_file(path, "thing 2", {{"name", "a b  c"}, {"n", "12"}, {"x", "1.5"}, {"text", "two\nlines"}, {"empty", ""}});
  const auto f = KeyFile::read(path, "thing 2", "");
  EXPECT_EQ(f.text("name"), "a b  c");
  EXPECT_EQ(f.integer("n"), 12);
  EXPECT_EQ(f.number("x"), 1.5);
  EXPECT_EQ(f.text("text"), "two lines");
  EXPECT_EQ(f.text("empty"), "");
  EXPECT_EQ(f.where("n").line, 3u);
  EXPECT_FALSE(f.has("missing"));
}

TEST(KeyFile, AMissingKeyABadNumberAndAnotherFormatAreLocated) {
  testing::TempDir dir;
  const auto path = dir.write("k.txt", "thing 2\nn twelve\nx 1.5\n");
  const auto f = KeyFile::read(path, "thing 2", "");
  try {
    f.integer("n");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 2u);
    EXPECT_EQ(e.where().field, "n");
  }
  EXPECT_THROW(f.integer("x"), InputError);  // not whole
  try {
    f.text("gone");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().field, "gone");
  }
  try {
    KeyFile::read(path, "thing 3", "");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 1u);
    EXPECT_NE(std::string(e.what()).find("this build reads 'thing 3'"), std::string::npos) << e.what();
  }
  try {
    KeyFile::read(dir.file("absent.txt"), "thing 2", "run `make-thing` first");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("make-thing"), std::string::npos) << e.what();
  }
}

TEST(KeyFile, AnotherVersionIsAnErrorAtItsLineNamingBothAndWhatToDo) {
  testing::TempDir dir;
  const auto path = dir.write("k.txt", std::string("thing 2\nname x\nversion ") + LOGSWEEP_VERSION + "\nold 0.0.1\n");
  const auto f = KeyFile::read(path, "thing 2", "");
  EXPECT_EQ(f.same_version("version", "unused"), LOGSWEEP_VERSION);
  try {
    f.same_version("old", "use the old build");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 4u);
    EXPECT_EQ(e.where().field, "old");
    const std::string what = e.what();
    EXPECT_NE(what.find("logsweep 0.0.1"), std::string::npos) << what;
    EXPECT_NE(what.find(std::string("logsweep ") + LOGSWEEP_VERSION), std::string::npos) << what;
    EXPECT_NE(what.find("use the old build"), std::string::npos) << what;
  }
}

}  // namespace key_file_test
}  // namespace logsweep
