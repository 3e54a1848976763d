// The round file of `logsweep label`: written for a person to fill, read back strictly.
#include "runner/service/round_file.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep {
namespace {

namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::vector<RoundRow> sample_rows(std::int64_t first, std::size_t n) {
  std::vector<RoundRow> rows;
  for (std::size_t i = 0; i < n; ++i) {
    const auto w = first + static_cast<std::int64_t>(i);
    rows.push_back({w, "app.log:" + std::to_string(w * 20 + 1) + "-" + std::to_string(w * 20 + 20), 1000 + w, 0.25,
                    "free energy", "Receiving block <*> | Verification succeeded", "line a ⏎ line b"});
  }
  return rows;
}

// The person's edit: puts `labels[window]` into the label column of that window's row.
std::string fill(const std::string& text, const std::map<std::int64_t, std::string>& labels) {
  std::istringstream in(text);
  std::string out, line;
  std::size_t window_col = 0, label_col = 0;
  bool header = false;
  while (std::getline(in, line)) {
    auto cells = split(line, '\t');
    if (line.empty() || line[0] == '#') {
    } else if (!header) {
      header = true;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i] == "window") window_col = i;
        if (cells[i] == "label") label_col = i;
      }
    } else {
      const auto it = labels.find(std::stoll(cells[window_col]));
      if (it != labels.end()) cells[label_col] = it->second;
      line = join(cells, "\t");
    }
    out += line + "\n";
  }
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
  return s;
}

class RoundFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "round_file_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/round-1.tsv";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes windows 10..14 and fills them 0 1 0 1 0.
  void write_filled() {
    write_round_file(path_, {1, 3, "logsweep label next dir"}, sample_rows(10, 5));
    spit(path_, fill(slurp(path_), {{10, "0"}, {11, "1"}, {12, "0"}, {13, "1"}, {14, "0"}}));
  }

  // The InputError reading `path_` throws, checked to name the file, the line and the field.
  std::string read_error(const std::vector<std::int64_t>& expected, std::uint64_t line, const std::string& field) {
    try {
      read_round_labels(path_, expected);
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, path_);
      EXPECT_EQ(e.where().line, line);
      EXPECT_EQ(e.where().field, field);
      std::string loc = path_ + (line ? ":" + std::to_string(line) : "");
      if (!field.empty()) loc += " (field '" + field + "')";
      EXPECT_NE(std::string(e.what()).find(loc), std::string::npos) << e.what();
      return e.message();
    }
    ADD_FAILURE() << "no InputError";
    return {};
  }

  std::string dir_, path_;
};

const std::string kHeader = "window\twhere\tstart_time\tprobability\treason\ttemplates\tlines\tlabel\n";

std::string row(std::int64_t window, const std::string& label) {
  return std::to_string(window) + "\tapp.log:1-20\t5\t0.5000\trandom\tA | B\t\t" + label + "\n";
}

TEST_F(RoundFile, ReadsLabelsBackInTheOrderAsked) {
  write_filled();
  EXPECT_EQ(read_round_labels(path_, {10, 11, 12, 13, 14}), (std::vector<std::int8_t>{0, 1, 0, 1, 0}));
  EXPECT_EQ(read_round_labels(path_, {13, 12, 11, 14, 10}), (std::vector<std::int8_t>{1, 0, 1, 0, 0}));
}

TEST_F(RoundFile, WritesCommentsSayingHowToFillItAndWhatToRunNext) {
  write_round_file(path_, {2, 5, "logsweep label next runs/s1"}, sample_rows(0, 3));
  const auto text = slurp(path_);
  EXPECT_NE(text.find("# logsweep label: round 2 of 5, 3 windows to label."), std::string::npos) << text;
  EXPECT_NE(text.find("0 (or normal)"), std::string::npos);
  EXPECT_NE(text.find("1 (or anomaly)"), std::string::npos);
  EXPECT_NE(text.find("# Then run: logsweep label next runs/s1\n"), std::string::npos);
  EXPECT_NE(text.find("\n" + kHeader), std::string::npos);
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));
}

TEST_F(RoundFile, WritesOneRowPerWindowWithEveryFieldAndAnEmptyLabel) {
  write_round_file(path_, {}, sample_rows(7, 2));
  const auto lines = split(slurp(path_), '\n');
  const auto header = std::find(lines.begin(), lines.end(), trim(kHeader));
  ASSERT_NE(header, lines.end());
  ASSERT_GE(lines.end() - header, 3);
  EXPECT_EQ(split(header[1], '\t'), (std::vector<std::string>{"7", "app.log:141-160", "1007", "0.2500", "free energy",
                                                              "Receiving block <*> | Verification succeeded",
                                                              "line a ⏎ line b", ""}));
  EXPECT_EQ(split(header[2], '\t')[0], "8");
}

