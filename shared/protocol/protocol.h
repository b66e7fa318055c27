// Wire-level facts shared by server and clients: the version, close codes, and the
// encoding of frames. See docs/protocol.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pss.pb.h"

namespace pss {

namespace pb = ::pss::v1;

inline constexpr std::uint32_t kProtocolVersion = 1;
inline constexpr std::uint32_t kMinProtocolVersion = 1;
inline constexpr std::string_view kRoomPathPrefix = "/rooms/";

// WebSocket close codes. 4000 + an HTTP status, so their meaning is guessable.
enum class CloseCode : std::uint16_t {
  normal = 1000,
  going_away = 1001,        // server shutting down; reconnect later
  unsupported_data = 1003,  // a text frame
  too_big = 1009,           // message over the size limit
  bad_request = 4400,       // undecodable or out-of-order message
  forbidden = 4403,
  timeout = 4408,           // no Hello in time, or silent too long
  version_too_old = 4426,
  rate_limited = 4429,
  too_slow = 4413,          // outgoing queue overflowed: the client does not read
  server_error = 4500,      // the room's storage failed; reconnecting reloads it
  room_full = 4503,
};

// Close code a refusal for `reason` is sent with.
CloseCode close_code_for(pb::Reason reason);
// "NOT_FOUND" etc.: the enum name, for logs and messages.
std::string_view reason_name(pb::Reason reason);

// Room name from a request target "/rooms/NAME[?query]"; empty if the path is not a
// room path or NAME is not 1..64 of [A-Za-z0-9_.-].
std::string room_from_target(std::string_view target);

// One ServerMessage encoded as a one-message ServerFrame. Concatenations of such
// encodings are valid ServerFrames, which is how the server batches writes.
std::string encode_frame(const pb::ServerMessage& message);
void append_frame(const pb::ServerMessage& message, std::string& out);

std::string encode(const pb::ClientMessage& message);

}  // namespace pss
