// Cards: shadow, tinted body, kind-coloured header bar, wrapped title, footer with the
// kind and review status, selection and hover outlines, and the link handle.
#include <algorithm>
#include <cfloat>
#include <cmath>

#include "client/app/draw/canvas.h"
#include "client/app/ui/labels.h"
#include "client/app/ui/text_wrap.h"

namespace pss::draw {

using ui::Rect;
using ui::V2;

namespace {
constexpr float kLineHeight = kCardTitleSize * 1.28f;
constexpr float kFooterHeight = 24;
constexpr float kFooterSize = 11;
}  // namespace

const std::vector<std::string>& CardTextCache::lines(const pb::Element& e, double width, int max_lines,
                                                     ImFont* font, float font_size) {
  Entry& entry = entries_[e.id()];
  if (entry.title != e.title() || entry.width != width || entry.max_lines != max_lines || entry.lines.empty()) {
    entry.title = e.title();
    entry.width = width;
    entry.max_lines = max_lines;
    entry.lines = ui::wrap_text(e.title(), width, max_lines, [&](std::string_view text) {
      return double(font->CalcTextSizeA(font_size, FLT_MAX, 0, text.data(), text.data() + text.size()).x);
    });
  }
  return entry.lines;
}

void CardTextCache::trim(const StrategyMap& map) {
  if (entries_.size() <= map.elements().size() + 64) return;
  std::erase_if(entries_, [&](const auto& kv) { return !map.element(kv.first); });
}

void CanvasPainter::method_marks(ImDrawList* dl, const pb::Element& e, ImVec2 a, ImVec2 b, float z) const {
  if (auto risk = card_risks_.find(e.id()); risk != card_risks_.end()) {
    // Outlined in the band of its highest open risk; the badge counts them.
    const ImU32 band = rgb(method::rag_color(risk->second.band));
    dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), band, kCardRounding * z + 2, 0,
                std::clamp(3.5f * z, 2.0f, 5.0f));
    const float r = std::clamp(9 * z, 6.0f, 12.0f);
    const ImVec2 c(a.x + r * 0.4f, a.y + r * 0.4f);
    dl->AddCircleFilled(c, r + 1.5f, IM_COL32_WHITE);
    dl->AddCircleFilled(c, r, band);
    const std::string n = std::to_string(risk->second.count);
    const ImVec2 size = ImGui::CalcTextSize(n.c_str());
    dl->AddText(ImVec2(c.x - size.x / 2, c.y - size.y / 2), IM_COL32_WHITE, n.c_str());
  }
  if (auto status = card_status_.find(e.id()); status != card_status_.end()) {
    const float r = std::clamp(6 * z, 4.0f, 9.0f);
    const ImVec2 c(b.x - r - 6 * z, b.y - r - 6 * z);
    dl->AddCircleFilled(c, r + 1.5f, IM_COL32_WHITE);
    dl->AddCircleFilled(c, r, rgb(method::rag_color(status->second)));
  }
}

