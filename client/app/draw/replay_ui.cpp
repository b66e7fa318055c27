#include "client/app/draw/replay_ui.h"

#include <imgui.h>

#include <algorithm>

#include "client/app/draw/board_ui.h"

namespace pss::draw {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;
constexpr float kTransportHeight = 96;

bool pressed(int key) { return ImGui::IsKeyPressed(key, true); }

}  // namespace

ReplayUi::ReplayUi(ui::Replay& replay, const Fonts& fonts)
    : replay_(replay), fonts_(fonts), doc_(replay), editor_(doc_), ids_("replay"), tools_(editor_, ids_) {}

// Frames the map as the session left it, so the cards that stay are in view throughout
// (the start of a session is often an empty map, nothing to fit).
void ReplayUi::fit_session() {
  ui::PlayHead& head = replay_.head();
  const std::int64_t time = head.time();
  const auto pinned = head.pinned();
  head.jump(head.last(), replay_.timeline().last_clock());
  tools_.frame({}, {}, canvas_rect_);  // rows laid out for that map
  tools_.fit_all();
  if (pinned)
    head.jump(time, *pinned);
  else
    head.scrub(time);
  fitted_ = true;
}

bool ReplayUi::frame(double dt) {
  const ImGuiIO& io = ImGui::GetIO();
  const Layout l = Layout::for_display(io.DisplaySize.x, io.DisplaySize.y);
  const double bottom = std::max(l.toolbar.max.y + 100, double(io.DisplaySize.y) - kTransportHeight);
  // The event list is wider than the board's side panel: its lines are sentences.
  const double list_left = std::max(200.0, io.DisplaySize.x - std::clamp(io.DisplaySize.x * 0.3, 230.0, 400.0));
  banner_rect_ = l.toolbar;
  canvas_rect_ = {l.canvas.min, {list_left, bottom}};
  list_rect_ = {{list_left, l.sidebar.min.y}, {l.sidebar.max.x, bottom}};
  transport_rect_ = {{0, bottom}, {double(io.DisplaySize.x), double(io.DisplaySize.y)}};
  keys();
  replay_.advance(dt);
  banner();
  transport();
  event_list();
  canvas(dt);
  return !leave_;
}

void ReplayUi::keys() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) replay_.head().toggle();
  const int direction =
      pressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow)) - pressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow));
  if (direction) replay_.step(direction);
  if (ImGui::IsKeyPressed(kKeyMinus, false)) replay_.head().slower();
  if (ImGui::IsKeyPressed(kKeyEqual, false)) replay_.head().faster();
  if (ImGui::IsKeyPressed(kKeyH, false) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
    leave_ = true;
}

void ReplayUi::canvas(double dt) {
  const ui::Rect r = canvas_rect_;
  ImGui::SetNextWindowPos(im(r.min));
  ImGui::SetNextWindowSize(im(r.size()));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::Begin("##replay_canvas", nullptr, kFixed | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::InvisibleButton(
      "##replay_board", im(r.size()),
      ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight | ImGuiButtonFlags_MouseButtonMiddle);
  const bool hovered = ImGui::IsItemHovered();
  if (!fitted_) fit_session();
  // Read-only: every button pans (nothing to drag or select), the wheel zooms, F fits.
  const ImGuiIO& io = ImGui::GetIO();
  ui::PointerInput in;
  in.mouse = {io.MousePos.x, io.MousePos.y};
  in.over_canvas = hovered;
  in.pan_pressed = hovered && (io.MouseClicked[0] || io.MouseClicked[1] || io.MouseClicked[2]);
  in.pan_down = io.MouseDown[0] || io.MouseDown[1] || io.MouseDown[2];
  in.wheel = hovered ? io.MouseWheel : 0;
  ui::KeyInput k;
  k.fit = !io.WantTextInput && !io.KeyCtrl && ImGui::IsKeyPressed(kKeyF, false);
  // The current change's cards and arrows are outlined as a selection: what changed.
  const std::vector<std::string> changed = replay_.highlighted();
  tools_.set_selection({changed.begin(), changed.end()});
  tools_.frame(in, k, r);
  if (tools_.mode() == ui::Mode::pan) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);

  // Cards glide while playing; a scrub or a jump shows the moment at once.
  std::vector<std::string> snap;
  if (!replay_.head().playing())
    for (const auto& [id, e] : tools_.map().elements()) snap.push_back(id);
  motion_.update(tools_.map(), dt, snap);

  std::vector<PeerView> peers;
  for (ui::ReplayCursor& c : replay_.cursors())
    peers.push_back(
        {c.session_id, std::move(c.name), c.color, pb::STAKEHOLDER_GROUP_UNSPECIFIED, std::move(c.presence)});
  painter_.paint(ImGui::GetWindowDrawList(), CanvasScene{tools_, motion_, peers, fonts_, color::accent});
  // A frame in the replay colour around the map: this is not the live board.
  ImGui::GetWindowDrawList()->AddRect(im(r.min), im(r.max), rgb(color::warn), 0, 0, 4);
  ImGui::End();
  ImGui::PopStyleVar(2);
}

bool replay_waiting(const Fonts& fonts, const std::string& room, const std::string& error) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), display, rgb(color::background));
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.45f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(480, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(28, 24));
  ImGui::Begin("##replay_wait", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(fonts.ui_bold);
  ImGui::TextUnformatted(error.empty() ? "Loading the recording\xE2\x80\xA6" : "No replay");
  ImGui::PopFont();
  ImGui::PushTextWrapPos(0);
  if (error.empty())
    ImGui::TextDisabled("Fetching the history of room %s from the server.", room.c_str());
  else
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(rgb(color::bad)), "%s", error.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  const bool back = ImGui::Button(error.empty() ? "Cancel" : "Back to the live room", ImVec2(-1, 32)) ||
                    ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  ImGui::End();
  ImGui::PopStyleVar();
  return back;
}

}  // namespace pss::draw
