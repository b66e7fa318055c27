// Plain 2-D geometry shared by the board logic and the ImGui layer. Canvas and screen
// coordinates both use V2; the names of variables say which space they are in.
#pragma once

#include <algorithm>
#include <cmath>

namespace pss::ui {

struct V2 {
  double x = 0;
  double y = 0;
  friend V2 operator+(V2 a, V2 b) { return {a.x + b.x, a.y + b.y}; }
  friend V2 operator-(V2 a, V2 b) { return {a.x - b.x, a.y - b.y}; }
  friend V2 operator*(V2 a, double s) { return {a.x * s, a.y * s}; }
  friend V2 operator/(V2 a, double s) { return {a.x / s, a.y / s}; }
  friend bool operator==(V2 a, V2 b) = default;
};

inline double length(V2 v) { return std::hypot(v.x, v.y); }
inline double distance(V2 a, V2 b) { return length(a - b); }
inline V2 lerp(V2 a, V2 b, double t) { return a + (b - a) * t; }

// Axis-aligned rectangle, min inclusive. May be built from two corners in any order.
struct Rect {
  V2 min;
  V2 max;

  static Rect from_corners(V2 a, V2 b) {
    return {{std::min(a.x, b.x), std::min(a.y, b.y)}, {std::max(a.x, b.x), std::max(a.y, b.y)}};
  }
  static Rect from_pos_size(V2 pos, V2 size) { return {pos, pos + size}; }

  double width() const { return max.x - min.x; }
  double height() const { return max.y - min.y; }
  V2 size() const { return max - min; }
  V2 center() const { return (min + max) * 0.5; }
  bool contains(V2 p) const { return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y; }
  bool overlaps(const Rect& o) const {
    return min.x <= o.max.x && o.min.x <= max.x && min.y <= o.max.y && o.min.y <= max.y;
  }
  Rect expanded(double by) const { return {{min.x - by, min.y - by}, {max.x + by, max.y + by}}; }
  Rect united(const Rect& o) const {
    return {{std::min(min.x, o.min.x), std::min(min.y, o.min.y)}, {std::max(max.x, o.max.x), std::max(max.y, o.max.y)}};
  }
  friend bool operator==(const Rect&, const Rect&) = default;
};

}  // namespace pss::ui
