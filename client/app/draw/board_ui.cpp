#include "client/app/draw/board_ui.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace pss::draw {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

bool key_pressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), false); }

}  // namespace

Layout Layout::for_display(float w, float h) {
  Layout l;
  const float sidebar = std::clamp(w * 0.22f, 230.0f, kSidebarWidth);
  const float canvas_right = std::max(200.0f, w - sidebar);
  l.toolbar = {{0, 0}, {w, kToolbarHeight}};
  l.status = {{0, std::max(kToolbarHeight, h - kStatusHeight)}, {w, h}};
  l.canvas = {{0, kToolbarHeight}, {canvas_right, l.status.min.y}};
  l.sidebar = {{canvas_right, kToolbarHeight}, {w, l.status.min.y}};
  return l;
}

void BoardUi::set_initial_view(ui::V2 corner, double zoom) {
  has_initial_view_ = true;
  initial_corner_ = corner;
  initial_zoom_ = zoom;
}

void BoardUi::notify(std::string text, Tone tone) {
  toasts_.push_back({std::move(text), tone, 5.0});
  if (toasts_.size() > 4) toasts_.erase(toasts_.begin());
}

void BoardUi::frame(const SessionInfo& info, double dt) {
  const ImGuiIO& io = ImGui::GetIO();
  layout_ = Layout::for_display(io.DisplaySize.x, io.DisplaySize.y);
  // A click outside the title editor saves the title first, so that whatever the click
  // does next (a palette button, another card) starts from a finished edit.
  if (!editing_id_.empty() && tools_.mode() == ui::Mode::edit_title && io.MouseClicked[0] &&
      !title_rect_.contains({io.MousePos.x, io.MousePos.y})) {
    tools_.commit_title(editing_id_, edit_buf_);
    editing_id_.clear();
  }
  toolbar(info);
  sidebar(info);
  status_bar(info);
  canvas(info, dt);
  title_editor();
  toasts(dt);
  if (help_) help_overlay();
}

ui::PointerInput BoardUi::pointer_input(bool hovered) const {
  const ImGuiIO& io = ImGui::GetIO();
  ui::PointerInput in;
  in.mouse = {io.MousePos.x, io.MousePos.y};
  in.over_canvas = hovered;
  in.left_pressed = io.MouseClicked[0];
  in.left_down = io.MouseDown[0];
  in.left_released = io.MouseReleased[0];
  in.left_double = io.MouseDoubleClicked[0];
  in.pan_pressed = io.MouseClicked[1] || io.MouseClicked[2];
  in.pan_down = io.MouseDown[1] || io.MouseDown[2];
  in.shift = io.KeyShift;
  in.ctrl = io.KeyCtrl;
  in.space = !io.WantTextInput && ImGui::IsKeyDown(ImGui::GetKeyIndex(ImGuiKey_Space));
  in.wheel = hovered ? io.MouseWheel : 0;
  return in;
}

ui::KeyInput BoardUi::key_input() {
  const ImGuiIO& io = ImGui::GetIO();
  ui::KeyInput k;
  if (io.WantTextInput) return k;
  if (ImGui::IsKeyPressed(kKeyF1, false)) help_ = !help_;
  if (!io.KeyCtrl && ImGui::IsKeyPressed(kKeyH, false)) replay_request_ = true;
  const bool escape = key_pressed(ImGuiKey_Escape);
  if (help_ && escape) {
    help_ = false;
    return k;
  }
  k.escape = escape;
  k.delete_selection = key_pressed(ImGuiKey_Delete) || key_pressed(ImGuiKey_Backspace);
  k.fit = !io.KeyCtrl && ImGui::IsKeyPressed(kKeyF, false);
  k.select_all = io.KeyCtrl && key_pressed(ImGuiKey_A);
  const bool z = io.KeyCtrl && key_pressed(ImGuiKey_Z);
  k.undo = z && !io.KeyShift;
  k.redo = (z && io.KeyShift) || (io.KeyCtrl && key_pressed(ImGuiKey_Y));
  return k;
}

