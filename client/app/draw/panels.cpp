// The fixed panels around the canvas: toolbar with the card palette, the side panel
// with participants and the properties of the selection, and the status line.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "client/app/draw/board_ui.h"
#include "client/app/draw/widgets.h"
#include "client/app/ui/labels.h"

namespace pss::draw {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

void begin_panel(const char* id, const ui::Rect& r, ImVec2 padding) {
  ImGui::SetNextWindowPos(im(r.min));
  ImGui::SetNextWindowSize(im(r.size()));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padding);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::Begin(id, nullptr, kFixed);
  ImGui::PopStyleVar(2);
}

// A button tinted with a kind colour, with a dot of that colour before the label.
bool kind_button(const char* label, std::uint32_t c) {
  ImGui::PushStyleColor(ImGuiCol_Button, v4(lighten(c, 0.88)));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, v4(lighten(c, 0.78)));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, v4(lighten(c, 0.68)));
  ImGui::PushStyleColor(ImGuiCol_Border, v4(lighten(c, 0.55)));
  ImGui::PushStyleColor(ImGuiCol_Text, v4(darken(c, 0.25)));
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetFrameHeight();
  const bool pressed = ImGui::Button((std::string("     ") + label).c_str(), ImVec2(0, h));
  ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(pos.x + 16, pos.y + h * 0.5f), 5, rgb(c));
  ImGui::PopStyleColor(5);
  return pressed;
}

}  // namespace

ImVec4 v4(std::uint32_t c, float a) { return ImGui::ColorConvertU32ToFloat4(rgb(c, int(a * 255))); }

void dot(std::uint32_t c, float radius) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(pos.x + radius, pos.y + h * 0.5f), radius, rgb(c));
  ImGui::Dummy(ImVec2(radius * 2, h));
  ImGui::SameLine();
}

void heading(const Fonts& fonts, const char* text) {
  ImGui::PushFont(fonts.small);
  ImGui::PushStyleColor(ImGuiCol_Text, v4(color::text_muted));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void BoardUi::toolbar(const SessionInfo& info) {
  begin_panel("##toolbar", layout_.toolbar, ImVec2(16, 12));
  // Narrow windows (two participants side by side) drop the wordmark and the zoom figure,
  // which the status line shows too.
  const bool compact = layout_.toolbar.width() < 1000;
  if (!compact) {
    ImGui::PushFont(fonts_.ui_bold);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("PSS Board");
    ImGui::PopFont();
    ImGui::SameLine();
  }
  ImGui::AlignTextToFramePadding();
  if (!info.room.empty()) ImGui::TextDisabled("%s%s", compact ? "" : "\xE2\x80\xA2  ", info.room.c_str());
  ImGui::SameLine(0, compact ? 20 : 36);
  static constexpr pb::ElementKind kinds[] = {pb::OUTCOME, pb::PROCESS, pb::CAPABILITY, pb::NOTE};
  for (pb::ElementKind kind : kinds) {
    if (kind_button(ui::kind_label(kind), kind_color(kind))) tools_.create_card(kind);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add a %s card (or double-click in a row)", ui::kind_label(kind));
    ImGui::SameLine();
  }
  // Right-aligned: undo, redo, zoom, fit, replay, help.
  const float right = ImGui::GetWindowContentRegionMax().x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 12, right - (compact ? 306 : 374)));
  ImGui::BeginDisabled(!tools_.editor().can_undo());
  if (ImGui::Button("Undo")) tools_.editor().undo();
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Undo your last change (Ctrl+Z)");
  ImGui::SameLine();
  ImGui::BeginDisabled(!tools_.editor().can_redo());
  if (ImGui::Button("Redo")) tools_.editor().redo();
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Redo (Ctrl+Shift+Z or Ctrl+Y)");
  if (!compact) {
    ImGui::SameLine(0, 16);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%3.0f%%", tools_.view().zoom() * 100);
  }
  ImGui::SameLine(0, compact ? 12 : 8);
  if (ImGui::Button("Fit")) tools_.fit_all();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom to fit the whole map (F)");
  ImGui::SameLine();
  if (ImGui::Button("Replay")) replay_request_ = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Replay the room's history on a timeline (H)");
  ImGui::SameLine();
  if (ImGui::Button("Help")) help_ = !help_;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keyboard and mouse shortcuts (F1)");
  ImGui::End();
}

