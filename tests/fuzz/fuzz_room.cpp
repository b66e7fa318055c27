#include "fuzz_room.h"

#include <string>

namespace pss::fuzz {
namespace {

// The frames one recipient was sent: each chunk is a whole ServerFrame, so the
// concatenation is one too.
pb::ServerFrame decode(const std::vector<server::Chunk>& chunks) {
  std::string bytes;
  for (const auto& c : chunks) bytes += c.view();
  pb::ServerFrame frame;
  require(frame.ParseFromString(bytes), "the room sent a frame that does not decode");
  return frame;
}

pb::Hello observer_hello() {
  pb::Hello hello;
  hello.set_protocol_version(1);
  hello.set_display_name("observer");
  hello.set_client_id("fuzz-observer");
  return hello;
}

pb::Hello author_hello() {
  pb::Hello hello;
  hello.set_protocol_version(1);
  hello.set_display_name("Ann");
  hello.set_client_id("fuzz-author");
  hello.set_group(pb::STAFF);
  return hello;
}

}  // namespace

FuzzRoom::FuzzRoom(Limits limits) : room_("fuzz", server::RoomConfig{.limits = limits}) {
  auto joined = room_.join(kObserver, observer_hello());
  require(!joined.refused, "observer refused");
  pb::ServerFrame frame = decode({joined.welcome});
  require(frame.messages_size() == 1 && frame.messages(0).has_welcome(), "observer got no Welcome");
  auto replica = StrategyMap::from_snapshot(frame.messages(0).welcome().snapshot(), room_.config().limits);
  require(replica.has_value(), "the Welcome snapshot does not load");
  replica_ = std::move(*replica);
  require(join(kAuthor, author_hello()), "author refused");
}

bool FuzzRoom::join(std::uint32_t session, const pb::Hello& hello) {
  auto joined = room_.join(session, hello);
  if (joined.refused) return false;
  receive(joined.flushed);
  pb::ServerFrame frame = decode({joined.welcome});
  require(frame.messages_size() == 1 && frame.messages(0).has_welcome(), "joiner got no Welcome");
  const pb::Welcome& welcome = frame.messages(0).welcome();
  require(welcome.clock() == room_.clock(), "Welcome clock is not the room's");
  if (welcome.full()) {
    auto loaded = StrategyMap::from_snapshot(welcome.snapshot(), room_.config().limits);
    require(loaded && loaded->state_hash() == room_.map().state_hash(), "Welcome snapshot differs from the room");
  }
  return true;
}

void FuzzRoom::receive(const server::RoomState::Deliveries& deliveries) {
  for (const auto& [id, chunks] : deliveries) {
    if (id != kObserver) continue;
    const pb::ServerFrame frame = decode(chunks);
    for (const auto& m : frame.messages())
      for (const auto& change : m.patch().changes())
        require(!replica_.apply(change.ops(), ApplyContext{change.clock()}), "a broadcast change does not apply");
  }
}

void FuzzRoom::check_catch_up(const StrategyMap& before, const StrategyMap& after) {
  const auto changes = after.changes_since(before.clock());
  if (!changes) return;
  StrategyMap caught_up = before;
  require(!caught_up.apply_catch_up(*changes, after.clock()), "changes_since() does not apply");
  require(caught_up.state_hash() == after.state_hash(), "changes_since() does not reach the room's map");
}

bool FuzzRoom::push(std::uint32_t session, const pb::Push& push) {
  const StrategyMap before = room_.map();
  const std::string before_hash = before.state_hash();
  room_.push(session, push);
  const StrategyMap& after = room_.map();
  if (after.clock() == before.clock()) {
    require(after.state_hash() == before_hash, "a rejected push changed the map");
    flush();
    return false;
  }
  require(after.clock() == before.clock() + 1, "a commit advanced the clock by more than one");

  auto reloaded = StrategyMap::from_snapshot(after.snapshot(), after.limits());
  require(reloaded.has_value(), "the snapshot of a committed map does not load");
  require(reloaded->state_hash() == after.state_hash(), "a snapshot round trip changed the map");

  check_catch_up(before, after);
  flush();
  return true;
}

void FuzzRoom::flush() {
  receive(room_.flush());
  require(replica_.state_hash() == room_.map().state_hash(), "the observer's replica differs from the room");
}

}  // namespace pss::fuzz