TEST_F(RoundFile, ReplacesTabsNewlinesAndCarriageReturnsInTextFields) {
  RoundRow r{3, "a\tb", 0, 0.5, "margin\n", "T1\r\nT2", "x\ty\nz", };
  write_round_file(path_, {}, {r});
  const auto text = slurp(path_);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_NE(text.find("3\ta b\t0\t0.5000\tmargin ⏎ \tT1 ⏎ T2\tx y ⏎ z\t\n"), std::string::npos) << text;
  spit(path_, fill(text, {{3, "1"}}));
  EXPECT_EQ(read_round_labels(path_, {3}), std::vector<std::int8_t>{1});
}

TEST_F(RoundFile, FailedWriteIntoAMissingDirectoryIsAStorageError) {
  const auto path = dir_ + "/no/such/dir/round-1.tsv";
  try {
    write_round_file(path, {}, sample_rows(0, 1));
    FAIL() << "no StorageError";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST_F(RoundFile, FailedRenameIsAStorageErrorAndLeavesNoTmpFile) {
  fs::create_directories(path_ + "/occupied");  // the target is a non-empty directory
  EXPECT_THROW(write_round_file(path_, {}, sample_rows(0, 1)), StorageError);
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));
}

TEST_F(RoundFile, AcceptsLabelsSpelledEveryWay) {
  const std::vector<std::pair<std::string, int>> spellings = {
      {"0", 0},       {"1", 1},         {"normal", 0}, {"NORMAL", 0},   {"Anomaly", 1},
      {"anomalous", 1}, {" 1 ", 1},     {"AnOmAlOuS", 1}, {"\"0\"", 0}, {"  normal  ", 0}};
  std::string text = kHeader;
  std::vector<std::int64_t> expected;
  std::vector<std::int8_t> want;
  for (std::size_t i = 0; i < spellings.size(); ++i) {
    text += row(static_cast<std::int64_t>(i), spellings[i].first);
    expected.push_back(static_cast<std::int64_t>(i));
    want.push_back(static_cast<std::int8_t>(spellings[i].second));
  }
  spit(path_, text);
  EXPECT_EQ(read_round_labels(path_, expected), want);
}

TEST_F(RoundFile, ParseLabelRejectsOtherWords) {
  EXPECT_EQ(parse_label(" Normal "), std::optional<std::int8_t>(0));
  EXPECT_EQ(parse_label("ANOMALY"), std::optional<std::int8_t>(1));
  for (const char* text : {"", " ", "2", "yes", "true", "anomal", "0.0", "01", "nor mal"})
    EXPECT_FALSE(parse_label(text).has_value()) << text;
}

TEST_F(RoundFile, AcceptsCrlfAndCrLineEndsAndAByteOrderMark) {
  write_filled();
  const auto lf = slurp(path_);
  for (const auto& text : {replace_all(lf, "\n", "\r\n"), replace_all(lf, "\n", "\r"), "\xEF\xBB\xBF" + lf}) {
    spit(path_, text);
    EXPECT_EQ(read_round_labels(path_, {10, 11, 12, 13, 14}), (std::vector<std::int8_t>{0, 1, 0, 1, 0}));
  }
}

TEST_F(RoundFile, CrlfFileStillReportsTheRightLine) {
  spit(path_, replace_all("# c\n" + kHeader + row(1, "1") + row(2, "x"), "\n", "\r\n"));
  EXPECT_NE(read_error({1, 2}, 4, "label").find("'x' is not a label"), std::string::npos);
}

TEST_F(RoundFile, FindsColumnsByNameWhenASpreadsheetReordersThem) {
  spit(path_,
       "Label\tnote\t\"Window\"\twhere\n"
       "anomaly\tlooked twice\t21\tapp.log\n"
       "0\t\t20\tapp.log\n");
  EXPECT_EQ(read_round_labels(path_, {20, 21}), (std::vector<std::int8_t>{0, 1}));
}

TEST_F(RoundFile, IgnoresOtherColumnsRowOrderAndCommentAndBlankLinesAnywhere) {
  spit(path_, "\n# top\n" + kHeader + "\n" + row(2, "1") + "  # a note\n\t\t\t\n" +
                  "1\tedited where\tnot a time\tnot a p\t\t\t\t0\n\n");
  EXPECT_EQ(read_round_labels(path_, {1, 2}), (std::vector<std::int8_t>{0, 1}));
}

TEST_F(RoundFile, ReadingLeavesTheFileAsItWas) {
  spit(path_, kHeader + row(1, "1") + row(2, ""));
  const auto before = slurp(path_);
  EXPECT_THROW(read_round_labels(path_, {1, 2}), InputError);
  EXPECT_EQ(slurp(path_), before);
}

