// The grid ETA applies each optimizer's own rate to its remaining trials.

#include <gtest/gtest.h>

#include "experiments/grid_eta.h"

namespace archex::exp {
namespace {

TEST(GridEta, EachOptimizerItsOwnRate) {
  // random: 100 trials in 1 s; mbo: 10 trials in 10 s. Left after both are
  // timed: mbo's remaining 90 trials (1 s each) + a second random cell
  // (100 trials at 0.01 s).
  GridEta eta({{"random", 100}, {"mbo", 100}, {"random", 100}});
  eta.update(0, 0, 0.0);
  EXPECT_FALSE(eta.seconds_left());
  eta.update(0, 100, 1.0);
  ASSERT_TRUE(eta.seconds_left());
  EXPECT_TRUE(eta.has_untimed());  // mbo not timed yet: assumed as slow as random
  EXPECT_NEAR(*eta.seconds_left(), 100 * 0.01 + 100 * 0.01, 1e-9);
  eta.update(1, 0, 1.0);
  eta.update(1, 10, 11.0);
  EXPECT_FALSE(eta.has_untimed());
  EXPECT_NEAR(*eta.seconds_left(), 90 * 1.0 + 100 * 0.01, 1e-9);
}

TEST(GridEta, AResumedCellIsTimedFromWhereItStood) {
  GridEta eta({{"evolution", 500}});
  eta.update(0, 400, 100.0);  // 400 trials from an earlier run: no time information
  EXPECT_FALSE(eta.seconds_left());
  eta.update(0, 450, 105.0);
  EXPECT_NEAR(*eta.seconds_left(), 50 * 0.1, 1e-9);
}

}  // namespace
}  // namespace archex::exp
