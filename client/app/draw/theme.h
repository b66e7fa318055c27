// Look of the board: a calm light palette, one clear colour per card kind, the ImGui
// style, and the fonts (DejaVu Sans from fonts-dejavu-core, built at a few sizes so
// card text stays crisp when it is scaled with the zoom).
#pragma once

#include <cstdint>
#include <string>

#include <imgui.h>

#include "pss.pb.h"

namespace pss::draw {

namespace pb = ::pss::v1;

// 0xRRGGBB (the protocol's colour format) to ImGui's packed colour.
constexpr ImU32 rgb(std::uint32_t c, int alpha = 255) {
  return IM_COL32((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF, alpha);
}
// Mixes 0xRRGGBB toward white by `amount` (0 = unchanged, 1 = white).
std::uint32_t lighten(std::uint32_t c, double amount);
std::uint32_t darken(std::uint32_t c, double amount);

namespace color {
inline constexpr std::uint32_t background = 0xF4F5F7;
inline constexpr std::uint32_t grid = 0xE3E6EB;
inline constexpr std::uint32_t band_line = 0xD9DDE3;
inline constexpr std::uint32_t text = 0x1F2933;
inline constexpr std::uint32_t text_muted = 0x6B7280;
inline constexpr std::uint32_t panel = 0xFFFFFF;
inline constexpr std::uint32_t panel_border = 0xE2E5EA;
inline constexpr std::uint32_t accent = 0x2563EB;  // this user's selection, focus
inline constexpr std::uint32_t link = 0x7B8794;
inline constexpr std::uint32_t link_downward = 0xD0892E;  // flagged by the map checks
inline constexpr std::uint32_t ok = 0x2F9E62;
inline constexpr std::uint32_t warn = 0xD69E2E;
inline constexpr std::uint32_t bad = 0xD64545;
}  // namespace color

// Accent (header bar, border, label) of a card kind.
std::uint32_t kind_color(pb::ElementKind kind);
// The colour a card is drawn with: its override, else its kind's.
inline std::uint32_t card_accent(const pb::Element& e) { return e.color() ? e.color() : kind_color(e.kind()); }
// Light background of a band holding cards of `kind`; alternate rows differ slightly.
std::uint32_t band_tint(pb::ElementKind kind, int index);

// Colours offered in the properties panel (0 = by kind).
inline constexpr std::uint32_t kSwatches[] = {0xE07A5F, 0xD46A8C, 0xE0A526, 0x8AA14A,
                                              0x2A9D8F, 0x4A90C2, 0x5C6BC0, 0x6B7A8F};

struct Fonts {
  ImFont* ui = nullptr;        // panels, 16 px
  ImFont* ui_bold = nullptr;   // headings, 16 px
  ImFont* small = nullptr;     // captions, 13 px
  ImFont* card = nullptr;      // card text up to ~20 px on screen
  ImFont* card_large = nullptr;  // card text above that, scaled down from 32 px
  bool dejavu = false;         // false: the DejaVu files were missing, ImGui's font is used
  // The card font that renders `pixel_size` most crisply.
  ImFont* card_for(float pixel_size) const { return pixel_size > 20 ? card_large : card; }
};

// Adds the fonts to the current context's atlas (the caller builds it, or the
// renderer backend does). `font_dir` holds DejaVuSans.ttf and DejaVuSans-Bold.ttf.
Fonts load_fonts(const std::string& font_dir = "/usr/share/fonts/truetype/dejavu", float ui_size = 16);
void apply_style();

}  // namespace pss::draw
