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
  auto map = StrategyMap::with_default_rows();
  auto plan = snapshot ? import_plan(map, *snapshot, &error) : std::nullopt;
  if (!plan) {
    if (why) *why = {pb::MALFORMED, error};
    return std::nullopt;
  }
  if (auto failed = apply_import(map, *plan)) {
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
  const auto map = testing::sample_map();  // everything at clock 1
  auto imported = import(map_json(map));
  ASSERT_TRUE(imported);
  EXPECT_EQ(imported->state_hash(), map.state_hash());
  EXPECT_EQ(imported->clock(), 1u);
  EXPECT_EQ(imported->risks().size(), 2u);
  EXPECT_EQ(imported->measures().size(), 3u);
  EXPECT_EQ(imported->element("out")->author(), "Alice");  // kept, not restamped
  auto again = import(map_json(*imported));
  ASSERT_TRUE(again);
  EXPECT_EQ(map_json(*again), map_json(map));
}

// A room edited over many clocks: records last changed at different clocks, a default
// row removed, one left untouched (changed_clock 0), a card deleted (its clock still
// counts), clocks in between where nothing survives.
TEST(Import, KeepsTheClockOfTheMapAndOfEveryRecord) {
  auto map = testing::sample_map();
  auto at = [&](std::uint64_t clock, std::vector<pb::Op> ops) {
    ASSERT_FALSE(map.apply(ops, ApplyContext{clock, nullptr}));
  };
  pb::Element moved;
  moved.set_id("proc");
  moved.mutable_position()->set_x(400);
  at(4, {ops::patch(moved, {pb::Element::kPositionFieldNumber})});
  at(5, {ops::remove(pb::ROW, "culture")});
  at(6, {ops::put(testing::element("gone", "processes", 900, 700))});
  pb::Risk rated;
  rated.set_id("r2");
  rated.set_likelihood(5);
  at(9, {ops::patch(rated, {pb::Risk::kLikelihoodFieldNumber})});
  at(12, {ops::remove(pb::ELEMENT, "gone")});
  ASSERT_EQ(map.row("leadership")->changed_clock(), 0u);
  ASSERT_EQ(map.clock(), 12u);

  std::string error;
  auto snapshot = parse_map_json(map_json(map), &error);
  ASSERT_TRUE(snapshot) << error;
  auto fresh = StrategyMap::with_default_rows();
  auto plan = import_plan(fresh, *snapshot, &error);
  ASSERT_TRUE(plan) << error;
  EXPECT_EQ(plan->clock, 12u);
  EXPECT_EQ(plan->at(4).size(), 1u);  // proc restamped
  EXPECT_TRUE(plan->at(7).empty());
  std::vector<std::uint64_t> logged;
  ASSERT_FALSE(apply_import(fresh, *plan, [&](std::uint64_t c, std::vector<pb::Op>&) { logged.push_back(c); }));
  ASSERT_EQ(logged.size(), 12u);  // one change per clock, no gaps
  EXPECT_EQ(logged.front(), 1u);
  EXPECT_EQ(logged.back(), 12u);
  EXPECT_EQ(fresh.element("proc")->changed_clock(), 4u);
  EXPECT_EQ(fresh.risk("r2")->changed_clock(), 9u);
  EXPECT_EQ(fresh.row("leadership")->changed_clock(), 0u);
  EXPECT_EQ(fresh.row("culture"), nullptr);
  EXPECT_EQ(fresh.state_hash(), map.state_hash());
  EXPECT_EQ(map_json(fresh), map_json(map));
}

TEST(Import, RefusesAClockBeyondTheBound) {
  Rejection why;
  EXPECT_FALSE(import(R"({"clock": "99999999999"})", &why));
  EXPECT_NE(why.detail.find("beyond"), std::string::npos) << why.detail;
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
