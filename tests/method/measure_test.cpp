#include "method/measure.h"

#include <gtest/gtest.h>

#include "method_fixtures.h"

namespace pss::method {
namespace {

using namespace pss::testing;

TEST(MeasureStatus, HigherIsBetterThresholds) {
  const auto m = measure("m", "a", pb::HIGHER_IS_BETTER, 50, 30);
  EXPECT_EQ(status_of(m, 60), Rag::green);
  EXPECT_EQ(status_of(m, 50), Rag::green);
  EXPECT_EQ(status_of(m, 49.9), Rag::amber);
  EXPECT_EQ(status_of(m, 30), Rag::amber);
  EXPECT_EQ(status_of(m, 29), Rag::red);
}

TEST(MeasureStatus, LowerIsBetterThresholds) {
  const auto m = measure("m", "a", pb::LOWER_IS_BETTER, 10, 20);
  EXPECT_EQ(status_of(m, 5), Rag::green);
  EXPECT_EQ(status_of(m, 10), Rag::green);
  EXPECT_EQ(status_of(m, 15), Rag::amber);
  EXPECT_EQ(status_of(m, 20), Rag::amber);
  EXPECT_EQ(status_of(m, 21), Rag::red);
}

TEST(MeasureStatus, NoDirectionOrNoValueIsNone) {
  EXPECT_EQ(status_of(measure("m", "a", pb::MEASURE_DIRECTION_UNSPECIFIED, 0, 0), 5), Rag::none);
  EXPECT_EQ(measure_status(measure("m", "a", pb::HIGHER_IS_BETTER, 2, 1)), Rag::none);
}

TEST(MeasureStatus, UsesTheLatestDateNotTheListOrder) {
  const auto m = measure("m", "a", pb::HIGHER_IS_BETTER, 50, 30, {{"2025-03-01", 20}, {"2025-01-01", 60}});
  EXPECT_EQ(latest_value(m)->date(), "2025-03-01");
  EXPECT_EQ(measure_status(m), Rag::red);
}

TEST(MeasureTrend, FollowsTheDirection) {
  EXPECT_EQ(measure_trend(measure("m", "a", pb::HIGHER_IS_BETTER, 2, 1, {{"2025-01-01", 1}, {"2025-02-01", 2}})),
            Trend::improving);
  EXPECT_EQ(measure_trend(measure("m", "a", pb::LOWER_IS_BETTER, 1, 2, {{"2025-01-01", 1}, {"2025-02-01", 2}})),
            Trend::worsening);
  EXPECT_EQ(measure_trend(measure("m", "a", pb::LOWER_IS_BETTER, 1, 2, {{"2025-02-01", 3}, {"2025-01-01", 3}})),
            Trend::steady);
  EXPECT_EQ(measure_trend(measure("m", "a", pb::LOWER_IS_BETTER, 1, 2, {{"2025-02-01", 3}})), Trend::unknown);
  EXPECT_EQ(
      measure_trend(measure("m", "a", pb::MEASURE_DIRECTION_UNSPECIFIED, 0, 0, {{"2025-01-01", 1}, {"2025-02-01", 2}})),
      Trend::unknown);
}

TEST(Scorecard, AcceptedMeasuresByRowThenPosition) {
  auto candidate = measure("m3", "p1", pb::HIGHER_IS_BETTER, 2, 1);
  candidate.set_decision(pb::CANDIDATE);
  const auto map = map_of({put(element("p1", "processes", 500, 700)), put(element("p2", "processes", 100, 700)),
                           put(element("o1", "user-outcomes", 0, 300)),
                           put(measure("m1", "p1", pb::HIGHER_IS_BETTER, 2, 1, {{"2025-01-01", 0}})),
                           put(measure("m2", "p2", pb::HIGHER_IS_BETTER, 2, 1, {{"2025-01-01", 3}})),
                           put(measure("m4", "o1", pb::LOWER_IS_BETTER, 1, 2)), put(candidate)});
  const auto rows = scorecard(map);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].measure->id(), "m4");  // outcomes first
  EXPECT_EQ(rows[1].measure->id(), "m2");  // then processes, left to right
  EXPECT_EQ(rows[2].measure->id(), "m1");
  EXPECT_EQ(rows[1].status, Rag::green);
  EXPECT_EQ(rows[2].status, Rag::red);
  const auto dots = status_by_element(map);
  EXPECT_EQ(dots.at("p1"), Rag::red);  // the candidate does not count
  EXPECT_EQ(dots.at("o1"), Rag::none);
}

}  // namespace
}  // namespace pss::method
