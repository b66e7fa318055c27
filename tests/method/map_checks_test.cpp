#include "method/map_checks.h"

#include <gtest/gtest.h>

#include "method_fixtures.h"

namespace pss::method {
namespace {

using namespace pss::testing;

std::vector<Finding> of_kind(const std::vector<Finding>& all, CheckKind kind) {
  std::vector<Finding> out;
  for (const auto& f : all)
    if (f.kind == kind) out.push_back(f);
  return out;
}

pb::Element note(const std::string& id) {
  auto e = element(id, "processes");
  e.set_kind(pb::NOTE);
  e.clear_row();
  return e;
}

// cap -> proc -> out: a well-formed chain.
std::vector<pb::Op> chain() {
  return {put(element("cap", "people", 0, 900)), put(element("proc", "processes", 0, 700)),
          put(element("out", "user-outcomes", 0, 300)), put_link("l1", "cap", "proc"), put_link("l2", "proc", "out")};
}

TEST(MapChecks, AWellFormedChainHasNoFindings) { EXPECT_TRUE(check_map(map_of(chain())).empty()); }

TEST(MapChecks, OutcomeNothingContributesTo) {
  auto ops = chain();
  ops.push_back(put(element("lonely", "key-outcomes")));
  ops.push_back(put_link("l3", "lonely", "out"));  // an arrow out of it does not help it
  const auto f = of_kind(check_map(map_of(ops)), CheckKind::orphan_outcome);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].elements, std::vector<std::string>{"lonely"});
}

TEST(MapChecks, ProcessNoCapabilitySupports) {
  auto ops = chain();
  ops.push_back(put(element("p2", "processes", 400, 700)));
  ops.push_back(put_link("l3", "proc", "p2"));  // a process feeding it is not a capability
  ops.push_back(put_link("l4", "p2", "out"));
  const auto f = of_kind(check_map(map_of(ops)), CheckKind::unsupported_process);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].elements, std::vector<std::string>{"p2"});
}

TEST(MapChecks, UnmeasuredOnlyInTheMeasurementPhase) {
  auto ops = chain();
  ops.push_back(put(measure("m1", "cap", pb::HIGHER_IS_BETTER, 2, 1)));
  auto rejected = measure("m2", "proc", pb::HIGHER_IS_BETTER, 2, 1);
  rejected.set_decision(pb::REJECTED);
  ops.push_back(put(rejected));
  const auto map = map_of(ops);
  EXPECT_TRUE(of_kind(check_map(map), CheckKind::unmeasured).empty());
  const auto f = of_kind(check_map(map, {.measurement_phase = true}), CheckKind::unmeasured);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].elements[0], "out");
  EXPECT_EQ(f[1].elements[0], "proc");
}

TEST(MapChecks, Cycles) {
  auto ops = chain();
  ops.push_back(put(element("p2", "processes", 400, 700)));
  ops.push_back(put_link("l3", "proc", "p2"));
  ops.push_back(put_link("l4", "p2", "proc"));
  const auto f = of_kind(check_map(map_of(ops)), CheckKind::cycle);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].elements, (std::vector<std::string>{"p2", "proc"}));
  EXPECT_EQ(f[0].links, (std::vector<std::string>{"l3", "l4"}));
  EXPECT_EQ(selection_of(f[0]), (std::set<std::string>{"l3", "l4", "p2", "proc"}));
}

TEST(MapChecks, LongChainWithoutCycleDoesNotOverflow) {
  std::vector<pb::Op> ops;
  for (int i = 0; i < 5000; ++i) {
    ops.push_back(put(element("e" + std::to_string(i), "processes", i, 700)));
    if (i) ops.push_back(put_link("l" + std::to_string(i), "e" + std::to_string(i - 1), "e" + std::to_string(i)));
  }
  EXPECT_TRUE(of_kind(check_map(map_of(ops)), CheckKind::cycle).empty());
  ops.push_back(put_link("back", "e4999", "e0"));
  const auto f = of_kind(check_map(map_of(ops)), CheckKind::cycle);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].elements.size(), 5000u);
}

TEST(MapChecks, ArrowsThatRunDownTheMap) {
  auto ops = chain();
  ops.push_back(put_link("down", "out", "cap"));
  const auto f = of_kind(check_map(map_of(ops)), CheckKind::downward_arrow);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].links, std::vector<std::string>{"down"});
  EXPECT_EQ(f[0].elements, (std::vector<std::string>{"out", "cap"}));
}

TEST(MapChecks, ElementsWithNoArrowsButNotNotes) {
  auto ops = chain();
  ops.push_back(put(element("alone", "resources")));
  ops.push_back(put(note("n1")));
  const auto f = of_kind(check_map(map_of(ops)), CheckKind::isolated);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].elements, std::vector<std::string>{"alone"});
  EXPECT_NE(f[0].message.find("Card alone"), std::string::npos);
}

}  // namespace
}  // namespace pss::method
