// Every entry of the family table (core/logs/log_families.cpp) reads its own example lines: a
// new family is tested here by being in the table; its specific rules get their own test.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/logs/log_families.hpp"
#include "core/util/errors.hpp"
#include "logs/reader_test_util.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

std::size_t count_lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

TEST(LogFamilies, NamesAreUniqueTheReaderFormatsAndTheFormatDoc) {
  std::set<std::string> seen;
  std::vector<std::string> names;
  for (const auto& f : log_families()) {
    EXPECT_TRUE(seen.insert(f.name).second) << f.name << " twice";
    names.push_back(f.name);
  }
  EXPECT_EQ(reader_formats(), names);
  std::string choices;
  for (const auto& n : names) choices += (choices.empty() ? "" : " | ") + n;
  EXPECT_EQ(log_family_choices(), choices);
  EXPECT_EQ(names.back(), "generic") << "generic (the user's layout) is listed last";
  EXPECT_THROW(find_log_family("hfds"), ConfigError);
}

class LogFamilyExample : public ::testing::TestWithParam<LogFamily> {};

TEST_P(LogFamilyExample, ReadsAsOneRecordPerLineFirstAnomalous) {
  const LogFamily& f = GetParam();
  ASSERT_FALSE(f.example.empty()) << "every family needs example lines (fuzz seeds, this test)";
  testing::TempDir dir;
  std::string body = f.example;
  ReaderSpec spec = testing::spec_for(f.name, "");
  if (f.line_format.empty()) {  // generic: the first line is the format
    spec.line_format = body.substr(0, body.find('\n'));
    body = body.substr(body.find('\n') + 1);
    spec.label_field = "Level";
    spec.label_regex = "ERROR";
  }
  spec.path = dir.write("example.log", body);
  spec.strict = true;  // a malformed example line fails here with its reason
  const auto r = testing::read_all(spec);
  ASSERT_EQ(r.records.size(), count_lines(body));
  const bool labelled =
      f.label == LabelRuleKind::AlertTag || f.label == LabelRuleKind::FieldEquals || !spec.label_field.empty();
  for (std::size_t i = 0; i < r.records.size(); ++i) {
    const auto& rec = r.records[i];
    EXPECT_EQ(rec.label, labelled && i == 0 ? 1 : 0) << "line " << i + 1;
    EXPECT_FALSE(rec.content.empty()) << "line " << i + 1;
    if (f.session != SessionRule::None) {
      EXPECT_FALSE(rec.session.empty()) << "line " << i + 1;
    }
    if (f.time != TimeRule::None) {
      EXPECT_GT(rec.timestamp, 1000000000) << "line " << i + 1;  // after 2001
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryFamily, LogFamilyExample, ::testing::ValuesIn(log_families()),
                         [](const ::testing::TestParamInfo<LogFamily>& p) { return p.param.name; });

}  // namespace
}  // namespace logsweep
