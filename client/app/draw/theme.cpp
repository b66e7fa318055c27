#include "client/app/draw/theme.h"

#include <algorithm>
#include <filesystem>

namespace pss::draw {

namespace {

std::uint32_t mix(std::uint32_t c, std::uint32_t with, double t) {
  t = std::clamp(t, 0.0, 1.0);
  auto channel = [&](int shift) {
    const double a = (c >> shift) & 0xFF;
    const double b = (with >> shift) & 0xFF;
    return static_cast<std::uint32_t>(a + (b - a) * t + 0.5) << shift;
  };
  return channel(16) | channel(8) | channel(0);
}

ImVec4 v4(std::uint32_t c, float alpha = 1) {
  return ImVec4(((c >> 16) & 0xFF) / 255.f, ((c >> 8) & 0xFF) / 255.f, (c & 0xFF) / 255.f, alpha);
}

}  // namespace

std::uint32_t lighten(std::uint32_t c, double amount) { return mix(c, 0xFFFFFF, amount); }
std::uint32_t darken(std::uint32_t c, double amount) { return mix(c, 0x000000, amount); }

std::uint32_t kind_color(pb::ElementKind kind) {
  switch (kind) {
    case pb::OUTCOME: return 0x2F855A;     // green: what we want to achieve
    case pb::PROCESS: return 0x2B6CB0;     // blue: what we do
    case pb::CAPABILITY: return 0x7A4FC4;  // violet: what enables it
    case pb::NOTE: return 0xD69E2E;        // amber: sticky notes
    default: return 0x6B7280;
  }
}

std::uint32_t band_tint(pb::ElementKind kind, int index) {
  return lighten(kind_color(kind), index % 2 ? 0.905 : 0.93);
}

Fonts load_fonts(const std::string& font_dir, float ui_size) {
  ImGuiIO& io = ImGui::GetIO();
  Fonts fonts;
  const std::string regular = font_dir + "/DejaVuSans.ttf";
  const std::string bold = font_dir + "/DejaVuSans-Bold.ttf";
  std::error_code ec;
  if (!std::filesystem::exists(regular, ec)) {
    fonts.ui = fonts.ui_bold = fonts.small = fonts.card = fonts.card_large = io.Fonts->AddFontDefault();
    return fonts;
  }
  // Latin with accents, general punctuation (dashes, quotes, ellipsis), arrows, check marks.
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    static const ImWchar extra[] = {0x0100, 0x017F, 0x2000, 0x206F, 0x20AC, 0x20AC, 0x2190, 0x21FF,
                                    0x2022, 0x2022, 0x25CF, 0x25CF, 0x2713, 0x2714, 0};
    builder.AddRanges(extra);
    builder.BuildRanges(&ranges);
  }
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  auto add = [&](const std::string& file, float size) {
    return io.Fonts->AddFontFromFileTTF(file.c_str(), size, &cfg, ranges.Data);
  };
  fonts.ui = add(regular, ui_size);
  fonts.ui_bold = std::filesystem::exists(bold, ec) ? add(bold, ui_size) : fonts.ui;
  fonts.small = add(regular, ui_size - 3);
  fonts.card = add(regular, 18);
  fonts.card_large = add(regular, 34);
  fonts.dejavu = fonts.ui != nullptr;
  if (!fonts.ui) fonts.ui = fonts.ui_bold = fonts.small = fonts.card = fonts.card_large = io.Fonts->AddFontDefault();
  io.FontDefault = fonts.ui;
  return fonts;
}

void apply_style() {
  ImGuiStyle& s = ImGui::GetStyle();
  ImGui::StyleColorsLight(&s);
  s.WindowPadding = ImVec2(14, 12);
  s.FramePadding = ImVec2(10, 6);
  s.ItemSpacing = ImVec2(8, 8);
  s.ItemInnerSpacing = ImVec2(6, 6);
  s.WindowRounding = 8;
  s.ChildRounding = 6;
  s.FrameRounding = 6;
  s.PopupRounding = 6;
  s.GrabRounding = 6;
  s.ScrollbarRounding = 6;
  s.WindowBorderSize = 1;
  s.FrameBorderSize = 1;
  s.ScrollbarSize = 12;
  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = v4(color::text);
  c[ImGuiCol_TextDisabled] = v4(color::text_muted);
  c[ImGuiCol_WindowBg] = v4(color::panel);
  c[ImGuiCol_ChildBg] = v4(color::panel, 0);
  c[ImGuiCol_PopupBg] = v4(color::panel);
  c[ImGuiCol_Border] = v4(color::panel_border);
  c[ImGuiCol_FrameBg] = v4(0xF7F8FA);
  c[ImGuiCol_FrameBgHovered] = v4(0xEEF2F8);
  c[ImGuiCol_FrameBgActive] = v4(0xE6EDFA);
  c[ImGuiCol_Button] = v4(0xF1F3F6);
  c[ImGuiCol_ButtonHovered] = v4(0xE4E8EE);
  c[ImGuiCol_ButtonActive] = v4(0xD8DEE6);
  c[ImGuiCol_Header] = v4(0xE8EEF9);
  c[ImGuiCol_HeaderHovered] = v4(0xDDE6F7);
  c[ImGuiCol_HeaderActive] = v4(0xD0DCF4);
  c[ImGuiCol_CheckMark] = v4(color::accent);
  c[ImGuiCol_SliderGrab] = v4(color::accent);
  c[ImGuiCol_Separator] = v4(color::panel_border);
  c[ImGuiCol_TitleBg] = v4(0xF7F8FA);
  c[ImGuiCol_TitleBgActive] = v4(0xEEF1F5);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.12f, 0.16f, 0.22f, 0.35f);
  c[ImGuiCol_TextSelectedBg] = v4(color::accent, 0.25f);
  c[ImGuiCol_NavHighlight] = v4(color::accent, 0.6f);
}

}  // namespace pss::draw
