// The board's interaction state machine (after imgui-node-editor's actions): idle,
// pan, drag cards, rubber-band select, create link, edit title. Fed one frame of input
// at a time, it changes the view and the selection and submits ops through the Editor,
// so every edit is undoable. No ImGui here: tests drive it with synthetic input.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "client/app/ui/geometry.h"
#include "client/app/ui/hit_test.h"
#include "client/app/ui/records.h"
#include "client/app/ui/row_layout.h"
#include "client/app/ui/undo.h"
#include "client/app/ui/view_transform.h"

namespace pss::ui {

inline constexpr V2 kCardSize{200, 96};
inline constexpr double kDragThresholdPx = 3;

struct PointerInput {
  V2 mouse;                   // screen pixels
  bool over_canvas = false;   // over the canvas and not over a panel
  bool left_pressed = false;
  bool left_down = false;
  bool left_released = false;
  bool left_double = false;   // the second press of a double click
  bool pan_pressed = false;   // middle or right button
  bool pan_down = false;
  bool shift = false;
  bool ctrl = false;
  bool space = false;
  double wheel = 0;           // notches, positive zooms in
};

// Shortcuts, edge-triggered, only when no text field has the keyboard.
struct KeyInput {
  bool delete_selection = false;
  bool escape = false;
  bool fit = false;
  bool select_all = false;
  bool undo = false;
  bool redo = false;
};

enum class Mode { idle, pan, drag_cards, rubber_band, create_link, edit_title };
const char* to_string(Mode mode);

class Tools {
 public:
  Tools(Editor& editor, IdSource& ids) : editor_(editor), ids_(ids) {}

  // One frame: `canvas` is the canvas widget's screen rectangle (sets the view origin).
  void frame(const PointerInput& in, const KeyInput& keys, const Rect& canvas);

  // Commands from panels and menus.
  std::string create_card(pb::ElementKind kind, std::optional<V2> center = std::nullopt);
  void begin_edit(const std::string& id);
  // Sets a card's title; ends edit_title if that card was being edited.
  void commit_title(const std::string& id, const std::string& title);
  void cancel_edit();
  void delete_selection();
  void fit_all();
  void set_selection(std::set<std::string> ids) { selection_ = std::move(ids); }
  // Patches `fields` of a card to the values in `value` as one undo step.
  void set_fields(const pb::Element& value, std::initializer_list<std::uint32_t> fields);

  Mode mode() const { return mode_; }
  const std::set<std::string>& selection() const { return selection_; }
  const Hit& hover() const { return hover_; }
  const std::string& editing() const { return editing_; }
  std::optional<Rect> rubber_band() const;             // canvas
  // While creating a link: source card, loose end (canvas), card under the end.
  struct LinkPreview {
    std::string from;
    V2 end;
    std::string target;
  };
  std::optional<LinkPreview> link_preview() const;
  std::vector<std::string> dragging() const;  // cards this user is moving now
  V2 cursor() const { return cursor_; }       // canvas
  bool cursor_on_canvas() const { return cursor_on_canvas_; }
  pb::Presence presence() const;

  ViewTransform& view() { return view_; }
  const ViewTransform& view() const { return view_; }
  const RowLayout& rows() const { return rows_; }
  Editor& editor() { return editor_; }
  IdSource& ids() { return ids_; }
  const StrategyMap& map() const { return editor_.view(); }
  Rect canvas_screen() const { return canvas_; }

 private:
  void idle(const PointerInput& in, const std::vector<const pb::Element*>& order);
  void drag(const PointerInput& in);
  void finish_drag();
  void band_select(const PointerInput& in);
  void link(const PointerInput& in, const std::vector<const pb::Element*>& order);
  void keys(const KeyInput& k);
  void prune_selection();

  Editor& editor_;
  IdSource& ids_;
  ViewTransform view_;
  RowLayout rows_;
  Rect canvas_;
  Mode mode_ = Mode::idle;
  Hit hover_;
  std::set<std::string> selection_;
  std::string editing_;
  V2 cursor_;
  bool cursor_on_canvas_ = false;
  V2 last_mouse_;         // screen, for panning
  V2 press_screen_;
  V2 press_canvas_;
  bool moved_ = false;    // drag passed the threshold
  bool pan_with_left_ = false;
  bool press_shift_ = false;
  std::string pressed_card_;
  std::vector<std::pair<std::string, V2>> drag_origins_;
  std::set<std::string> band_base_;  // selection kept by shift + rubber band
  std::string link_from_;
  std::string link_target_;
  int created_ = 0;       // staggers cards made from the palette
  bool edit_group_ = false;  // a new card and its first title are one undo step
};

}  // namespace pss::ui