TEST_F(RoundFile, EmptyLabelIsAnErrorAtItsLine) {
  write_round_file(path_, {1, 1, "next"}, sample_rows(10, 2));
  const auto text = fill(slurp(path_), {{10, "1"}});
  spit(path_, text);
  const auto line = split(text.substr(0, text.find("\n11\t") + 1), '\n').size();  // window 11's line
  EXPECT_EQ(line, 8u);  // 5 comment lines, the header, window 10
  EXPECT_NE(read_error({10, 11}, line, "label").find("window 11 has no label"), std::string::npos);
}

TEST_F(RoundFile, UnknownLabelIsAnErrorWithASuggestion) {
  spit(path_, kHeader + row(1, "anomoly"));
  const auto msg = read_error({1}, 2, "label");
  EXPECT_NE(msg.find("'anomoly' is not a label"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'anomaly'"), std::string::npos) << msg;
}

TEST_F(RoundFile, MalformedWindowIdIsAnError) {
  for (const std::string id : {"12a", "1.0", "0x1", "", "99999999999999999999"}) {
    spit(path_, kHeader + row(1, "1") + id + "\tw\t0\t0\tr\tt\t\t1\n");
    const auto msg = read_error({1}, 3, "window");
    EXPECT_TRUE(msg.find("is not a window id") != std::string::npos || msg.find("no window id") != std::string::npos)
        << id << ": " << msg;
  }
}

TEST_F(RoundFile, WindowIdNotInTheRoundIsAnError) {
  spit(path_, kHeader + row(1, "1") + row(7, "0"));
  EXPECT_NE(read_error({1}, 3, "window").find("window 7 is not one of this round's windows"), std::string::npos);
}

TEST_F(RoundFile, WindowGivenTwiceNamesTheLineOfTheFirst) {
  spit(path_, "# c\n" + kHeader + row(1, "1") + row(2, "0") + row(1, "0"));
  EXPECT_NE(read_error({1, 2}, 5, "window").find("window 1 is given twice (first on line 3)"), std::string::npos);
}

TEST_F(RoundFile, RowWithFewerColumnsThanTheHeaderNeedsIsAnError) {
  spit(path_, kHeader + row(1, "1") + "2\tapp.log:1-20\t5\n");
  EXPECT_NE(read_error({1, 2}, 3, "label").find("the row has 3 columns, the header needs 8"), std::string::npos);
  spit(path_, "label\twhere\twindow\n1\tx\t1\n0\tx\n");
  EXPECT_NE(read_error({1, 2}, 3, "window").find("the row has 2 columns, the header needs 3"), std::string::npos);
}

TEST_F(RoundFile, SeveralBadRowsReportTheFirstAndHowManyInAll) {
  spit(path_, kHeader + row(1, "1") + row(2, "") + row(3, "maybe") + row(9, "1"));
  const auto msg = read_error({1, 2, 3}, 3, "label");
  EXPECT_NE(msg.find("window 2 has no label"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the first of 3 bad rows"), std::string::npos) << msg;
}

TEST_F(RoundFile, ExpectedWindowsWithoutARowListTenIdsAndHowMany) {
  spit(path_, kHeader + row(0, "1") + row(1, "0"));
  std::vector<std::int64_t> expected;
  for (std::int64_t w = 0; w < 15; ++w) expected.push_back(w);
  const auto msg = read_error(expected, 0, "");
  EXPECT_NE(msg.find("13 of the 15 windows of this round have no row: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 3 more"),
            std::string::npos)
      << msg;
  EXPECT_EQ(msg.find(", 12"), std::string::npos) << msg;
}

TEST_F(RoundFile, MissingHeaderRowIsAnErrorAtTheFile) {
  for (const std::string text : {"", "# only comments\n\n", "\xEF\xBB\xBF"}) {
    spit(path_, text);
    EXPECT_NE(read_error({1}, 0, "").find("no header row"), std::string::npos);
  }
}

TEST_F(RoundFile, WrongHeaderRowIsAnErrorAtTheFile) {
  spit(path_, "# c\n" + row(1, "1"));  // the header row was deleted
  EXPECT_NE(read_error({1}, 0, "").find("line 2 should be the header row"), std::string::npos);
  spit(path_, "window\twhere\tlabels\n1\tx\t1\n");
  EXPECT_NE(read_error({1}, 0, "").find("has no 'label' column"), std::string::npos);
  spit(path_, "label\twindow\tlabel\n1\t1\t1\n");
  EXPECT_NE(read_error({1}, 0, "").find("names 'label' twice"), std::string::npos);
  spit(path_, "window,where,label\n1,x,1\n");
  EXPECT_NE(read_error({1}, 0, "").find("comma separated"), std::string::npos);
}

TEST_F(RoundFile, MissingFileIsAnInputErrorNamingIt) {
  path_ = dir_ + "/round-9.tsv";
  EXPECT_NE(read_error({1}, 0, "").find("cannot open the round file"), std::string::npos);
}

}  // namespace
}  // namespace logsweep