void BoardUi::canvas(const SessionInfo& info, double dt) {
  const ui::Rect r = layout_.canvas;
  ImGui::SetNextWindowPos(im(r.min));
  ImGui::SetNextWindowSize(im(r.size()));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::Begin("##canvas", nullptr, kFixed | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::InvisibleButton("##board", im(r.size()),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  const bool hovered = ImGui::IsItemHovered();
  const ui::ViewTransform before = tools_.view();
  tools_.frame(pointer_input(hovered), key_input(), r);
  if (view_set_) follow_view(info, before);

  if (!view_set_ && !tools_.rows().empty()) {
    if (has_initial_view_) tools_.view().look_at(initial_corner_, r.min, initial_zoom_);
    else tools_.fit_all();
    view_set_ = true;
  }
  motion_.update(tools_.map(), dt, tools_.dragging());

  // Cursor shape says what a press would do.
  const auto& hover = tools_.hover();
  if (tools_.mode() == ui::Mode::pan) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
  else if (tools_.mode() == ui::Mode::create_link || hover.is(ui::Hit::Kind::handle))
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  else if (tools_.mode() == ui::Mode::drag_cards) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);

  painter_.paint(ImGui::GetWindowDrawList(),
                 CanvasScene{tools_, motion_, info.peers, fonts_, color::accent, info.workshop});
  ImGui::End();
  ImGui::PopStyleVar(2);
}

void BoardUi::title_editor() {
  const pb::Element* e = tools_.mode() == ui::Mode::edit_title ? tools_.map().element(tools_.editing()) : nullptr;
  if (!e) {
    editing_id_.clear();
    return;
  }
  if (editing_id_ != e->id()) {
    // Another card took over (the palette, a double-click): keep what was typed.
    if (!editing_id_.empty() && edit_frames_ > 0) tools_.commit_title(editing_id_, edit_buf_);
    editing_id_ = e->id();
    edit_buf_ = e->title();
    edit_frames_ = 0;
  }
  const ui::Rect card = tools_.view().rect_to_screen(ui::card_rect(*e));
  const float width = std::max(220.0f, float(card.width()));
  ImGui::SetNextWindowPos(ImVec2(float(card.center().x) - width * 0.5f, float(card.min.y) + 6));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  if (edit_frames_ == 0) ImGui::SetNextWindowFocus();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 6));
  ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(rgb(color::accent)));
  ImGui::Begin("##title_editor", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove);
  if (edit_frames_ == 0) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(-1);
  ImGui::PushID(editing_id_.c_str());  // a new widget per card: no state carried over
  const bool enter = ImGui::InputTextWithHint("##title", "Title of the card", &edit_buf_,
                                              ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
  const bool deactivated = ImGui::IsItemDeactivated();
  ImGui::PopID();
  ImGui::PushFont(fonts_.small);
  ImGui::TextDisabled("Enter to save, Esc to cancel");
  ImGui::PopFont();
  const ImVec2 wpos = ImGui::GetWindowPos(), wsize = ImGui::GetWindowSize();
  title_rect_ = {{wpos.x, wpos.y}, {wpos.x + wsize.x, wpos.y + wsize.y}};
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  ++edit_frames_;
  const std::string id = editing_id_;
  if (enter) tools_.commit_title(id, edit_buf_);
  else if (key_pressed(ImGuiKey_Escape)) tools_.cancel_edit();
  else if (deactivated && edit_frames_ > 2) tools_.commit_title(id, edit_buf_);  // clicked elsewhere
  if (tools_.mode() != ui::Mode::edit_title) editing_id_.clear();
}

void BoardUi::toasts(double dt) {
  for (auto& t : toasts_) t.left -= dt;
  std::erase_if(toasts_, [](const Toast& t) { return t.left <= 0; });
  if (toasts_.empty()) return;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  float y = float(layout_.canvas.max.y) - 16;
  for (auto it = toasts_.rbegin(); it != toasts_.rend(); ++it) {
    const ImVec2 size = fonts_.ui->CalcTextSizeA(15, FLT_MAX, 0, it->text.c_str());
    const float x = float(layout_.canvas.center().x) - size.x * 0.5f - 14;
    y -= size.y + 16;
    const std::uint32_t c = it->tone == Tone::bad ? color::bad : it->tone == Tone::busy ? color::warn : color::ok;
    const int alpha = int(255 * std::clamp(it->left / 0.5, 0.0, 1.0));
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + size.x + 28, y + size.y + 12), rgb(0x1F2933, alpha * 230 / 255), 8);
    dl->AddCircleFilled(ImVec2(x + 10, y + (size.y + 12) * 0.5f), 3.5f, rgb(c, alpha));
    dl->AddText(fonts_.ui, 15, ImVec2(x + 18, y + 6), IM_COL32(255, 255, 255, alpha), it->text.c_str());
    y -= 8;
  }
}

void BoardUi::help_overlay() {
  static const char* rows[][2] = {
      {"Double-click empty space in a row", "New card of that row's kind"},
      {"Double-click a card", "Edit its title (Enter saves, Esc cancels)"},
      {"Click / Shift+click", "Select / add to or remove from the selection"},
      {"Drag on empty space", "Rubber-band select (Shift keeps the selection)"},
      {"Drag a card", "Move it with the selection; where you drop sets its row"},
      {"Drag from the handle on a card's top", "Draw a \"contributes to\" arrow to another card"},
      {"Click an arrow", "Select it"},
      {"Delete or Backspace", "Delete the selected cards and arrows"},
      {"Ctrl+Z", "Undo your own last change"},
      {"Ctrl+Shift+Z or Ctrl+Y", "Redo"},
      {"Ctrl+A", "Select all cards"},
      {"Right or middle drag, Space+drag", "Pan"},
      {"Mouse wheel", "Zoom around the pointer"},
      {"F", "Zoom to fit the whole map"},
      {"H", "Replay the room's history, read-only (H or Esc: back)"},
      {"V / Shift+V", "During a dot vote: put a dot on the selected card / take one back"},
      {"In replay: Space, Left / Right", "Play or pause; previous / next change"},
      {"In replay: - / +, drag the bar", "Slower / faster; scrub forward or backward"},
      {"Esc", "Clear the selection, cancel a drag or an edit"},
      {"F1", "Show or hide this help"},
  };
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(700, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(22, 18));
  ImGui::Begin("##help", &help_, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(fonts_.ui_bold);
  ImGui::TextUnformatted("Keyboard and mouse");
  ImGui::PopFont();
  ImGui::Separator();
  if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, 270);
    ImGui::TableSetupColumn("does", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& row : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row[0]);
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", row[1]);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (ImGui::Button("Close")) help_ = false;
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace pss::draw
