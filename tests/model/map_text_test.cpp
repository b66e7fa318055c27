#include "model/map_text.h"

#include <gtest/gtest.h>

#include "test_ops.h"

namespace pss {
namespace {

using namespace pss::testing;

TEST(MapText, ListsRowsTopToBottomCardsLeftToRightAndArrows) {
  auto map = StrategyMap::with_default_rows();
  auto quit = element("q", "key-outcomes", 500, 0);
  quit.set_title("Fewer people smoke");
  auto clinic = element("c", "processes", 300, 0);
  clinic.set_title("Stop-smoking clinics");
  auto outreach = element("o", "processes", 100, 0);
  outreach.set_title("Community outreach");
  ASSERT_FALSE(push(map, {put(quit), put(clinic), put(outreach), put_link("l", "c", "q")}, 1));
  const auto text = describe_map(map);
  EXPECT_NE(text.find("3 cards, 1 arrows"), std::string::npos) << text;
  EXPECT_LT(text.find("[Key (strategic) outcomes]"), text.find("[Processes"));
  EXPECT_LT(text.find("Community outreach"), text.find("Stop-smoking clinics")) << "left to right";
  EXPECT_NE(text.find("\"Stop-smoking clinics\" -> \"Fewer people smoke\""), std::string::npos) << text;
  EXPECT_NE(text.find("by Alice"), std::string::npos);
}

}  // namespace
}  // namespace pss