void BoardUi::sidebar(const SessionInfo& info) {
  begin_panel("##sidebar", layout_.sidebar, ImVec2(18, 16));
  workshop(info);
  participants(info);
  ImGui::Dummy(ImVec2(0, 6));
  ImGui::Separator();
  ImGui::Dummy(ImVec2(0, 4));
  properties();
  method_panels();
  ImGui::End();
}

void BoardUi::participants(const SessionInfo& info) {
  char title[64];
  std::snprintf(title, sizeof title, "PARTICIPANTS  %zu", info.peers.size() + 1);
  heading(fonts_, title);
  auto person = [&](std::uint32_t c, const std::string& name, pb::StakeholderGroup group, pb::Role role, bool you) {
    dot(c);
    ImGui::TextUnformatted(name.c_str());
    if (you) {
      ImGui::SameLine(0, 4);
      ImGui::TextDisabled("(you)");
    }
    if (role == pb::FACILITATOR || role == pb::OBSERVER) {
      ImGui::SameLine(0, 4);
      ImGui::TextDisabled("%s", ui::role_name(role));
    }
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(ui::group_label(group)).x);
    ImGui::TextDisabled("%s", ui::group_label(group));
  };
  person(info.color, info.name, info.group, info.role, true);
  for (const PeerView& p : info.peers) {
    person(p.color, p.name, p.group, p.role, false);
    if (info.role == pb::FACILITATOR && p.role != pb::FACILITATOR) person_controls(info, p);
  }
}

void BoardUi::properties() {
  const auto& sel = tools_.selection();
  if (sel.size() == 1) {
    if (const pb::Element* e = tools_.map().element(*sel.begin())) return card_properties(*e);
    if (const pb::Link* l = tools_.map().link(*sel.begin())) return link_properties(*l);
  }
  props_id_.clear();
  heading(fonts_, "PROPERTIES");
  if (sel.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Select a card or an arrow to see and edit its details. Press F1 for all shortcuts.");
    ImGui::PopTextWrapPos();
    return;
  }
  ImGui::Text("%zu items selected", sel.size());
  if (ImGui::Button("Delete selected")) tools_.delete_selection();
}

void BoardUi::card_properties(const pb::Element& e) {
  if (props_id_ != e.id()) {
    props_id_ = e.id();
    title_buf_ = e.title();
    desc_buf_ = e.description();
  }
  heading(fonts_, "CARD");
  dot(card_accent(e));
  const ui::Band* band = tools_.rows().band_of(e.row());
  ImGui::Text("%s", ui::kind_label(e.kind()));
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("in %s", band ? band->label.c_str() : "no row (a free note)");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();

  ImGui::TextDisabled("Title");
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextMultiline("##title", &title_buf_, ImVec2(-1, ImGui::GetTextLineHeight() * 2.6f));
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    pb::Element v;
    v.set_id(e.id());
    v.set_title(title_buf_);
    tools_.set_fields(v, {pb::Element::kTitleFieldNumber});
  }
  if (!ImGui::IsItemActive()) title_buf_ = tools_.map().element(e.id())->title();  // follow others' edits

  ImGui::TextDisabled("Description");
  ImGui::InputTextMultiline("##description", &desc_buf_, ImVec2(-1, ImGui::GetTextLineHeight() * 6));
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    pb::Element v;
    v.set_id(e.id());
    v.set_description(desc_buf_);
    tools_.set_fields(v, {pb::Element::kDescriptionFieldNumber});
  }
  if (!ImGui::IsItemActive()) desc_buf_ = tools_.map().element(e.id())->description();

  ImGui::TextDisabled("Review status");
  const bool agreed = e.status() == pb::AGREED;
  for (int i = 0; i < 2; ++i) {
    const bool on = (i == 1) == agreed;
    ImGui::PushStyleColor(ImGuiCol_Button, on ? v4(i ? color::ok : color::text_muted) : v4(0xF1F3F6));
    ImGui::PushStyleColor(ImGuiCol_Text, on ? v4(0xFFFFFF) : v4(color::text));
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    if (ImGui::Button(i ? "Agreed" : "Draft", ImVec2(i ? ImGui::GetContentRegionAvail().x : half, 0)) && !on) {
      pb::Element v;
      v.set_id(e.id());
      v.set_status(i ? pb::AGREED : pb::DRAFT);
      tools_.set_fields(v, {pb::Element::kStatusFieldNumber});
    }
    ImGui::PopStyleColor(2);
    if (i == 0) ImGui::SameLine();
  }

  ImGui::TextDisabled("Colour");
  // Nine swatches across the panel, whatever its width.
  const float gap = 5;
  const float side = std::min(22.0f, (ImGui::GetContentRegionAvail().x - 8 * gap - 4) / 9);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 2);
  auto swatch = [&](std::uint32_t c, std::uint32_t shown, const char* id) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(id, ImVec2(side, side));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + side, pos.y + side), rgb(shown), 5);
    if (e.color() == c)
      dl->AddRect(ImVec2(pos.x - 2.5f, pos.y - 2.5f), ImVec2(pos.x + side + 2.5f, pos.y + side + 2.5f), rgb(color::text),
                  6, 0, 2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(c ? "Colour #%06X" : "Colour by kind", c);
    if (pressed && e.color() != c) {
      pb::Element v;
      v.set_id(e.id());
      v.set_color(c);
      tools_.set_fields(v, {pb::Element::kColorFieldNumber});
    }
    ImGui::SameLine(0, gap);
  };
  swatch(0, kind_color(e.kind()), "##auto");
  int n = 0;
  for (std::uint32_t c : kSwatches) swatch(c, c, ("##c" + std::to_string(n++)).c_str());
  ImGui::NewLine();
  ImGui::Spacing();
  ImGui::TextDisabled("Added by %s (%s)", e.author().empty() ? "you" : e.author().c_str(), ui::group_label(e.group()));
  const auto links = tools_.map().links_of(e.id());
  ImGui::TextDisabled("%zu arrow%s", links.size(), links.size() == 1 ? "" : "s");
  card_method(e);
  ImGui::Spacing();
  if (ImGui::Button("Delete card")) tools_.delete_selection();
}

