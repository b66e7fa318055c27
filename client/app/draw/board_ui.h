// The whole board window as ImGui builds it each frame: toolbar with the card palette,
// canvas, side panel (participants, properties), status line, help overlay, in-place
// title editor. Needs an ImGui context but no window or GL, so the frame benchmark
// can build frames headless.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "client/app/draw/canvas.h"
#include "client/app/draw/theme.h"
#include "client/app/ui/motion.h"
#include "client/app/ui/tools.h"
#include "client/app/ui/workshop.h"
#include "method/map_checks.h"

namespace pss::draw {

enum class Tone { ok, busy, bad };

// What the connection knows, handed in by the app every frame.
struct SessionInfo {
  std::string room;
  std::string name;
  pb::StakeholderGroup group = pb::STAFF;
  std::uint32_t color = color::accent;  // ours, from the server
  std::string status = "offline";
  Tone tone = Tone::busy;
  std::uint64_t clock = 0;
  std::size_t pending = 0;
  std::vector<PeerView> peers;
  // Facilitation: this session's role and what the facilitator set (the server's word).
  std::uint32_t session_id = 0;
  pb::Role role = pb::ROLE_UNSPECIFIED;
  const pb::FacilitationState* workshop = nullptr;
  std::int64_t now_ms = 0;  // wall clock, for the shared timer
};

// Keys by GLFW's codes, which the ImGui GLFW backend uses as io.KeysDown indices.
inline constexpr int kKeyF = 70;    // GLFW_KEY_F
inline constexpr int kKeyF1 = 290;  // GLFW_KEY_F1
inline constexpr int kKeyH = 72;    // GLFW_KEY_H: the replay timeline (history)
inline constexpr int kKeyV = 86;    // GLFW_KEY_V: a dot on the selected card (Shift: take it back)

struct Layout {
  static constexpr float kToolbarHeight = 56;
  static constexpr float kSidebarWidth = 300;  // narrower in small windows
  static constexpr float kStatusHeight = 30;
  ui::Rect canvas;
  ui::Rect toolbar;
  ui::Rect sidebar;
  ui::Rect status;
  static Layout for_display(float width, float height);
};

class BoardUi {
 public:
  BoardUi(ui::Tools& tools, const Fonts& fonts) : tools_(tools), fonts_(fonts) {}

  // Builds one frame (between ImGui::NewFrame and ImGui::Render).
  void frame(const SessionInfo& info, double dt);
  // Shows a message over the canvas for a few seconds (rejected edits, reconnects).
  void notify(std::string text, Tone tone);
  // Instead of zoom-to-fit on the first frame with rows: canvas point at the canvas's
  // top-left corner, and zoom (tests use it to know where things are).
  void set_initial_view(ui::V2 canvas_top_left, double zoom);

  const Layout& layout() const { return layout_; }
  CanvasPainter& painter() { return painter_; }
  ui::MotionSmoother& motion() { return motion_; }
  bool help_visible() const { return help_; }
  bool has_toasts() const { return !toasts_.empty(); }
  // The user asked for the replay timeline (toolbar button or H) since the last call.
  bool take_replay_request() { return std::exchange(replay_request_, false); }
  // Facilitate commands and votes the user gave since the last call, for the server.
  std::vector<pb::ClientMessage> take_commands() { return std::exchange(commands_, {}); }
  bool following() const { return following_; }
  // Prints "widget NAME X Y" (window pixels, the centre) whenever a named side-panel
  // widget appears or moves: scripted window tests click the panels from it.
  void set_print_widgets(bool on) { print_widgets_ = on; }
  // Breakouts: the board this window shows ("" : the main map), decided before the frame
  // from the server's state and the person's choice (breakout_panel.cpp).
  const std::string& choose_board(const SessionInfo& info);
  const std::string& shown_board() const { return shown_board_; }

 private:
  void toolbar(const SessionInfo& info);
  void sidebar(const SessionInfo& info);
  void participants(const SessionInfo& info);
  void properties();
  void card_properties(const pb::Element& e);
  void link_properties(const pb::Link& l);
  // The PSS method (method_panels.cpp): a card's risks and measures, an arrow's risks,
  // and the map-wide panels: map checks, risk matrix, scorecard. Clicking an item
  // selects what it names.
  void card_method(const pb::Element& e);
  void risks_of(pb::RecordType type, const std::string& target);  // ELEMENT or LINK
  void card_measures(const pb::Element& e);
  void method_panels();
  // A text field that commits on leaving it and follows others' edits otherwise.
  bool text_field(const char* label, const std::string& key, const std::string& current, std::string* out,
                  bool multiline = false);
  void locate(const std::string& name);  // the last item, if printing widgets
  void status_bar(const SessionInfo& info);
  void workshop(const SessionInfo& info);
  void facilitator_controls(const SessionInfo& info);
  void person_controls(const SessionInfo& info, const PeerView& p);
  void breakouts(const SessionInfo& info);          // which group, board switcher
  void breakout_controls(const SessionInfo& info);  // facilitator: start, look into, merge, end
  void assign_control(const SessionInfo& info, const PeerView& p);
  void follow_view(const SessionInfo& info, const ui::ViewTransform& before);
  void send(const pb::Facilitate& f);
  void canvas(const SessionInfo& info, double dt);
  void title_editor();
  void help_overlay();
  void toasts(double dt);
  ui::PointerInput pointer_input(bool hovered) const;
  ui::KeyInput key_input();

  ui::Tools& tools_;
  const Fonts& fonts_;
  CanvasPainter painter_;
  ui::MotionSmoother motion_;
  Layout layout_;
  bool help_ = false;
  bool replay_request_ = false;
  bool view_set_ = false;
  bool has_initial_view_ = false;
  ui::V2 initial_corner_;
  double initial_zoom_ = 1;
  // In-place title editor.
  std::string editing_id_;
  std::string edit_buf_;
  int edit_frames_ = 0;
  ui::Rect title_rect_;  // where the editor was last frame
  // Properties panel text buffers, kept while their field is being edited.
  std::string props_id_;
  std::string title_buf_;
  std::string desc_buf_;
  std::string rationale_buf_;
  std::map<std::string, std::string> field_bufs_;  // text_field buffers by key
  bool measurement_phase_ = false;                 // map checks as in the measurement phase, by choice
  // The map checks' last findings and the state they were made from (every edit bumps
  // the view's clock; the counts guard a rebase that lands on the same clock).
  struct CheckKey {
    std::uint64_t clock = ~std::uint64_t{0};
    std::size_t elements = 0, links = 0, measures = 0;
    bool measuring = false;
    bool operator==(const CheckKey&) const = default;
  };
  CheckKey checks_key_;
  std::vector<method::Finding> checks_;
  pb::WorkshopPhase room_phase_ = pb::WORKSHOP_PHASE_UNSPECIFIED;  // as the facilitator set it
  std::string value_date_;
  double value_ = 0;
  struct Toast {
    std::string text;
    Tone tone;
    double left;
  };
  std::vector<Toast> toasts_;
  bool print_widgets_ = false;
  std::map<std::string, std::pair<int, int>> located_;  // where each was last printed
  // Facilitation.
  std::vector<pb::ClientMessage> commands_;
  ui::Follow follow_;
  bool following_ = false;
  int timer_minutes_ = 5;
  int votes_each_ = 3;
  int breakout_groups_ = 2;
  std::string shown_board_;  // "" : the main map
  std::string last_mine_;    // the group the server last put this session in
  bool last_running_ = false;
};

}  // namespace pss::draw
