// Helpers of the RoomState tests: requests to feed it, and its output decoded.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "room_state.h"

namespace pss::server {

inline pb::Hello hello(const std::string& name, const std::string& client_id = {}, std::uint64_t last_clock = 0) {
  pb::Hello h;
  h.set_protocol_version(1);
  h.set_display_name(name);
  h.set_client_id(client_id);
  h.set_last_clock(last_clock);
  h.set_group(pb::SERVICE_USER);
  return h;
}

inline pb::Push push(std::uint64_t seq, std::vector<pb::Op> ops) {
  pb::Push p;
  p.set_client_seq(seq);
  for (auto& op : ops) *p.add_ops() = std::move(op);
  return p;
}

inline std::vector<pb::ServerMessage> decode(const std::vector<Chunk>& chunks) {
  std::string bytes;
  for (const Chunk& c : chunks) bytes += c.view();
  pb::ServerFrame frame;
  EXPECT_TRUE(frame.ParseFromString(bytes));
  return {frame.messages().begin(), frame.messages().end()};
}

inline std::vector<pb::ServerMessage> decode(const Chunk& chunk) { return decode(std::vector<Chunk>{chunk}); }

// Messages for one session in a flush (empty if it gets nothing).
inline std::vector<pb::ServerMessage> for_session(const RoomState::Deliveries& d, std::uint32_t id) {
  for (const auto& [sid, chunks] : d)
    if (sid == id) return decode(chunks);
  return {};
}

}  // namespace pss::server
