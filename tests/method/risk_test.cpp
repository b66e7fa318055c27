#include "method/risk.h"

#include <gtest/gtest.h>

#include "method_fixtures.h"

namespace pss::method {
namespace {

using namespace pss::testing;

TEST(RiskRating, IsLikelihoodTimesImpact) {
  EXPECT_EQ(risk_rating(1, 1), 1);
  EXPECT_EQ(risk_rating(3, 4), 12);
  EXPECT_EQ(risk_rating(5, 5), 25);
  EXPECT_EQ(risk_rating(0, 5), 0);
  EXPECT_EQ(risk_rating(6, 1), 0);
}

TEST(RiskRating, BandsAtTheirEdges) {
  EXPECT_EQ(risk_band(0), Rag::none);
  EXPECT_EQ(risk_band(1), Rag::green);
  EXPECT_EQ(risk_band(4), Rag::green);
  EXPECT_EQ(risk_band(5), Rag::amber);
  EXPECT_EQ(risk_band(12), Rag::amber);
  EXPECT_EQ(risk_band(15), Rag::red);
  EXPECT_EQ(risk_band(25), Rag::red);
  EXPECT_EQ(risk_band(risk("r", "a", 2, 2)), Rag::green);
  EXPECT_EQ(risk_band(risk("r", "a", 5, 3)), Rag::red);
}

TEST(RiskOverlay, HighestOpenRiskPerCardAndArrow) {
  auto closed = risk("r4", "a", 5, 5);
  closed.set_status(pb::RISK_STATUS_CLOSED);
  const auto map = map_of({put(element("a")), put(element("b", "people", 0, 900)), put_link("l", "b", "a"),
                           put(risk("r1", "a", 1, 2)), put(risk("r2", "a", 3, 4)), put(closed),
                           put(risk("r3", "l", 5, 4, pb::LINK))});
  const auto cards = risks_by_target(map, pb::ELEMENT);
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_EQ(cards.at("a").count, 2);  // the closed one does not count
  EXPECT_EQ(cards.at("a").highest, 12);
  EXPECT_EQ(cards.at("a").band, Rag::amber);
  const auto arrows = risks_by_target(map, pb::LINK);
  EXPECT_EQ(arrows.at("l").band, Rag::red);

  const auto matrix = risk_matrix(map);
  ASSERT_EQ(matrix.size(), 5u);
  EXPECT_EQ(matrix[2][3], std::vector<std::string>{"r2"});
  EXPECT_EQ(matrix[4][3], std::vector<std::string>{"r3"});
  EXPECT_TRUE(matrix[4][4].empty());  // closed
  EXPECT_EQ(risk_targets(map, {"r2", "r3", "nope"}), (std::set<std::string>{"a", "l"}));
}

}  // namespace
}  // namespace pss::method