void BoardUi::link_properties(const pb::Link& l) {
  if (props_id_ != l.id()) {
    props_id_ = l.id();
    rationale_buf_ = l.rationale();
  }
  heading(fonts_, "ARROW");
  const pb::Element* from = tools_.map().element(l.from());
  const pb::Element* to = tools_.map().element(l.to());
  auto name = [](const pb::Element* e) { return !e ? "?" : e->title().empty() ? "Untitled" : e->title().c_str(); };
  ImGui::PushTextWrapPos(0);
  ImGui::Text("%s", name(from));
  ImGui::TextDisabled("contributes to");
  ImGui::Text("%s", name(to));
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ImGui::TextDisabled("Rationale or evidence");
  ImGui::InputTextMultiline("##rationale", &rationale_buf_, ImVec2(-1, ImGui::GetTextLineHeight() * 5));
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    pb::Record r;
    r.mutable_link()->set_id(l.id());
    r.mutable_link()->set_rationale(rationale_buf_);
    tools_.editor().apply({ui::patch_op(r, {pb::Link::kRationaleFieldNumber})});
  }
  if (!ImGui::IsItemActive()) rationale_buf_ = tools_.map().link(l.id())->rationale();
  ImGui::Spacing();
  risks_of(pb::LINK, l.id());
  ImGui::Spacing();
  if (ImGui::Button("Delete arrow")) tools_.delete_selection();
}

void BoardUi::status_bar(const SessionInfo& info) {
  ImGui::PushStyleColor(ImGuiCol_WindowBg, v4(0xF9FAFB));
  begin_panel("##status", layout_.status, ImVec2(14, 5));
  ImGui::PushFont(fonts_.small);
  const std::uint32_t c = info.tone == Tone::ok ? color::ok : info.tone == Tone::busy ? color::warn : color::bad;
  dot(c, 4.5f);
  ImGui::TextUnformatted(info.status.c_str());
  ImGui::SameLine(0, 24);
  ImGui::TextDisabled("Room %s", info.room.c_str());
  ImGui::SameLine(0, 24);
  ImGui::TextDisabled("Clock %llu", static_cast<unsigned long long>(info.clock));
  ImGui::SameLine(0, 24);
  ImGui::TextDisabled("Pending %zu", info.pending);
  ImGui::SameLine(0, 24);
  ImGui::TextDisabled("%zu cards, %zu arrows", tools_.map().elements().size(), tools_.map().links().size());
  char right[128];
  std::snprintf(right, sizeof right, "%s   \xE2\x80\xA2   zoom %.0f%%   \xE2\x80\xA2   F1 help", ui::to_string(tools_.mode()),
                tools_.view().zoom() * 100);
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(right).x);
  ImGui::TextDisabled("%s", right);
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleColor();
}

}  // namespace pss::draw
