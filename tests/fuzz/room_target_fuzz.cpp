// room_from_target(), the only parsing of our own on the HTTP upgrade path (Beast
// parses the request): whatever the target, an accepted room name is 1..64 of
// [A-Za-z0-9_.-] and is what follows "/rooms/" before any query.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "protocol/protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const std::string room = pss::room_from_target(target);
  if (room.empty()) return 0;
  pss::fuzz::require(room.size() <= 64, "room name longer than 64");
  for (char c : room)
    pss::fuzz::require(
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.',
        "room name with a character outside [A-Za-z0-9_.-]");
  pss::fuzz::require(
      target.starts_with("/rooms/" + room) && (target.size() == 7 + room.size() || target[7 + room.size()] == '?'),
      "room name is not the path after /rooms/");
  return 0;
}
