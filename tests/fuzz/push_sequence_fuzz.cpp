// A sequence of pushes into one room. The input is a pb::Patch: each Change becomes
// one Push of its ops (client_seq = its clock), from the author or, for odd
// session ids, a second member with another identity. FuzzRoom checks after each
// push that a rejected one left the map alone and a commit is consistent everywhere,
// and at the end that a client that saw any earlier state catches up. Small limits,
// so the sequences reach them (full room, forgotten deletes).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_room.h"

using namespace pss;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pb::Patch input;
  if (!input.ParseFromArray(data, static_cast<int>(size))) return 0;
  if (input.changes_size() > 64) return 0;  // long sequences add time, not paths
  Limits limits;
  limits.max_ops_per_push = 16;
  limits.max_elements = 8;
  limits.max_links = 8;
  limits.max_rows = 10;
  limits.max_tombstones = 4;
  fuzz::FuzzRoom room(limits);
  constexpr std::uint32_t kOther = 3;
  pb::Hello other;
  other.set_protocol_version(1);
  other.set_display_name("Bob");
  other.set_group(pb::SERVICE_USER);
  fuzz::require(room.join(kOther, other), "second member refused");
  std::vector<StrategyMap> seen{room.room().map()};  // every state a client may have seen
  for (const pb::Change& change : input.changes()) {
    pb::Push push;
    push.set_client_seq(change.clock());
    *push.mutable_ops() = change.ops();
    if (room.push(change.session_id() % 2 ? kOther : fuzz::FuzzRoom::kAuthor, push)) seen.push_back(room.room().map());
  }
  for (const StrategyMap& before : seen) fuzz::FuzzRoom::check_catch_up(before, room.room().map());
  return 0;
}
