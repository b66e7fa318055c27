// Replay mode's window, built each frame like BoardUi: a banner saying it is a
// read-only replay (and the way back), the map at the play head on the board's own
// canvas painter with the recorded cursors, the transport (play/pause, step, speed,
// a scrubber over the session's activity) and the event list beside it.
#pragma once

#include <string>
#include <vector>

#include "client/app/draw/canvas.h"
#include "client/app/draw/theme.h"
#include "client/app/ui/replay.h"

namespace pss::draw {

// Keys by GLFW's codes (see board_ui.h; H toggles replay).
inline constexpr int kKeyMinus = 45;  // GLFW_KEY_MINUS: slower
inline constexpr int kKeyEqual = 61;  // GLFW_KEY_EQUAL (+): faster

class ReplayUi {
 public:
  ReplayUi(ui::Replay& replay, const Fonts& fonts);

  // Builds one frame. False once the user asked to go back to the live room.
  bool frame(double dt);
  // Something moves (playing, gliding cards): the app should draw at full rate.
  bool busy() const { return replay_.head().playing() || motion_.animating(); }
  const ui::Tools& tools() const { return tools_; }

 private:
  void banner();
  void transport();
  void scrubber(float width);
  void event_list();
  void canvas(double dt);
  void keys();
  void fit_session();

  ui::Replay& replay_;
  const Fonts& fonts_;
  ui::ReplayDocument doc_;
  ui::Editor editor_;
  ui::IdSource ids_;
  ui::Tools tools_;
  CanvasPainter painter_;
  ui::MotionSmoother motion_;
  ui::Rect canvas_rect_, banner_rect_, transport_rect_, list_rect_;
  bool leave_ = false;
  bool fitted_ = false;
  std::optional<std::size_t> shown_event_;  // the list scrolls when the current event changes
  // Changes per pixel column of the scrubber, computed when its width changes.
  std::vector<float> activity_;
  float activity_width_ = 0;
};

// The replay's place-holder while the recording loads or when it could not: a message
// and a button back. True when the button was pressed.
bool replay_waiting(const Fonts& fonts, const std::string& room, const std::string& error);

}  // namespace pss::draw
