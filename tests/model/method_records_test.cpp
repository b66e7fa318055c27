// Risks and measures through StrategyMap: put, patch, remove, validation, the cascade
// when their target goes, rollback, snapshots and catch-up, like cards.
#include "model/method_records.h"

#include <gtest/gtest.h>

#include <cmath>

#include "../method/method_fixtures.h"

namespace pss {
namespace {

using namespace pss::testing;

class MethodRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(push(
        map,
        {put(element("cap", "people", 0, 900)), put(element("proc", "processes", 0, 700)),
         put(element("out", "user-outcomes", 0, 300)), put_link("l1", "cap", "proc"), put_link("l2", "proc", "out")},
        1));
  }
  Check at(std::uint64_t clock, std::vector<pb::Op> ops, std::vector<pb::Op>* applied = nullptr) {
    return push(map, std::move(ops), clock, applied);
  }
  StrategyMap map = StrategyMap::with_default_rows();
};

TEST_F(MethodRecordsTest, PutStampsAuthorAndClock) {
  ASSERT_FALSE(at(2, {put(risk("r1", "proc", 4, 5)), put(measure("m1", "out", pb::HIGHER_IS_BETTER, 50, 30))}));
  ASSERT_NE(map.risk("r1"), nullptr);
  EXPECT_EQ(map.risk("r1")->author(), "Alice");
  EXPECT_EQ(map.risk("r1")->changed_clock(), 2u);
  EXPECT_EQ(map.measure("m1")->author(), "Alice");
  const auto s = map.snapshot();
  ASSERT_EQ(s.risks_size(), 1);
  ASSERT_EQ(s.measures_size(), 1);
}

TEST_F(MethodRecordsTest, RefusesBadValuesWithReasons) {
  struct Case {
    pb::Op op;
    pb::Reason reason;
  };
  auto bad_target_type = risk("r", "proc", 1, 1);
  bad_target_type.set_target_type(pb::ROW);
  auto bad_threshold = measure("m", "out", pb::HIGHER_IS_BETTER, 10, 20);  // green below amber
  auto bad_lower = measure("m", "out", pb::LOWER_IS_BETTER, 20, 10);
  auto bad_date = measure("m", "out", pb::HIGHER_IS_BETTER, 2, 1, {{"2025-02-30", 1}});
  auto nan_value = measure("m", "out", pb::HIGHER_IS_BETTER, 2, 1, {{"2025-02-03", std::nan("")}});
  auto long_name = measure("m", "out", pb::HIGHER_IS_BETTER, 2, 1);
  long_name.set_name(std::string(600, 'x'));
  auto too_many = measure("m", "out", pb::HIGHER_IS_BETTER, 2, 1);
  for (int i = 0; i < 501; ++i) {
    auto* v = too_many.add_values();
    v->set_date("2025-01-01");
  }
  const Case cases[] = {
      {put(risk("r", "proc", 0, 3)), pb::OUT_OF_BOUNDS},
      {put(risk("r", "proc", 3, 6)), pb::OUT_OF_BOUNDS},
      {put(risk("r", "nope", 3, 3)), pb::NOT_FOUND},
      {put(risk("r", "proc", 3, 3, pb::LINK)), pb::NOT_FOUND},  // proc is a card, not an arrow
      {put(bad_target_type), pb::INVALID_VALUE},
      {put(bad_threshold), pb::INVALID_VALUE},
      {put(bad_lower), pb::INVALID_VALUE},
      {put(bad_date), pb::INVALID_VALUE},
      {put(nan_value), pb::INVALID_VALUE},
      {put(long_name), pb::TOO_LONG},
      {put(too_many), pb::TOO_MANY},
      {put(measure("m", "ghost", pb::HIGHER_IS_BETTER, 2, 1)), pb::NOT_FOUND},
  };
  for (const auto& c : cases) {
    auto failed = at(2, {c.op});
    ASSERT_TRUE(failed) << c.op.ShortDebugString();
    EXPECT_EQ(failed->reason, c.reason) << failed->detail;
  }
  EXPECT_TRUE(map.risks().empty());
  EXPECT_TRUE(map.measures().empty());
}

TEST_F(MethodRecordsTest, PatchIsPerFieldAndChecksThresholdsTogether) {
  ASSERT_FALSE(at(2, {put(measure("m1", "out", pb::HIGHER_IS_BETTER, 50, 30))}));
  pb::Measure v;
  v.set_id("m1");
  v.add_values()->set_date("2025-03-01");
  v.mutable_values(0)->set_value(42);
  std::vector<pb::Op> applied;
  ASSERT_FALSE(at(3, {ops::patch(v, {pb::Measure::kValuesFieldNumber})}, &applied));
  EXPECT_EQ(map.measure("m1")->values_size(), 1);
  EXPECT_EQ(map.measure("m1")->green(), 50);  // untouched
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].patch().value().measure().values(0).value(), 42);

  pb::Measure t;
  t.set_id("m1");
  t.set_amber(60);  // above green while higher is better
  auto failed = at(4, {ops::patch(t, {pb::Measure::kAmberFieldNumber})});
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::INVALID_VALUE);
  t.set_direction(pb::LOWER_IS_BETTER);  // with the direction flipped it is consistent
  t.set_green(20);
  EXPECT_FALSE(at(4, {ops::patch(t, {pb::Measure::kAmberFieldNumber, pb::Measure::kGreenFieldNumber,
                                     pb::Measure::kDirectionFieldNumber})}));

  pb::Measure ro;
  ro.set_id("m1");
  failed = at(5, {ops::patch(ro, {pb::Measure::kAuthorFieldNumber})});
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::READ_ONLY_FIELD);
}

