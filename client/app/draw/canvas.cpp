#include "client/app/draw/canvas.h"

#include <algorithm>
#include <cmath>

namespace pss::draw {

using ui::Bezier;
using ui::Rect;
using ui::V2;

ImVec2 im(V2 v) { return ImVec2(static_cast<float>(v.x), static_cast<float>(v.y)); }

void draw_arrow(ImDrawList* dl, const Bezier& c, ImU32 col, float thickness, float head) {
  const V2 dir = c.direction_at_end();
  // End the line at the arrowhead's base so its thick end does not poke past the tip.
  const V2 back = dir * (head * 0.8);
  dl->AddBezierCubic(im(c.p0), im(c.p1), im(c.p2 - back), im(c.p3 - back), col, thickness);
  const V2 side{-dir.y, dir.x};
  const V2 base = c.p3 - dir * head;
  dl->AddTriangleFilled(im(c.p3), im(base + side * (head * 0.5)), im(base - side * (head * 0.5)), col);
}

ImVec2 draw_pill(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 bg, ImU32 fg, const char* text) {
  const ImVec2 t = font->CalcTextSizeA(size, FLT_MAX, 0, text);
  const ImVec2 pad(size * 0.5f, size * 0.22f);
  const ImVec2 box(t.x + 2 * pad.x, t.y + 2 * pad.y);
  dl->AddRectFilled(pos, ImVec2(pos.x + box.x, pos.y + box.y), bg, box.y * 0.5f);
  dl->AddText(font, size, ImVec2(pos.x + pad.x, pos.y + pad.y), fg, text);
  return box;
}

Rect CanvasPainter::shown_rect(const CanvasScene& s, const pb::Element& e) const {
  return Rect::from_pos_size(s.motion.position(e), {e.size().x(), e.size().y()});
}

void CanvasPainter::paint(ImDrawList* dl, const CanvasScene& s) {
  const Rect screen = s.tools.canvas_screen();
  const Rect visible = s.tools.view().visible(screen);
  dl->PushClipRect(im(screen.min), im(screen.max), true);
  dl->AddRectFilled(im(screen.min), im(screen.max), rgb(color::background));
  bands(dl, s, screen, false);
  grid(dl, s, screen);
  links(dl, s, visible);
  cards(dl, s, visible);
  link_badges(dl, float(s.tools.view().zoom()));
  tool_overlays(dl, s);
  bands(dl, s, screen, true);
  peers(dl, s, screen);
  dl->PopClipRect();
  text_.trim(s.tools.map());
}

void CanvasPainter::grid(ImDrawList* dl, const CanvasScene& s, const Rect& screen) {
  // Dots every 40 canvas units, or every 200 when they would crowd; the phase comes
  // from fmod of the canvas origin's screen position, as in imnodes.
  const double zoom = s.tools.view().zoom();
  double step = 40 * zoom;
  if (step < 14) step = 200 * zoom;
  if (step < 8) return;
  const V2 origin = s.tools.view().to_screen(V2{0, 0});
  const double x0 = screen.min.x + std::fmod(std::fmod(origin.x - screen.min.x, step) + step, step);
  const double y0 = screen.min.y + std::fmod(std::fmod(origin.y - screen.min.y, step) + step, step);
  const ImU32 dot = IM_COL32(60, 70, 90, 38);
  const float r = zoom > 1.5 ? 1.5f : 1.1f;
  for (double y = y0; y < screen.max.y; y += step)
    for (double x = x0; x < screen.max.x; x += step)
      dl->AddRectFilled(ImVec2(float(x) - r, float(y) - r), ImVec2(float(x) + r, float(y) + r), dot);
}

void CanvasPainter::bands(ImDrawList* dl, const CanvasScene& s, const Rect& screen, bool labels) {
  const auto& view = s.tools.view();
  for (const ui::Band& b : s.tools.rows().bands()) {
    const double top = view.to_screen(V2{0, b.top}).y;
    const double bottom = view.to_screen(V2{0, b.bottom}).y;
    if (bottom < screen.min.y || top > screen.max.y) continue;
    const std::uint32_t accent = kind_color(b.kind);
    if (!labels) {
      dl->AddRectFilled(ImVec2(float(screen.min.x), float(top)), ImVec2(float(screen.max.x), float(bottom)),
                        rgb(band_tint(b.kind, b.index)));
      dl->AddLine(ImVec2(float(screen.min.x), float(bottom)), ImVec2(float(screen.max.x), float(bottom)),
                  rgb(color::band_line));
      // A strip in the kind's colour down the left edge says which kind the row holds.
      dl->AddRectFilled(ImVec2(float(screen.min.x), float(top)), ImVec2(float(screen.min.x) + 4, float(bottom)),
                        rgb(accent, 200));
      continue;
    }
    if (bottom - top < 30) continue;
    // Sticky label: stays in view while any of the band is visible.
    // Wrapped to the strip zoom-to-fit keeps free of cards (RowLayout::kLabelStrip).
    const float size = 14;
    const float wrap = float(ui::RowLayout::kLabelStrip) - 14 - 38 - 8;
    const ImVec2 text = s.fonts.ui_bold->CalcTextSizeA(size, FLT_MAX, wrap, b.label.c_str());
    const ImVec2 box(text.x + 38, text.y + 10);
    const float y = float(std::max(screen.min.y + 10, std::min(top + 10, bottom - box.y - 10)));
    const ImVec2 pos(float(screen.min.x) + 14, y);
    dl->AddRectFilled(ImVec2(pos.x, pos.y + 1), ImVec2(pos.x + box.x, pos.y + box.y + 2), IM_COL32(0, 0, 0, 14), 8);
    dl->AddRectFilled(pos, ImVec2(pos.x + box.x, pos.y + box.y), IM_COL32(255, 255, 255, 235), 8);
    dl->AddCircleFilled(ImVec2(pos.x + 14, pos.y + box.y * 0.5f), 5, rgb(accent));
    dl->AddText(s.fonts.ui_bold, size, ImVec2(pos.x + 26, pos.y + 5), rgb(color::text), b.label.c_str(), nullptr, wrap);
  }
}

void CanvasPainter::links(ImDrawList* dl, const CanvasScene& s, const Rect& visible) {
  links_drawn_ = 0;
  link_badges_.clear();
  const auto& map = s.tools.map();
  const auto& view = s.tools.view();
  const float zoom = float(view.zoom());
  const float thickness = std::clamp(1.8f * zoom, 1.0f, 4.0f);
  const float head = std::clamp(10.0f * zoom, 5.0f, 18.0f);
  const auto& selection = s.tools.selection();
  const auto& hover = s.tools.hover();
  const auto risky = map.risks().empty() ? std::map<std::string, method::RiskSummary>{}
                                         : method::risks_by_target(map, pb::LINK);
  for (const auto& [id, l] : map.links()) {
    const pb::Element* from = map.element(l.from());
    const pb::Element* to = map.element(l.to());
    if (!from || !to) continue;
    const Rect a = shown_rect(s, *from);
    const Rect b = shown_rect(s, *to);
    const Bezier c = ui::link_curve(a, b);
    if (!c.bounds().overlaps(visible)) continue;
    ++links_drawn_;
    const Bezier sc{view.to_screen(c.p0), view.to_screen(c.p1), view.to_screen(c.p2), view.to_screen(c.p3)};
    const bool selected = selection.contains(id);
    const bool hovered = hover.is(ui::Hit::Kind::link) && hover.id == id;
    // Downward arrows (an outcome "contributing to" a capability) are flagged in amber.
    const bool downward = b.min.y >= a.max.y;
    std::uint32_t col = downward ? color::link_downward : color::link;
    // An arrow with open risks takes the band of its highest one, drawn thicker.
    const auto risk = risky.find(id);
    if (risk != risky.end()) col = method::rag_color(risk->second.band);
    if (hovered) col = darken(col, 0.25);
    if (selected) {
      dl->AddBezierCubic(im(sc.p0), im(sc.p1), im(sc.p2), im(sc.p3), rgb(color::accent, 50), thickness + 6);
      col = color::accent;
    }
    const float width = risk != risky.end() ? thickness * 1.8f : thickness;
    draw_arrow(dl, sc, rgb(col), selected || hovered ? width + 0.8f : width, head);
    // The count badge halfway along, as cards carry theirs on a corner.
    if (risk != risky.end()) link_badges_.emplace_back(im(sc.at(0.5)), risk->second);
  }
}

void CanvasPainter::link_badges(ImDrawList* dl, float zoom) const {
  const float r = std::clamp(9 * zoom, 6.0f, 12.0f);
  for (const auto& [mid, risk] : link_badges_) {
    dl->AddCircleFilled(mid, r + 1.5f, IM_COL32_WHITE);
    dl->AddCircleFilled(mid, r, rgb(method::rag_color(risk.band)));
    const std::string n = std::to_string(risk.count);
    const ImVec2 size = ImGui::CalcTextSize(n.c_str());
    dl->AddText(ImVec2(mid.x - size.x / 2, mid.y - size.y / 2), IM_COL32_WHITE, n.c_str());
  }
}

void CanvasPainter::cards(ImDrawList* dl, const CanvasScene& s, const Rect& visible) {
  cards_drawn_ = 0;
  // Once per frame, and nothing at all on a map without risks or measures.
  const StrategyMap& map = s.tools.map();
  card_risks_ = map.risks().empty() ? decltype(card_risks_){} : method::risks_by_target(map, pb::ELEMENT);
  card_status_ = map.measures().empty() ? decltype(card_status_){} : method::status_by_element(map);
  const std::vector<std::string> dragging = s.tools.dragging();
  for (const pb::Element* e : ui::draw_order(s.tools.map(), s.tools.selection())) {
    const Rect r = shown_rect(s, *e);
    if (!r.overlaps(visible)) continue;
    ++cards_drawn_;
    card(dl, s, *e, r, !dragging.empty() && std::find(dragging.begin(), dragging.end(), e->id()) != dragging.end());
  }
}

void CanvasPainter::tool_overlays(ImDrawList* dl, const CanvasScene& s) {
  const auto& view = s.tools.view();
  if (auto band = s.tools.rubber_band()) {
    const Rect r = view.rect_to_screen(*band);
    dl->AddRectFilled(im(r.min), im(r.max), rgb(color::accent, 28), 3);
    dl->AddRect(im(r.min), im(r.max), rgb(color::accent, 170), 3, 0, 1.2f);
  }
  if (auto link = s.tools.link_preview()) {
    const pb::Element* from = s.tools.map().element(link->from);
    if (!from) return;
    const Rect a = shown_rect(s, *from);
    const pb::Element* target = link->target.empty() ? nullptr : s.tools.map().element(link->target);
    const Bezier c = target ? ui::link_curve(a, shown_rect(s, *target)) : ui::link_curve_to_point(a, link->end);
    const Bezier sc{view.to_screen(c.p0), view.to_screen(c.p1), view.to_screen(c.p2), view.to_screen(c.p3)};
    const float zoom = float(view.zoom());
    draw_arrow(dl, sc, rgb(color::accent, 220), std::clamp(2.2f * zoom, 1.5f, 4.0f), std::clamp(11.0f * zoom, 6.0f, 18.0f));
    if (target) {
      const Rect t = view.rect_to_screen(shown_rect(s, *target)).expanded(4);
      dl->AddRect(im(t.min), im(t.max), rgb(color::ok), kCardRounding * zoom + 4, 0, 2.5f);
    }
  }
}

}  // namespace pss::draw
