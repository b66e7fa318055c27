#include "rate_limit.h"

#include <gtest/gtest.h>

namespace pss::server {
namespace {

using namespace std::chrono_literals;
using Clock = TokenBucket::Clock;

TEST(TokenBucket, BurstIsFreeThenDebtIsPaidAtTheRate) {
  const auto t0 = Clock::time_point{} + 1h;
  TokenBucket bucket(10, 20, t0);  // 10/s, burst 20
  for (int i = 0; i < 20; ++i) EXPECT_EQ(bucket.take(1, t0), Clock::duration::zero()) << i;
  EXPECT_EQ(bucket.take(1, t0), std::chrono::duration_cast<Clock::duration>(100ms));
  EXPECT_EQ(bucket.take(4, t0), std::chrono::duration_cast<Clock::duration>(500ms));
  // Half a second later the debt is paid; a second more refills 10 tokens.
  EXPECT_EQ(bucket.take(0, t0 + 500ms), Clock::duration::zero());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(bucket.take(1, t0 + 1500ms), Clock::duration::zero()) << i;
  EXPECT_GT(bucket.take(1, t0 + 1500ms), Clock::duration::zero());
}

TEST(TokenBucket, RefillStopsAtTheBurst) {
  const auto t0 = Clock::time_point{} + 1h;
  TokenBucket bucket(10, 5, t0);
  EXPECT_EQ(bucket.take(5, t0 + 1h), Clock::duration::zero());
  EXPECT_GT(bucket.take(1, t0 + 1h), Clock::duration::zero());
}

TEST(TokenBucket, TryTakeRefusesWhenEmpty) {
  const auto t0 = Clock::time_point{} + 1h;
  TokenBucket bucket(2, 2, t0);
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_FALSE(bucket.try_take(t0));
  EXPECT_TRUE(bucket.try_take(t0 + 500ms));
}

TEST(TokenBucket, ZeroRateDisablesTheLimit) {
  TokenBucket bucket(0, 0);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(bucket.take(1000, Clock::now()), Clock::duration::zero());
    EXPECT_TRUE(bucket.try_take(Clock::now()));
  }
}

}  // namespace
}  // namespace pss::server
