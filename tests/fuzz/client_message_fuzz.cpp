// One ClientMessage from a client, as WsSession::on_message handles it: decode, then
// a Hello through the checks of on_hello and a join, a Push through the room
// (FuzzRoom checks the invariants), a Presence through check_presence and the room.
#include <cstddef>
#include <cstdint>

#include "fuzz_room.h"
#include "protocol/protocol.h"

using namespace pss;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pb::ClientMessage msg;
  if (!msg.ParseFromArray(data, static_cast<int>(size))) return 0;
  fuzz::FuzzRoom room;
  const Limits& limits = room.room().config().limits;
  switch (msg.body_case()) {
    case pb::ClientMessage::kHello: {
      // on_hello's checks are inline in WsSession; these are the ones it calls.
      const pb::Hello& hello = msg.hello();
      if (hello.protocol_version() < kMinProtocolVersion || hello.protocol_version() > kProtocolVersion) break;
      if (check_display_name(hello.display_name(), limits)) break;
      fuzz::require(is_valid_utf8(hello.display_name()), "an accepted display name is not UTF-8");
      if (!hello.client_id().empty() && check_id(hello.client_id(), limits, "client_id")) break;
      if (!pb::StakeholderGroup_IsValid(hello.group())) break;
      fuzz::require(room.join(3, hello), "a valid Hello was refused");
      room.flush();
      break;
    }
    case pb::ClientMessage::kPush: room.push(fuzz::FuzzRoom::kAuthor, msg.push()); break;
    case pb::ClientMessage::kPresence:
      if (check_presence(msg.presence(), limits)) break;
      room.room().presence(fuzz::FuzzRoom::kAuthor, msg.presence());
      room.flush();
      break;
    default: break;
  }
  return 0;
}
