// Import of a JSON export: the same map comes back, a re-export is a fixed point, and
// bad files are refused with a reason before anything changes.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "report/formats.h"
#include "sample_map.h"

namespace pss::report {
namespace {

// What `pss-server import` does to a new room.
std::optional<StrategyMap> import(const std::string& json, Rejection* why = nullptr) {
  std::string error;
  auto snapshot = parse_map_json(json, &error);
  if (!snapshot) {
    if (why) *why = {pb::MALFORMED, error};
    return std::nullopt;
  }
  auto map = StrategyMap::with_default_rows();
  if (auto failed = map.apply(import_ops(map, *snapshot), ApplyContext{1, nullptr})) {
    if (why) *why = *failed;
    return std::nullopt;
  }
  return map;
}

TEST(MapJson, ParsesBackToTheSameSnapshot) {
  const auto map = testing::sample_map();
  std::string error;
  auto parsed = parse_map_json(map_json(map), &error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->SerializeAsString(), map.snapshot_bytes());
}

TEST(Import, GivesTheExportedMapAtClockOne) {
  const auto map = testing::sample_map();
  auto imported = import(map_json(map));
  ASSERT_TRUE(imported);
  auto expected = StrategyMap::from_snapshot(as_imported(map.snapshot()), Limits{});
  ASSERT_TRUE(expected);
  EXPECT_EQ(imported->state_hash(), expected->state_hash());
  EXPECT_EQ(imported->risks().size(), 2u);
  EXPECT_EQ(imported->measures().size(), 3u);
  EXPECT_EQ(imported->element("out")->author(), "Alice");  // kept, not restamped
  // Export and import again: the same state hash and the same file.
  auto again = import(map_json(*imported));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->state_hash(), imported->state_hash());
  EXPECT_EQ(map_json(*again), map_json(*imported));
}

TEST(Import, DropsDefaultRowsTheExportDoesNotHave) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(map.apply_one(ops::remove(pb::ROW, "culture"), ApplyContext{1, nullptr}));
  auto imported = import(map_json(map));
  ASSERT_TRUE(imported);
  EXPECT_EQ(imported->row("culture"), nullptr);
  EXPECT_EQ(imported->rows().size(), 7u);
}

TEST(Import, RefusesBadFilesWithAReason) {
  Rejection why;
  EXPECT_FALSE(import("not json", &why));
  EXPECT_NE(why.detail.find("not a map export"), std::string::npos) << why.detail;
  EXPECT_FALSE(import(R"({"elements": [{"id": "a", "colour": 3}]})", &why));  // unknown field
  EXPECT_FALSE(import(R"({"risks": [{"id": "r", "targetType": "ELEMENT", "target": "ghost",
                                     "likelihood": 2, "impact": 2}]})",
                      &why));
  EXPECT_EQ(why.reason, pb::NOT_FOUND);
  EXPECT_FALSE(import(R"({"elements": [{"id": "a", "kind": "PROCESS", "row": "processes"}],
                          "risks": [{"id": "r", "targetType": "ELEMENT", "target": "a",
                                     "likelihood": 9, "impact": 2}]})",
                      &why));
  EXPECT_EQ(why.reason, pb::OUT_OF_BOUNDS);
}

TEST(Import, TheSampleMapInAssetsIsAFullMap) {
  std::ifstream in(std::string(PSS_ASSETS_DIR) + "/stop-smoking-service.json");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  Rejection why;
  auto map = import(text.str(), &why);
  ASSERT_TRUE(map) << why.detail;
  EXPECT_GE(map->elements().size(), 15u);
  EXPECT_GE(map->links().size(), 15u);
  EXPECT_GE(map->risks().size(), 3u);
  EXPECT_GE(map->measures().size(), 5u);
  EXPECT_GE(scorecard_csv(*map).size(), 500u);
}

}  // namespace
}  // namespace pss::report
