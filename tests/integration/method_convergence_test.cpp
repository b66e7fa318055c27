// Risks and measures are edited like cards: two real clients on a real server change a
// measure's values and a risk's fields at the same time and end on the same map, with
// per-field last-writer-wins (different fields both survive).
#include <gtest/gtest.h>

#include "../method/method_fixtures.h"
#include "server_process.h"
#include "sync_room.h"

namespace pss::client::testing {
namespace {

namespace pb = ::pss::v1;
using pss::testing::measure;
using pss::testing::risk;

pb::Measure values_patch(std::initializer_list<std::pair<const char*, double>> values) {
  return measure("m1", "proc", pb::HIGHER_IS_BETTER, 0, 0, values);
}

TEST(MethodConvergence, TwoClientsEditAMeasuresValuesAndARisk) {
  pss::test::ServerProcess server({"--tick-ms", "5"});
  const std::string url = server.url("method");
  SyncRoom room(url);
  SyncClient& a = room.join("Alice");
  SyncClient& b = room.join("Bob");
  ASSERT_TRUE(room.until([&] { return room.all_settled(); }));

  ASSERT_FALSE(a.edit({pss::ops::put(pss::testing::element("proc")), pss::ops::put(risk("r1", "proc", 2, 2)),
                       pss::ops::put(measure("m1", "proc", pb::HIGHER_IS_BETTER, 50, 30, {{"2025-01-01", 20}}))}));
  ASSERT_TRUE(room.until([&] { return b.view().measure("m1") && b.view().risk("r1") && room.all_settled(); }));

  // Both edit before either sees the other: the same list, different risk fields.
  pb::Risk likelihood;
  likelihood.set_id("r1");
  likelihood.set_likelihood(5);
  pb::Risk impact;
  impact.set_id("r1");
  impact.set_impact(4);
  impact.set_status(pb::RISK_STATUS_MITIGATING);
  ASSERT_FALSE(a.edit(
      {pss::ops::patch(values_patch({{"2025-01-01", 20}, {"2025-02-01", 35}}), {pb::Measure::kValuesFieldNumber}),
       pss::ops::patch(likelihood, {pb::Risk::kLikelihoodFieldNumber})}));
  ASSERT_FALSE(b.edit(
      {pss::ops::patch(values_patch({{"2025-01-01", 20}, {"2025-03-01", 55}}), {pb::Measure::kValuesFieldNumber}),
       pss::ops::patch(impact, {pb::Risk::kImpactFieldNumber, pb::Risk::kStatusFieldNumber})}));

  expect_converged(room, url);
  const pb::Risk* r = a.view().risk("r1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->likelihood(), 5u);  // Alice's field
  EXPECT_EQ(r->impact(), 4u);      // Bob's fields
  EXPECT_EQ(r->status(), pb::RISK_STATUS_MITIGATING);
  const pb::Measure* m = b.view().measure("m1");
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->values_size(), 2);  // one whole list won, never a mix
  const std::string second = m->values(1).date();
  EXPECT_TRUE(second == "2025-02-01" || second == "2025-03-01") << second;
  EXPECT_EQ(m->green(), 50);  // not patched: kept

  // Removing the card takes its risk and measure on every replica.
  ASSERT_FALSE(b.edit({pss::ops::remove(pb::ELEMENT, "proc")}));
  expect_converged(room, url);
  EXPECT_EQ(a.view().risk("r1"), nullptr);
  EXPECT_EQ(a.view().measure("m1"), nullptr);
}

}  // namespace
}  // namespace pss::client::testing
