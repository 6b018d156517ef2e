#include "experiments/terminal_text.h"

#include <gtest/gtest.h>

namespace archex::exp {
namespace {

TEST(PrintableText, PlainTextAndUtf8StayAsTheyAre) {
  EXPECT_EQ(printable_text("field 'name': x"), "field 'name': x");
  EXPECT_EQ(printable_text("area 6.8 mm² — 東京 🙂"), "area 6.8 mm² — 東京 🙂");
  EXPECT_EQ(printable_text("two\nlines\tand a tab"), "two\nlines\tand a tab");
}

TEST(PrintableText, ControlBytesAreEscaped) {
  EXPECT_EQ(printable_text("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(printable_text(std::string("nul\0byte", 8)), "nul\\x00byte");
  EXPECT_EQ(printable_text("bell\a del\x7f cr\r"), "bell\\x07 del\\x7f cr\\x0d");
}

TEST(PrintableText, BytesThatAreNotUtf8AreEscaped) {
  EXPECT_EQ(printable_text("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(printable_text("cut \xe6\x9d"), "cut \\xe6\\x9d");         // a truncated sequence
  EXPECT_EQ(printable_text("\xc0\xaf"), "\\xc0\\xaf");                 // an overlong '/'
  EXPECT_EQ(printable_text("\xed\xa0\x80"), "\\xed\\xa0\\x80");        // a UTF-16 surrogate
  EXPECT_EQ(printable_text("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
}

TEST(PrintableText, ABackslashBeforeXCannotBeMistakenForAnEscape) {
  EXPECT_EQ(printable_text("C:\\x1b"), "C:\\\\x1b");
  EXPECT_EQ(printable_text("a\\b"), "a\\b");
}

}  // namespace
}  // namespace archex::exp
