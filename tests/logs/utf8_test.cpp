// utf8_escaped / is_valid_utf8 on hand-picked byte sequences (RFC 3629 table, Unicode 15 table 3-7).
#include "core/logs/utf8.hpp"

#include <gtest/gtest.h>

namespace logsweep {
namespace {

TEST(Utf8, ValidTextComesBackUnchanged) {
  for (const std::string s : {"", "plain ascii", "caf\xc3\xa9", "\xe2\x82\xac 20", "\xf0\x9f\x98\x80", "\xef\xbf\xbf",
                              "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf"}) {
    EXPECT_TRUE(is_valid_utf8(s)) << s;
    EXPECT_EQ(utf8_escaped(s), s);
  }
}

TEST(Utf8, EachInvalidByteBecomesBackslashXHex) {
  EXPECT_EQ(utf8_escaped("a\xff" "b"), "a\\xffb");                      // never valid
  EXPECT_EQ(utf8_escaped("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(utf8_escaped("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");           // overlong, 3 bytes
  EXPECT_EQ(utf8_escaped("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // surrogate U+D800
  EXPECT_EQ(utf8_escaped("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(utf8_escaped("\xe2\x82"), "\\xe2\\x82");                    // truncated at the end
  EXPECT_EQ(utf8_escaped("\xe2\x82z"), "\\xe2\\x82z");                  // truncated before ASCII
  EXPECT_EQ(utf8_escaped("\x80\xc3\xa9"), "\\x80\xc3\xa9");             // stray continuation, then a valid one
  for (const std::string s : {"a\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82"}) {
    EXPECT_FALSE(is_valid_utf8(s));
    EXPECT_TRUE(is_valid_utf8(utf8_escaped(s)));
    EXPECT_EQ(utf8_escaped(utf8_escaped(s)), utf8_escaped(s)) << "escaping twice changes nothing more";
  }
}

}  // namespace
}  // namespace logsweep
