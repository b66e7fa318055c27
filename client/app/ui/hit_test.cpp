#include "client/app/ui/hit_test.h"

#include <algorithm>
#include <limits>

namespace pss::ui {

V2 Bezier::at(double t) const {
  const double u = 1 - t;
  return p0 * (u * u * u) + p1 * (3 * u * u * t) + p2 * (3 * u * t * t) + p3 * (t * t * t);
}

V2 Bezier::direction_at_end() const {
  V2 d = p3 - p2;
  if (length(d) < 1e-9) d = p3 - p0;
  const double len = length(d);
  return len < 1e-9 ? V2{0, -1} : d / len;
}

Rect Bezier::bounds() const { return Rect::from_corners(p0, p1).united(Rect::from_corners(p2, p3)); }

namespace {

Bezier vertical(V2 a, V2 b, bool upward) {
  const double d = std::max(40.0, std::abs(b.y - a.y) * 0.5);
  const double s = upward ? -1 : 1;
  return {a, {a.x, a.y + s * d}, {b.x, b.y - s * d}, b};
}

Bezier horizontal(V2 a, V2 b, bool rightward) {
  const double d = std::max(40.0, std::abs(b.x - a.x) * 0.5);
  const double s = rightward ? 1 : -1;
  return {a, {a.x + s * d, a.y}, {b.x - s * d, b.y}, b};
}

double distance_to_segment(V2 p, V2 a, V2 b) {
  const V2 ab = b - a;
  const double len2 = ab.x * ab.x + ab.y * ab.y;
  double t = len2 > 0 ? ((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return distance(p, a + ab * t);
}

}  // namespace

Bezier link_curve(const Rect& from, const Rect& to) {
  if (to.max.y <= from.min.y) return vertical({from.center().x, from.min.y}, {to.center().x, to.max.y}, true);
  if (to.min.y >= from.max.y) return vertical({from.center().x, from.max.y}, {to.center().x, to.min.y}, false);
  if (to.center().x >= from.center().x)
    return horizontal({from.max.x, from.center().y}, {to.min.x, to.center().y}, true);
  return horizontal({from.min.x, from.center().y}, {to.max.x, to.center().y}, false);
}

Bezier link_curve_to_point(const Rect& from, V2 to) {
  if (to.y <= from.min.y) return vertical(handle_center(from), to, true);
  if (to.y >= from.max.y) return vertical({from.center().x, from.max.y}, to, false);
  if (to.x >= from.center().x) return horizontal({from.max.x, from.center().y}, to, true);
  return horizontal({from.min.x, from.center().y}, to, false);
}

double distance_to_curve(const Bezier& curve, V2 p) {
  double best = std::numeric_limits<double>::max();
  V2 prev = curve.p0;
  for (int i = 1; i <= kCurveSamples; ++i) {
    const V2 next = curve.at(static_cast<double>(i) / kCurveSamples);
    best = std::min(best, distance_to_segment(p, prev, next));
    prev = next;
  }
  return best;
}

std::vector<const pb::Element*> draw_order(const StrategyMap& map, const std::set<std::string>& raised) {
  std::vector<const pb::Element*> order;
  order.reserve(map.elements().size());
  std::vector<const pb::Element*> top;
  for (const auto& [id, e] : map.elements()) (raised.contains(id) ? top : order).push_back(&e);
  order.insert(order.end(), top.begin(), top.end());
  return order;
}

const pb::Element* card_at(const std::vector<const pb::Element*>& order, V2 p, const std::string& exclude) {
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    if ((*it)->id() != exclude && card_rect(**it).contains(p)) return *it;
  return nullptr;
}

std::string link_at(const StrategyMap& map, V2 p, double zoom) {
  const double tolerance = kLinkPickPx / zoom;
  double best = tolerance;
  std::string found;
  for (const auto& [id, link] : map.links()) {
    const pb::Element* from = map.element(link.from());
    const pb::Element* to = map.element(link.to());
    if (!from || !to) continue;
    const Bezier curve = link_curve(card_rect(*from), card_rect(*to));
    if (!curve.bounds().expanded(tolerance).contains(p)) continue;
    const double d = distance_to_curve(curve, p);
    if (d <= best) {
      best = d;
      found = id;
    }
  }
  return found;
}

Hit hit_test(const StrategyMap& map, const std::vector<const pb::Element*>& order, V2 p, double zoom) {
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const Rect r = card_rect(**it);
    if (distance(handle_center(r), p) <= handle_radius(r, zoom)) return {Hit::Kind::handle, (*it)->id()};
    if (r.contains(p)) return {Hit::Kind::card, (*it)->id()};
  }
  if (auto link = link_at(map, p, zoom); !link.empty()) return {Hit::Kind::link, std::move(link)};
  return {};
}

std::vector<std::string> cards_in(const StrategyMap& map, const Rect& band) {
  std::vector<std::string> ids;
  for (const auto& [id, e] : map.elements())
    if (card_rect(e).overlaps(band)) ids.push_back(id);
  return ids;
}

bool cards_bounds(const StrategyMap& map, Rect* out) {
  bool any = false;
  Rect box;
  for (const auto& [id, e] : map.elements()) {
    const Rect r = card_rect(e);
    box = any ? box.united(r) : r;
    any = true;
  }
  if (any && out) *out = box;
  return any;
}

}  // namespace pss::ui
