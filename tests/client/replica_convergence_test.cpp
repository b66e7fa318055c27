// Several replicas editing the same cards through a FakeRoom with randomly interleaved
// delivery: every confirmed map must end byte-identical to the room's map (the same
// canonical ops at the same clocks give the same state), and every view with it.
#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "client/core/replica.h"
#include "fake_room.h"

namespace pss::client {
namespace {

using testing::arrow;
using testing::card;
using testing::FakeRoom;
using testing::retitle;

struct Participant {
  std::uint32_t session;
  std::string client_id;
  Identity who;
  Replica replica;
  std::deque<pb::ServerMessage> inbox;  // in the order the room sent them
  int created = 0;
};

template <class Map>
const std::string* pick(const Map& records, std::mt19937_64& rng) {
  if (records.empty()) return nullptr;
  auto it = records.begin();
  std::advance(it, static_cast<long>(rng() % records.size()));
  return &it->first;
}

void random_edit(Participant& p, std::mt19937_64& rng) {
  const StrategyMap& view = p.replica.view();
  const auto* a = pick(view.elements(), rng);
  const auto* b = pick(view.elements(), rng);
  switch (rng() % 6) {
    case 0:
    case 1: {
      const char* rows[] = {"key-outcomes", "processes", "people", "resources"};
      auto id = p.client_id + "-" + std::to_string(++p.created);
      (void)p.replica.edit({ops::put(card(id, "Card " + id, rows[rng() % 4]))});
      break;
    }
    case 2:
      if (a) (void)p.replica.edit({retitle(*a, p.who.name + " " + std::to_string(rng() % 100))});
      break;
    case 3:
      if (a) (void)p.replica.edit({ops::move(*a, double(rng() % 1000), double(rng() % 1000))}, rng() % 2 == 0);
      break;
    case 4:
      if (a && b && *a != *b)
        (void)p.replica.edit({ops::put(arrow(p.client_id + "-l" + std::to_string(++p.created), *a, *b))});
      break;
    case 5:
      if (a && rng() % 3 == 0) (void)p.replica.edit({ops::remove(pb::ELEMENT, *a)});
      break;
  }
}

// Delivers the next message, or (batched) everything queued, as one poll() would.
void deliver(Participant& p, bool batched) {
  if (batched) p.replica.begin_batch();
  do {
    pb::ServerMessage m = std::move(p.inbox.front());
    p.inbox.pop_front();
    if (m.has_patch()) p.replica.on_patch(m.patch());
    if (m.has_push_result()) p.replica.on_push_result(m.push_result());
  } while (batched && !p.inbox.empty());
  if (batched) p.replica.end_batch();
}

// Ticked: like pss-server, the room collects changes and results and flushes them as
// one Patch for everyone followed by each author's PushResults. Unticked: each push is
// answered at once.
void run(std::uint64_t seed, bool ticked, bool batched) {
  std::mt19937_64 rng(seed);
  FakeRoom room;
  std::vector<std::unique_ptr<Participant>> people;
  for (std::uint32_t i = 0; i < 3; ++i) {
    Identity who{"P" + std::to_string(i), pb::STAFF};
    people.push_back(
        std::make_unique<Participant>(Participant{i + 1, "p" + std::to_string(i), who, Replica(who), {}, 0}));
    people.back()->replica.on_welcome(room.welcome(i + 1, 0, people.back()->client_id));
  }
  std::deque<std::pair<Participant*, pb::Push>> wire;  // pushes on their way to the room

  pb::Patch tick;
  std::vector<std::pair<Participant*, pb::PushResult>> results;
  auto flush = [&] {
    if (tick.changes_size())
      for (auto& p : people) *p->inbox.emplace_back().mutable_patch() = tick;
    for (auto& [author, r] : results) *author->inbox.emplace_back().mutable_push_result() = r;
    tick.Clear();
    results.clear();
  };
  auto process_one = [&] {
    auto [author, push] = std::move(wire.front());
    wire.pop_front();
    auto outcome = room.push(author->session, author->who, author->client_id, push);
    for (const auto& c : outcome.patch.changes()) *tick.add_changes() = c;
    results.emplace_back(author, outcome.result);
    if (!ticked || rng() % 4 == 0) flush();
  };

  for (int step = 0; step < 600; ++step) {
    Participant& p = *people[rng() % people.size()];
    switch (rng() % 4) {
      case 0: random_edit(p, rng); break;
      case 1:
        for (auto& push : p.replica.take_unsent()) wire.emplace_back(&p, std::move(push));
        break;
      case 2:
        if (!wire.empty()) process_one();
        break;
      case 3:
        if (!p.inbox.empty()) deliver(p, batched);
        break;
    }
  }
  // Drain: send everything, let the room answer, deliver everything.
  for (bool busy = true; busy;) {
    busy = false;
    for (auto& p : people)
      for (auto& push : p->replica.take_unsent()) wire.emplace_back(p.get(), std::move(push)), busy = true;
    while (!wire.empty()) process_one(), busy = true;
    flush();
    for (auto& p : people)
      while (!p->inbox.empty()) deliver(*p, batched), busy = true;
  }
  EXPECT_GT(room.map.elements().size(), 0u);
  for (auto& p : people) {
    EXPECT_EQ(p->replica.pending_count(), 0u) << p->who.name;
    EXPECT_EQ(p->replica.confirmed().snapshot_bytes(), room.map.snapshot_bytes()) << p->who.name;
    EXPECT_EQ(p->replica.view().state_hash(), room.map.state_hash()) << p->who.name;
  }
}

TEST(ReplicaConvergence, RandomEditsAnsweredAtOnce) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    run(seed, false, false);
  }
}

TEST(ReplicaConvergence, RandomEditsFlushedPerTickAndPolledInBatches) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    run(seed, true, true);
    run(seed, true, false);
  }
}

}  // namespace
}  // namespace pss::client
