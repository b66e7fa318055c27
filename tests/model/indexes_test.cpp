// The model's hash indexes against plain std::map models of what they must hold,
// through long random mixes of inserts and erases (backward-shift deletion is where
// open addressing goes wrong).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>

#include "model/id_hash.h"
#include "model/id_index.h"
#include "model/link_index.h"
#include "model/record_table.h"
#include "model/tombstones.h"

namespace pss {
namespace {

std::string id_of(std::size_t i) { return "card-" + std::to_string(i); }

TEST(IdHash, DependsOnEveryByteAndTheLength) {
  EXPECT_NE(id_hash("card-1"), id_hash("card-2"));
  EXPECT_NE(id_hash("abcdefghij"), id_hash("abcdefghiJ"));  // a change in the overlapped tail
  EXPECT_NE(id_hash("a"), id_hash(std::string_view("a\0", 2)));
  EXPECT_NE(id_hash(""), id_hash(std::string_view("\0", 1)));
  EXPECT_EQ(id_hash(std::string("link-a-b")), id_hash("link-a-b"));
}

TEST(RecordTable, FindsExactlyWhatAMapHoldsThroughRandomInsertsAndErases) {
  RecordTable<int> table;
  std::map<std::string, int> expected;
  std::mt19937 rng(3);
  for (int step = 0; step < 60000; ++step) {
    const std::string id = id_of(rng() % 3000);
    if (rng() % 3 == 0) {
      table.erase(id);
      expected.erase(id);
    } else if (!table.contains(id)) {
      table.insert(id, step);
      expected[id] = step;
    }
    if (step % 5000 == 0) {
      for (std::size_t i = 0; i < 3000; ++i) {
        const int* found = table.find(id_of(i));
        auto it = expected.find(id_of(i));
        ASSERT_EQ(found != nullptr, it != expected.end()) << id_of(i) << " at step " << step;
        if (found) {
          EXPECT_EQ(*found, it->second);
        }
      }
    }
  }
  EXPECT_EQ(table.size(), expected.size());
  EXPECT_TRUE(std::equal(table.map().begin(), table.map().end(), expected.begin(), expected.end()));
}

TEST(RecordTable, ACopyIndexesItsOwnRecords) {
  RecordTable<int> a;
  a.insert("x", 1);
  RecordTable<int> b = a;
  *b.find("x") = 2;
  EXPECT_EQ(*a.find("x"), 1);
  a.erase("x");
  EXPECT_EQ(*b.find("x"), 2);
  EXPECT_EQ(a.find("x"), nullptr);
}

TEST(LinkIndex, ListsTheArrowsOfAnElementSortedAndFindsTheOneBetweenTwo) {
  LinkIndex index;
  index.add("l3", "a", "b");
  index.add("l1", "c", "a");
  index.add("l2", "b", "c");
  EXPECT_EQ(index.at("a"), (std::vector<std::string>{"l1", "l3"}));
  EXPECT_EQ(index.at("b"), (std::vector<std::string>{"l2", "l3"}));
  ASSERT_NE(index.between("a", "b"), nullptr);
  EXPECT_EQ(*index.between("a", "b"), "l3");
  EXPECT_EQ(index.between("b", "a"), nullptr);  // arrows have a direction
  index.remove("l3", "a", "b");
  EXPECT_EQ(index.at("a"), (std::vector<std::string>{"l1"}));
  EXPECT_EQ(index.between("a", "b"), nullptr);
  index.remove("l1", "c", "a");
  EXPECT_TRUE(index.at("a").empty());
}

TEST(Tombstones, RemembersDeletesPerTypeAndForgetsTheOldestTenthWhenFull) {
  Tombstones t;
  for (std::uint64_t clock = 1; clock <= 100; ++clock) t.set(pb::ELEMENT, id_of(clock), clock);
  t.set(pb::LINK, id_of(1), 500);  // same id, other type: another record
  EXPECT_EQ(t.size(), 101u);
  EXPECT_EQ(t.find(pb::ELEMENT, id_of(1)), 1u);
  EXPECT_EQ(t.find(pb::LINK, id_of(1)), 500u);
  EXPECT_EQ(t.removed_after(pb::ELEMENT, 97), (std::vector<std::string>{id_of(100), id_of(98), id_of(99)}));
  EXPECT_FALSE(t.trim(101).has_value());
  const auto horizon = t.trim(100);
  ASSERT_TRUE(horizon.has_value());
  EXPECT_EQ(*horizon, 10u);  // the tenth oldest delete
  EXPECT_EQ(t.size(), 91u);
  EXPECT_FALSE(t.find(pb::ELEMENT, id_of(10)).has_value());
  EXPECT_EQ(t.find(pb::ELEMENT, id_of(11)), 11u);
  t.erase(pb::LINK, id_of(1));
  EXPECT_FALSE(t.find(pb::LINK, id_of(1)).has_value());
  EXPECT_EQ(t.size(), 90u);
}

}  // namespace
}  // namespace pss
