// Paints the board into an ImDrawList: grid, row bands with labels, arrows, cards,
// this user's selection and tool previews, and everyone else's cursors and selections.
// Reads the board state only; all input handling lives in ui::Tools.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <imgui.h>

#include "client/app/draw/theme.h"
#include "method/measure.h"
#include "method/risk.h"
#include "client/app/ui/motion.h"
#include "client/app/ui/tools.h"

namespace pss::draw {

// Another participant as the board shows them (from SyncClient::peers()).
struct PeerView {
  std::uint32_t session_id = 0;
  std::string name;
  std::uint32_t color = 0;  // 0xRRGGBB
  pb::StakeholderGroup group = pb::STAKEHOLDER_GROUP_UNSPECIFIED;
  std::optional<pb::Presence> presence;
  pb::Role role = pb::ROLE_UNSPECIFIED;
};

// Wrapped card titles, kept per card until its title or size changes: wrapping is done
// in canvas units, so it does not depend on the zoom and is not redone every frame.
class CardTextCache {
 public:
  const std::vector<std::string>& lines(const pb::Element& e, double width, int max_lines, ImFont* font,
                                        float font_size);
  void trim(const StrategyMap& map);  // forget removed cards

 private:
  struct Entry {
    std::string title;
    double width = 0;
    int max_lines = 0;
    std::vector<std::string> lines;
  };
  std::unordered_map<std::string, Entry> entries_;
};

struct CanvasScene {
  const ui::Tools& tools;
  const ui::MotionSmoother& motion;
  const std::vector<PeerView>& peers;
  const Fonts& fonts;
  std::uint32_t self_color = color::accent;
  const pb::FacilitationState* workshop = nullptr;  // locks, private cards, spotlight, votes
};

// Card text metrics, in canvas units.
inline constexpr float kCardTitleSize = 15;
inline constexpr float kCardPadding = 12;
inline constexpr float kCardRounding = 8;
inline constexpr float kCardHeaderHeight = 6;
// Titles never shrink below this on screen; below kMinTextZoom they become bars.
inline constexpr float kMinTitlePixels = 11;
inline constexpr float kMinTextZoom = 0.3f;

class CanvasPainter {
 public:
  void paint(ImDrawList* dl, const CanvasScene& scene);
  std::size_t cards_drawn() const { return cards_drawn_; }
  std::size_t links_drawn() const { return links_drawn_; }

 private:
  void grid(ImDrawList* dl, const CanvasScene& s, const ui::Rect& screen);
  void bands(ImDrawList* dl, const CanvasScene& s, const ui::Rect& screen, bool labels);
  void links(ImDrawList* dl, const CanvasScene& s, const ui::Rect& visible);
  void cards(ImDrawList* dl, const CanvasScene& s, const ui::Rect& visible);
  void card(ImDrawList* dl, const CanvasScene& s, const pb::Element& e, const ui::Rect& r, bool moving);
  void tool_overlays(ImDrawList* dl, const CanvasScene& s);
  void card_marks(ImDrawList* dl, const CanvasScene& s, const pb::Element& e, ImVec2 a, ImVec2 b);
  void peers(ImDrawList* dl, const CanvasScene& s, const ui::Rect& screen);
  ui::Rect shown_rect(const CanvasScene& s, const pb::Element& e) const;
  // Risk outline and count badge, measure status dot (the PSS overlays).
  void method_marks(ImDrawList* dl, const pb::Element& e, ImVec2 a, ImVec2 b, float z) const;
  // Risk count badges of arrows, after the cards an arrow may pass under.
  void link_badges(ImDrawList* dl, float zoom) const;

  CardTextCache text_;
  std::map<std::string, method::RiskSummary> card_risks_;  // this frame's, by element id
  std::map<std::string, method::Rag> card_status_;
  std::vector<std::pair<ImVec2, method::RiskSummary>> link_badges_;  // this frame's, at arrow midpoints
  std::size_t cards_drawn_ = 0;
  std::size_t links_drawn_ = 0;
};

// Shared drawing helpers.
ImVec2 im(ui::V2 v);
void draw_arrow(ImDrawList* dl, const ui::Bezier& screen_curve, ImU32 col, float thickness, float head);
// A rounded label with text, placed with its top-left at `pos`; returns its size.
ImVec2 draw_pill(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 bg, ImU32 fg, const char* text);

}  // namespace pss::draw
