// "Did you mean": edit distance with swaps, and only plausible typos suggested.

#include <gtest/gtest.h>

#include "explorer/closest_name.h"

namespace archex::explore {
namespace {

TEST(ClosestName, EditDistanceCountsASwapOnce) {
  EXPECT_EQ(edit_distance("show", "show"), 0);
  EXPECT_EQ(edit_distance("shwo", "show"), 1);
  EXPECT_EQ(edit_distance("--trails", "--trials"), 1);
  EXPECT_EQ(edit_distance("lst", "list"), 1);
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
}

TEST(ClosestName, SuggestsOnlyCloseNames) {
  const std::vector<std::string> commands{"run", "resume", "list", "show", "export"};
  EXPECT_EQ(closest_name("shwo", commands), "show");
  EXPECT_EQ(closest_name("resum", commands), "resume");
  EXPECT_FALSE(closest_name("frobnicate", commands));
  EXPECT_FALSE(closest_name("x", {"y"}));  // one letter is no evidence
}

}  // namespace
}  // namespace archex::explore
