// The same ops in the same order give byte-identical snapshots on every replica, and
// a replica that applies the server's applied ops reaches the server's exact bytes.
#include <gtest/gtest.h>

#include <random>

#include "model/strategy_map.h"
#include "test_ops.h"

namespace pss {
namespace {

using namespace pss::testing;

// A random but valid-or-invalid stream of pushes, as many clients would send.
std::vector<std::vector<pb::Op>> random_pushes(std::uint64_t seed, int count) {
  std::mt19937_64 rng(seed);
  const char* rows[] = {"key-outcomes", "user-outcomes", "processes", "leadership", "culture"};
  std::vector<std::vector<pb::Op>> pushes;
  for (int i = 0; i < count; ++i) {
    std::vector<pb::Op> ops;
    const int n = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < n; ++k) {
      const auto a = "e" + std::to_string(rng() % 40);
      const auto b = "e" + std::to_string(rng() % 40);
      switch (rng() % 6) {
        case 0:
        case 1: ops.push_back(put(element(a, rows[rng() % 5], double(rng() % 2000), double(rng() % 900)))); break;
        case 2: ops.push_back(move(a, double(rng() % 3000) / 3, double(rng() % 1000))); break;
        case 3: ops.push_back(retitle(a, "title " + std::to_string(rng() % 100))); break;
        case 4: ops.push_back(put_link("l-" + a + "-" + b, a, b)); break;
        default: ops.push_back(remove(rng() % 3 ? pb::ELEMENT : pb::LINK, rng() % 2 ? a : "l-" + a + "-" + b)); break;
      }
    }
    pushes.push_back(std::move(ops));
  }
  return pushes;
}

TEST(Determinism, SameOpsSameBytesAndReplicasOfAppliedOpsMatch) {
  for (std::uint64_t seed : {1u, 2u, 3u, 42u}) {
    auto pushes = random_pushes(seed, 2000);
    auto server1 = StrategyMap::with_default_rows();
    auto server2 = StrategyMap::with_default_rows();
    auto replica = StrategyMap::with_default_rows();
    std::uint64_t clock = 0;
    int committed = 0;
    for (const auto& ops : pushes) {
      std::vector<pb::Op> applied;
      auto r1 = push(server1, ops, clock + 1, &applied);
      auto r2 = push(server2, ops, clock + 1);
      ASSERT_EQ(bool(r1), bool(r2));
      if (r1) continue;
      ++clock;
      ++committed;
      ASSERT_FALSE(replica.apply(applied, ApplyContext{clock, nullptr})) << "applied ops must apply on replicas";
    }
    EXPECT_GT(committed, 500) << "the stream should mostly commit";
    EXPECT_EQ(server1.snapshot_bytes(), server2.snapshot_bytes());
    EXPECT_EQ(server1.snapshot_bytes(), replica.snapshot_bytes()) << "seed " << seed;
    EXPECT_EQ(server1.state_hash(), replica.state_hash());
  }
}

TEST(Determinism, ApplyOrderMattersOnlyThroughTheServerOrder) {
  // Two concurrent moves of one card: last writer (in server order) wins everywhere.
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("a"))}, 1));
  auto other = map;
  ASSERT_FALSE(push(map, {move("a", 1, 1)}, 2));
  ASSERT_FALSE(push(map, {move("a", 2, 2)}, 3));
  ASSERT_FALSE(push(other, {move("a", 2, 2)}, 2));
  ASSERT_FALSE(push(other, {move("a", 1, 1)}, 3));
  EXPECT_EQ(map.element("a")->position().x(), 2);
  EXPECT_EQ(other.element("a")->position().x(), 1);
}

}  // namespace
}  // namespace pss
