// FuzzRoom: the server's push path with its invariants checked, for the fuzz targets.
// A real server::RoomState (sequence check, validation, atomic apply, broadcast
// encoding) with an observer whose replica applies what the room broadcasts, as
// pss-client does. Pushes come from a member with a fixed Hello. A broken invariant
// aborts, so libFuzzer reports it like a crash and keeps the input.
#pragma once

#include <cstdint>

#include "fuzz_check.h"
#include "model/strategy_map.h"
#include "pss.pb.h"
#include "room_state.h"

namespace pss::fuzz {

class FuzzRoom {
 public:
  static constexpr std::uint32_t kObserver = 1;  // joins first; its replica follows the room
  static constexpr std::uint32_t kAuthor = 2;    // the fixed member that pushes

  explicit FuzzRoom(Limits limits = {});

  // A client that saw `before` and reconnects gets after.changes_since(before.clock());
  // applied to `before` it must give `after` (when it is not nullopt).
  static void check_catch_up(const StrategyMap& before, const StrategyMap& after);

  // Joins `session` (the Hello passed the server's checks). Returns false if refused.
  bool join(std::uint32_t session, const pb::Hello& hello);
  // RoomState::push plus the invariants: a rejected push changes nothing; a commit
  // advances the clock by one, survives a snapshot round trip, is reproduced by
  // changes_since() on the state before, and reaches the observer's replica.
  // Returns whether it committed.
  bool push(std::uint32_t session, const pb::Push& push);
  // Delivers what the room has pending and checks the replica equals the room.
  void flush();

  const server::RoomState& room() const { return room_; }
  server::RoomState& room() { return room_; }

 private:
  // Applies the Patches sent to the observer to its replica.
  void receive(const server::RoomState::Deliveries& deliveries);

  server::RoomState room_;
  StrategyMap replica_;
};

}  // namespace pss::fuzz
