// Loading stored or received state. The first byte picks the message, the rest is
// its encoding: 0 a Snapshot (StrategyMap::from_snapshot, as the store loads a room),
// 1 a Welcome (its snapshot, or its changes caught up on the default rows, as a
// client does), 2 a History (Timeline::build, as the replay timeline does).
// An accepted snapshot must survive snapshot() -> from_snapshot() unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "fuzz_room.h"
#include "history/timeline.h"

using namespace pss;

namespace {

void round_trip(const StrategyMap& map) {
  auto again = StrategyMap::from_snapshot(map.snapshot(), map.limits());
  fuzz::require(again.has_value(), "snapshot() of a loaded map does not load");
  fuzz::require(again->state_hash() == map.state_hash(), "snapshot round trip changed the map");
  fuzz::require(again->snapshot_bytes() == map.snapshot_bytes(), "snapshot round trip changed the bytes");
}

void load_snapshot(const pb::Snapshot& snapshot) {
  if (auto map = StrategyMap::from_snapshot(snapshot, Limits{})) round_trip(*map);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto* bytes = data + 1;
  const int n = static_cast<int>(size - 1);
  switch (data[0]) {
    case 0: {
      pb::Snapshot snapshot;
      if (snapshot.ParseFromArray(bytes, n)) load_snapshot(snapshot);
      break;
    }
    case 1: {
      pb::Welcome welcome;
      if (!welcome.ParseFromArray(bytes, n)) break;
      if (welcome.full()) {
        load_snapshot(welcome.snapshot());
      } else {
        StrategyMap map = StrategyMap::with_default_rows();
        if (!map.apply_catch_up(welcome.changes(), welcome.clock())) round_trip(map);
      }
      break;
    }
    case 2: {
      pb::History recorded;
      if (!recorded.ParseFromArray(bytes, n)) break;
      // Small checkpoints so a short history crosses several.
      auto timeline = history::Timeline::build(std::move(recorded), 3);
      if (!timeline) break;
      for (std::uint64_t c = timeline->first_clock(); c <= timeline->last_clock(); ++c)
        round_trip(timeline->state_at(c));
      round_trip(timeline->state_at(timeline->first_clock()));  // a seek backward
      break;
    }
    default: break;
  }
  return 0;
}
