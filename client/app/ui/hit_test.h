// Where things are on the canvas and what the pointer is over: card rectangles, the
// link handle on each card's top edge, arrows as cubic Bezier curves (hit by sampling),
// and rubber-band selection. Tolerances are given in screen pixels and divided by the
// zoom, so picking feels the same at every zoom level.
#pragma once

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "client/app/ui/geometry.h"
#include "model/strategy_map.h"

namespace pss::ui {

namespace pb = ::pss::v1;

inline constexpr double kHandleRadiusPx = 8;   // link handle, screen pixels
inline constexpr double kLinkPickPx = 6;       // how near an arrow counts as on it
inline constexpr int kCurveSamples = 24;

inline Rect card_rect(const pb::Element& e) {
  return Rect::from_pos_size({e.position().x(), e.position().y()}, {e.size().x(), e.size().y()});
}
// The handle sits at the middle of the top edge: arrows "contribute to" upward.
inline V2 handle_center(const Rect& card) { return {card.center().x, card.min.y}; }
// Its pick radius in canvas units: 8 px on screen, but never more than a quarter of
// the card's height, so that zoomed far out a card can still be grabbed and moved.
inline double handle_radius(const Rect& card, double zoom) {
  return std::min(kHandleRadiusPx / zoom, card.height() * 0.25);
}

struct Bezier {
  V2 p0, p1, p2, p3;
  V2 at(double t) const;
  V2 direction_at_end() const;  // unit vector the arrowhead points along
  Rect bounds() const;          // of the control polygon: contains the curve
};

// From the source's edge facing the target to the target's facing edge: vertical S
// curves between rows, horizontal ones between cards side by side.
Bezier link_curve(const Rect& from, const Rect& to);
// The same to a loose end point (while a link is being dragged out).
Bezier link_curve_to_point(const Rect& from, V2 to);

double distance_to_curve(const Bezier& curve, V2 p);

struct Hit {
  enum class Kind { none, card, handle, link };
  Kind kind = Kind::none;
  std::string id;
  bool is(Kind k) const { return kind == k; }
  friend bool operator==(const Hit&, const Hit&) = default;
};

// Cards in drawing order, bottom first: map order (ids), then the `raised` ones (the
// selection) so a selected card is drawn above the rest, as in imnodes.
std::vector<const pb::Element*> draw_order(const StrategyMap& map, const std::set<std::string>& raised);

// What is under canvas point `p`: the topmost card's handle or body, else an arrow.
Hit hit_test(const StrategyMap& map, const std::vector<const pb::Element*>& order, V2 p, double zoom);
// Only cards (topmost first); `exclude` is skipped (the source of a link being drawn).
const pb::Element* card_at(const std::vector<const pb::Element*>& order, V2 p, const std::string& exclude = {});
// The arrow nearest to `p` within the pick tolerance, or empty.
std::string link_at(const StrategyMap& map, V2 p, double zoom);
// Cards that a rubber band (canvas rectangle) touches.
std::vector<std::string> cards_in(const StrategyMap& map, const Rect& band);
// Bounding box of all cards, or nullopt-like empty flag.
bool cards_bounds(const StrategyMap& map, Rect* out);

}  // namespace pss::ui
