// Colours the server gives sessions (cursors, selection outlines, avatars). Twelve
// well-separated hues that read on a light canvas, assigned round-robin by session id
// so neighbours in join order never share a colour. Shared: replays and the client
// timeline colour recorded people as the live server did.
#pragma once

#include <array>
#include <cstdint>

namespace pss {

inline constexpr std::array<std::uint32_t, 12> kSessionPalette = {
    0x4E79A7,  // blue
    0xF28E2B,  // orange
    0xE15759,  // red
    0x59A14F,  // green
    0xB07AA1,  // purple
    0x76B7B2,  // teal
    0xEDC948,  // yellow
    0xFF9DA7,  // pink
    0x9C755F,  // brown
    0x17BECF,  // cyan
    0x8CD17D,  // light green
    0x6A5ACD,  // slate blue
};

// Colour of session `session_id` (ids start at 1).
constexpr std::uint32_t session_color(std::uint32_t session_id) {
  return kSessionPalette[(session_id == 0 ? 0 : session_id - 1) % kSessionPalette.size()];
}

}  // namespace pss