void CanvasPainter::card(ImDrawList* dl, const CanvasScene& s, const pb::Element& e, const Rect& canvas_rect,
                         bool moving) {
  const auto& view = s.tools.view();
  const float z = float(view.zoom());
  const Rect r = view.rect_to_screen(canvas_rect);
  const ImVec2 a = im(r.min), b = im(r.max);
  const float rounding = kCardRounding * z;
  const std::uint32_t accent = card_accent(e);
  // Near-white cards on tinted rows; notes are yellow stickies.
  const std::uint32_t tint = lighten(accent, e.kind() == pb::NOTE ? 0.72 : 0.955);

  // Soft two-layer shadow; a card being moved floats a little higher.
  const float lift = moving ? 3.0f : 1.0f;
  dl->AddRectFilled(ImVec2(a.x - 1, a.y + 1 * lift), ImVec2(b.x + 1, b.y + 3 * lift), IM_COL32(20, 30, 50, 14),
                    rounding + 2);
  dl->AddRectFilled(ImVec2(a.x, a.y + 1 * lift), ImVec2(b.x, b.y + 1.5f * lift), IM_COL32(20, 30, 50, 22), rounding);
  dl->AddRectFilled(a, b, rgb(tint), rounding);
  dl->AddRectFilled(a, ImVec2(b.x, a.y + kCardHeaderHeight * z), rgb(accent), rounding, ImDrawFlags_RoundCornersTop);
  dl->AddRect(a, b, rgb(accent, 90), rounding, 0, 1.0f);
  method_marks(dl, e, a, b, z);
  if (e.status() == pb::AGREED) {
    // Agreed: a green check badge on the top-right corner, readable at any zoom.
    const float r = std::clamp(7 * z, 5.0f, 10.0f);
    const ImVec2 c(b.x - r - 4 * z, a.y + kCardHeaderHeight * z * 0.5f);
    dl->AddCircleFilled(c, r + 1.5f, IM_COL32_WHITE);
    dl->AddCircleFilled(c, r, rgb(color::ok));
    const ImVec2 p[] = {{c.x - r * 0.45f, c.y + r * 0.02f}, {c.x - r * 0.1f, c.y + r * 0.38f}, {c.x + r * 0.5f, c.y - r * 0.35f}};
    dl->AddPolyline(p, 3, IM_COL32_WHITE, 0, std::max(1.2f, r * 0.25f));
  }

  const float pad = kCardPadding * z;
  const float natural_px = kCardTitleSize * z;
  const float text_top = a.y + (kCardHeaderHeight + 9) * z;
  if (z >= kMinTextZoom) {
    // Zoomed out, titles keep a readable size and wrap to fewer words per line instead
    // of shrinking into noise; zoomed in, they scale with the card.
    const float px = std::max(natural_px, kMinTitlePixels);
    const float line_h = px * 1.28f;
    const float foot_px = kFooterSize * z;
    const bool footer = foot_px >= 9;
    const float avail = (b.y - text_top) - (footer ? kFooterHeight * z : 4 * z);
    const int max_lines = std::max(1, int(avail / line_h));
    // Wrap width in units of the reference size: constant while the title is not
    // clamped, so the cache holds across zooms.
    const double width_ref = std::round((canvas_rect.width() - 2 * kCardPadding) * z / px * kCardTitleSize * 2) / 2;
    ImFont* font = s.fonts.card_for(px);
    const ImVec4 clip(a.x, a.y, b.x, b.y);
    if (e.title().empty()) {
      dl->AddText(font, px, ImVec2(a.x + pad, text_top), rgb(color::text_muted, 150), "Untitled", nullptr, 0, &clip);
    } else {
      const auto& lines = text_.lines(e, width_ref, max_lines, s.fonts.card, kCardTitleSize);
      float y = text_top;
      for (const auto& line : lines) {
        dl->AddText(font, px, ImVec2(a.x + pad, y), rgb(color::text), line.data(), line.data() + line.size(), 0,
                    &clip);
        y += line_h;
      }
    }
    if (footer)
      dl->AddText(font, foot_px, ImVec2(a.x + pad, b.y - (kFooterHeight - 6) * z), rgb(darken(accent, 0.15), 220),
                  ui::kind_label(e.kind()));
  } else {
    // Too small to read: bars suggest the title.
    const float h = std::max(1.0f, 4 * z);
    const float w = float(canvas_rect.width() - 2 * kCardPadding) * z;
    dl->AddRectFilled(ImVec2(a.x + pad, text_top), ImVec2(a.x + pad + w, text_top + h), rgb(color::text, 60));
    if (e.title().size() > 14)
      dl->AddRectFilled(ImVec2(a.x + pad, text_top + 2.5f * h), ImVec2(a.x + pad + w * 0.6f, text_top + 3.5f * h),
                        rgb(color::text, 60));
  }

  card_marks(dl, s, e, a, b);
  const auto& hover = s.tools.hover();
  const bool selected = s.tools.selection().contains(e.id());
  const bool hovered = hover.id == e.id() && hover.kind != ui::Hit::Kind::link;
  if (selected) {
    dl->AddRect(ImVec2(a.x - 3, a.y - 3), ImVec2(b.x + 3, b.y + 3), rgb(s.self_color), rounding + 3, 0, 2.0f);
  } else if (hovered) {
    dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), rgb(s.self_color, 110), rounding + 2, 0, 1.5f);
  }
  // The link handle: shown on the card under the pointer and on a lone selected card.
  if ((hovered || (selected && s.tools.selection().size() == 1)) && s.tools.mode() == ui::Mode::idle &&
      z >= kMinTextZoom) {
    const ImVec2 h = im(view.to_screen(ui::handle_center(canvas_rect)));
    const bool on_handle = hovered && hover.is(ui::Hit::Kind::handle);
    const float radius = on_handle ? 7.5f : 6.0f;
    dl->AddCircleFilled(ImVec2(h.x, h.y + 1), radius + 1, IM_COL32(20, 30, 50, 30));
    dl->AddCircleFilled(h, radius, on_handle ? rgb(s.self_color) : IM_COL32_WHITE);
    dl->AddCircle(h, radius, rgb(on_handle ? s.self_color : accent), 0, 2.0f);
    const ImU32 mark = on_handle ? IM_COL32_WHITE : rgb(accent);
    dl->AddLine(ImVec2(h.x, h.y + 3), ImVec2(h.x, h.y - 3), mark, 1.6f);
    dl->AddLine(ImVec2(h.x - 3, h.y - 0.5f), ImVec2(h.x, h.y - 3.5f), mark, 1.6f);
    dl->AddLine(ImVec2(h.x + 3, h.y - 0.5f), ImVec2(h.x, h.y - 3.5f), mark, 1.6f);
  }
}

}  // namespace pss::draw
