// Replay mode's panels: the banner, the transport with its scrubber, the event list.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "client/app/draw/replay_ui.h"

namespace pss::draw {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;
constexpr std::uint32_t kBanner = 0xFDF3DC;  // warm: not the live board

ImVec4 v4(std::uint32_t c) { return ImGui::ColorConvertU32ToFloat4(rgb(c)); }

void begin_panel(const char* id, const ui::Rect& r, ImVec2 padding, std::uint32_t bg = color::panel) {
  ImGui::SetNextWindowPos(im(r.min));
  ImGui::SetNextWindowSize(im(r.size()));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padding);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, v4(bg));
  ImGui::Begin(id, nullptr, kFixed);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
}

// A button that shows it is the chosen one of a group.
bool toggle_button(const char* label, bool on, ImVec2 size = ImVec2(0, 0)) {
  ImGui::PushStyleColor(ImGuiCol_Button, on ? v4(color::accent) : v4(0xF1F3F6));
  ImGui::PushStyleColor(ImGuiCol_Text, on ? v4(0xFFFFFF) : v4(color::text));
  const bool pressed = ImGui::Button(label, size);
  ImGui::PopStyleColor(2);
  return pressed;
}

}  // namespace

void ReplayUi::banner() {
  begin_panel("##replay_banner", banner_rect_, ImVec2(16, 12), kBanner);
  ImGui::PushFont(fonts_.ui_bold);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(replay_.banner().c_str());
  ImGui::PopFont();
  ImGui::SameLine(0, 16);
  ImGui::TextDisabled("%s", replay_.timeline().room().c_str());
  const char* back = "Back to the live room (H)";
  const float w = ImGui::CalcTextSize(back).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 12, ImGui::GetWindowContentRegionMax().x - w));
  if (ImGui::Button(back)) leave_ = true;
  ImGui::End();
}

void ReplayUi::transport() {
  begin_panel("##replay_transport", transport_rect_, ImVec2(16, 10));
  scrubber(ImGui::GetContentRegionAvail().x);
  ui::PlayHead& head = replay_.head();
  if (toggle_button(head.playing() ? "Pause" : "Play", head.playing(), ImVec2(72, 0))) head.toggle();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play or pause (Space)");
  ImGui::SameLine();
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) replay_.step(-1);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Previous change (Left)");
  ImGui::SameLine();
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) replay_.step(+1);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Next change (Right)");
  ImGui::SameLine(0, 24);
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Speed");
  for (int i = 0; i < ui::kReplaySpeedCount; ++i) {
    char label[16];
    std::snprintf(label, sizeof label, "%gx", ui::kReplaySpeeds[i]);
    ImGui::SameLine();
    if (toggle_button(label, head.speed_index() == i)) head.set_speed(i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback speed (- and + change it)");
  }
  ImGui::SameLine(0, 24);
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s / %s", ui::duration_text(head.time() - head.first()).c_str(),
              ui::duration_text(head.last() - head.first()).c_str());
  ImGui::SameLine(0, 16);
  ImGui::TextDisabled("%s \xE2\x80\x93 %s", ui::time_of_day(head.first()).c_str(),
                      ui::time_of_day(head.last()).c_str());
  ImGui::End();
}

// A track over the whole session with its activity (changes per column, square-root
// scaled so one busy minute does not flatten the rest), the played part tinted, and
// the play head. Press or drag anywhere to scrub, forward or backward.
void ReplayUi::scrubber(float width) {
  const ui::PlayHead& head = replay_.head();
  const double span = std::max<double>(1, double(head.last() - head.first()));
  if (width != activity_width_) {
    activity_width_ = width;
    activity_.assign(std::max(1, int(width)), 0);
    for (const auto& e : replay_.timeline().events()) {
      const auto col = std::size_t(double(e.wall_ms - head.first()) / span * double(activity_.size() - 1));
      activity_[std::min(col, activity_.size() - 1)] += 1;
    }
    const float most = std::max(1.0f, *std::max_element(activity_.begin(), activity_.end()));
    for (float& a : activity_) a = std::sqrt(a / most);
  }
  const float height = 30;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##scrubber", ImVec2(width, height));
  if (ImGui::IsItemActive()) {
    const double f = std::clamp((ImGui::GetIO().MousePos.x - p.x) / width, 0.0f, 1.0f);
    replay_.scrub(head.first() + std::int64_t(std::llround(f * span)));
  }
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float at = p.x + float(double(head.time() - head.first()) / span) * width;
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + height), rgb(0xF1F3F6), 6);
  for (std::size_t i = 0; i < activity_.size(); ++i) {
    if (activity_[i] <= 0) continue;
    const float x = p.x + float(i);
    const float h = 3 + activity_[i] * (height - 8);
    dl->AddLine(ImVec2(x, p.y + height - 2), ImVec2(x, p.y + height - 2 - h),
                rgb(x <= at ? color::accent : color::link, 150));
  }
  dl->AddLine(ImVec2(at, p.y - 2), ImVec2(at, p.y + height + 2), rgb(color::text), 2);
  dl->AddCircleFilled(ImVec2(at, p.y - 2), 5, rgb(color::text));
  ImGui::Dummy(ImVec2(0, 2));
}

void ReplayUi::event_list() {
  begin_panel("##replay_events", list_rect_, ImVec2(14, 12));
  const auto& events = replay_.timeline().events();
  ImGui::PushFont(fonts_.small);
  ImGui::TextDisabled("WHO CHANGED WHAT  %zu", events.size());
  ImGui::PopFont();
  ImGui::BeginChild("##events", ImVec2(0, 0), false);
  ImGui::PushFont(fonts_.small);  // one sentence a line: more of each fits
  const auto current = replay_.current_event();
  const float row = ImGui::GetTextLineHeightWithSpacing();
  if (current != shown_event_) {  // keep the current event in view (playing, scrubbing, stepping)
    if (current) ImGui::SetScrollY(std::max(0.0f, float(*current) * row - ImGui::GetWindowHeight() * 0.4f));
    shown_event_ = current;
  }
  ImGuiListClipper clipper;
  clipper.Begin(int(events.size()), row);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const auto& e = events[std::size_t(i)];
      ImGui::PushID(i);
      const ImVec2 pos = ImGui::GetCursorScreenPos();
      if (ImGui::Selectable("##event", current && *current == std::size_t(i))) {
        replay_.select_event(std::size_t(i));
        shown_event_ = std::size_t(i);  // clicked: it is in view already
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s  %s", ui::time_of_day(e.wall_ms).c_str(), e.text.c_str());
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const bool person = e.kind != history::TimelineEvent::Kind::change;
      dl->AddCircleFilled(ImVec2(pos.x + 5, pos.y + row * 0.45f), person ? 3.0f : 4.0f,
                          rgb(ui::person_color(e.session_id)));
      dl->AddText(ImVec2(pos.x + 16, pos.y), ImGui::GetColorU32(person ? ImGuiCol_TextDisabled : ImGuiCol_Text),
                  e.text.c_str());
      ImGui::PopID();
    }
  }
  ImGui::PopFont();
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace pss::draw