TEST_F(MethodRecordsTest, PatchMovingARiskReindexesIt) {
  ASSERT_FALSE(at(2, {put(risk("r1", "proc", 2, 2))}));
  pb::Risk moved;
  moved.set_id("r1");
  moved.set_target_type(pb::LINK);
  moved.set_target("l2");
  ASSERT_FALSE(at(3, {ops::patch(moved, {pb::Risk::kTargetTypeFieldNumber, pb::Risk::kTargetFieldNumber})}));
  // Removing the card it was on leaves it; removing its arrow takes it.
  ASSERT_FALSE(at(4, {remove(pb::ELEMENT, "cap")}));
  EXPECT_NE(map.risk("r1"), nullptr);
  ASSERT_FALSE(at(5, {remove(pb::LINK, "l2")}));
  EXPECT_EQ(map.risk("r1"), nullptr);
}

TEST_F(MethodRecordsTest, RemovingAnElementCascadesExplicitly) {
  auto mitigated = risk("r-other", "out", 3, 3);
  mitigated.set_mitigated_by("proc");
  ASSERT_FALSE(at(2, {put(risk("r-card", "proc", 2, 2)), put(risk("r-arrow", "l1", 4, 4, pb::LINK)),
                      put(measure("m1", "proc", pb::HIGHER_IS_BETTER, 2, 1)), put(mitigated)}));
  StrategyMap replica = map;
  std::vector<pb::Op> applied;
  ASSERT_FALSE(at(3, {remove(pb::ELEMENT, "proc")}, &applied));
  EXPECT_EQ(map.risk("r-card"), nullptr);
  EXPECT_EQ(map.risk("r-arrow"), nullptr);
  EXPECT_EQ(map.measure("m1"), nullptr);
  ASSERT_NE(map.risk("r-other"), nullptr);
  EXPECT_EQ(map.risk("r-other")->mitigated_by(), "");
  EXPECT_EQ(map.risk("r-other")->changed_clock(), 3u);
  std::string kinds;
  for (const auto& op : applied) kinds += op.has_remove() ? "R" : op.has_patch() ? "P" : "?";
  EXPECT_EQ(kinds, "RRRRRPR");  // risk on card, measure, risk on arrow, 2 arrows, mitigation, card
  // A replica applying the ops as applied reaches the same state.
  ASSERT_FALSE(replica.apply(applied, ApplyContext{3, nullptr}));
  EXPECT_EQ(replica.state_hash(), map.state_hash());
}

TEST_F(MethodRecordsTest, FailedPushRollsBackRisksAndMeasures) {
  ASSERT_FALSE(at(2, {put(risk("r1", "proc", 2, 2)), put(measure("m1", "proc", pb::HIGHER_IS_BETTER, 2, 1))}));
  const std::string before = map.state_hash();
  auto failed = at(3, {remove(pb::ELEMENT, "proc"), put(risk("r2", "ghost", 1, 1))});
  ASSERT_TRUE(failed);
  EXPECT_EQ(map.state_hash(), before);
  ASSERT_NE(map.risk("r1"), nullptr);
  ASSERT_NE(map.measure("m1"), nullptr);
  // The indexes are whole again: removing the card now takes its risk and measure.
  ASSERT_FALSE(at(4, {remove(pb::ELEMENT, "proc")}));
  EXPECT_TRUE(map.risks().empty());
  EXPECT_TRUE(map.measures().empty());
}

TEST_F(MethodRecordsTest, SnapshotRoundTripAndCatchUp) {
  ASSERT_FALSE(at(2, {put(risk("r1", "proc", 2, 2)), put(measure("m1", "out", pb::LOWER_IS_BETTER, 1, 2))}));
  StrategyMap behind = map;
  ASSERT_FALSE(at(3, {remove(pb::RISK, "r1"), put(risk("r2", "l1", 5, 5, pb::LINK))}));
  ASSERT_FALSE(at(4, {remove(pb::MEASURE, "m1")}));

  auto copy = StrategyMap::from_snapshot(map.snapshot(), Limits{});
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->state_hash(), map.state_hash());
  EXPECT_EQ(map.snapshot().SerializeAsString(), map.snapshot_bytes());

  auto changes = map.changes_since(2);
  ASSERT_TRUE(changes);
  ASSERT_FALSE(behind.apply_catch_up(*changes, 4));
  EXPECT_EQ(behind.state_hash(), map.state_hash());
}

TEST_F(MethodRecordsTest, RemoveOfMissingRiskIsNotFound) {
  auto failed = at(2, {remove(pb::RISK, "nope")});
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::NOT_FOUND);
  failed = at(2, {remove(pb::MEASURE, "bad id!")});
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::INVALID_VALUE);
}

TEST_F(MethodRecordsTest, CapsTheNumberOfRisks) {
  Limits limits;
  limits.max_risks = 1;
  auto small = StrategyMap::with_default_rows(limits);
  ASSERT_FALSE(push(small, {put(element("a"))}, 1));
  ASSERT_FALSE(push(small, {put(risk("r1", "a", 1, 1))}, 2));
  auto failed = push(small, {put(risk("r2", "a", 1, 1))}, 3);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::TOO_MANY);
}

TEST(DateTest, ValidDates) {
  EXPECT_TRUE(is_valid_date("2024-02-29"));
  EXPECT_FALSE(is_valid_date("2023-02-29"));
  EXPECT_FALSE(is_valid_date("2023-13-01"));
  EXPECT_FALSE(is_valid_date("2023-1-01"));
  EXPECT_FALSE(is_valid_date(""));
}

}  // namespace
}  // namespace pss
