#include "client/app/ui/view_transform.h"

#include <algorithm>
#include <cmath>

namespace pss::ui {

double ViewTransform::clamp_zoom(double zoom) {
  if (!std::isfinite(zoom)) return 1.0;
  return std::clamp(zoom, kMinZoom, kMaxZoom);
}

void ViewTransform::zoom_at(V2 screen_anchor, double factor) { set_zoom_at(screen_anchor, zoom_ * factor); }

void ViewTransform::set_zoom_at(V2 screen_anchor, double zoom) {
  const V2 anchored = to_canvas(screen_anchor);
  zoom_ = clamp_zoom(zoom);
  // Solve origin + pan + anchored * zoom = anchor for pan.
  pan_ = screen_anchor - origin_ - anchored * zoom_;
}

void ViewTransform::look_at(V2 canvas_point, V2 screen_point, double zoom) {
  zoom_ = clamp_zoom(zoom);
  pan_ = screen_point - origin_ - canvas_point * zoom_;
}

void ViewTransform::fit(const Rect& canvas_box, const Rect& screen_area, double margin) {
  const double w = std::max(1.0, screen_area.width() - 2 * margin);
  const double h = std::max(1.0, screen_area.height() - 2 * margin);
  const double bw = std::max(1.0, canvas_box.width());
  const double bh = std::max(1.0, canvas_box.height());
  look_at(canvas_box.center(), screen_area.center(), std::min(w / bw, h / bh));
}

}  // namespace pss::ui
