// Canvas <-> screen mapping of the board: screen = origin + pan + canvas * zoom.
// `origin` is where the canvas widget starts on screen (set each frame by the layout);
// pan and zoom are the user's view and survive window resizes.
#pragma once

#include "client/app/ui/geometry.h"

namespace pss::ui {

class ViewTransform {
 public:
  static constexpr double kMinZoom = 0.1;
  static constexpr double kMaxZoom = 4.0;

  V2 to_screen(V2 canvas) const { return origin_ + pan_ + canvas * zoom_; }
  V2 to_canvas(V2 screen) const { return (screen - origin_ - pan_) / zoom_; }
  Rect rect_to_screen(const Rect& canvas) const { return {to_screen(canvas.min), to_screen(canvas.max)}; }
  Rect rect_to_canvas(const Rect& screen) const { return {to_canvas(screen.min), to_canvas(screen.max)}; }
  double to_screen_length(double canvas) const { return canvas * zoom_; }
  double to_canvas_length(double screen) const { return screen / zoom_; }

  double zoom() const { return zoom_; }
  V2 pan() const { return pan_; }
  V2 origin() const { return origin_; }

  void set_origin(V2 screen_origin) { origin_ = screen_origin; }
  void pan_by(V2 screen_delta) { pan_ = pan_ + screen_delta; }
  // Scales by `factor` keeping the canvas point under `screen_anchor` where it is.
  void zoom_at(V2 screen_anchor, double factor);
  void set_zoom_at(V2 screen_anchor, double zoom);
  // Puts `canvas_point` at `screen_point` with the given zoom (clamped).
  void look_at(V2 canvas_point, V2 screen_point, double zoom);
  // Largest zoom (clamped) at which `canvas_box` fits `screen_area` less `margin` px each
  // side, centred.
  void fit(const Rect& canvas_box, const Rect& screen_area, double margin);
  // The part of the canvas `screen_area` shows.
  Rect visible(const Rect& screen_area) const { return rect_to_canvas(screen_area); }

  static double clamp_zoom(double zoom);

 private:
  V2 origin_;
  V2 pan_;
  double zoom_ = 1.0;
};

}  // namespace pss::ui
