// Everyone else on the board: their selections outlined in their colour with a name
// tag, and their cursors as coloured pointers with name labels.
#include "client/app/draw/canvas.h"

namespace pss::draw {

using ui::Rect;
using ui::V2;

void CanvasPainter::peers(ImDrawList* dl, const CanvasScene& s, const Rect& screen) {
  const auto& view = s.tools.view();
  const auto& map = s.tools.map();
  const float z = float(view.zoom());
  for (const PeerView& p : s.peers) {
    if (!p.presence) continue;
    const ImU32 col = rgb(p.color);
    for (const auto& id : p.presence->selection()) {
      if (const pb::Element* e = map.element(id)) {
        const Rect r = view.rect_to_screen(shown_rect(s, *e)).expanded(5);
        if (!r.overlaps(screen)) continue;
        dl->AddRect(im(r.min), im(r.max), col, kCardRounding * z + 5, 0, 2.0f);
        draw_pill(dl, s.fonts.small, 12, ImVec2(float(r.min.x), float(r.min.y) - 19), col, IM_COL32_WHITE,
                  p.name.c_str());
      } else if (const pb::Link* l = map.link(id)) {
        const pb::Element* from = map.element(l->from());
        const pb::Element* to = map.element(l->to());
        if (!from || !to) continue;
        const ui::Bezier c = ui::link_curve(shown_rect(s, *from), shown_rect(s, *to));
        dl->AddBezierCubic(im(view.to_screen(c.p0)), im(view.to_screen(c.p1)), im(view.to_screen(c.p2)),
                           im(view.to_screen(c.p3)), rgb(p.color, 90), 6.0f);
      }
    }
  }
  for (const PeerView& p : s.peers) {
    if (!p.presence || !p.presence->cursor_visible()) continue;
    const V2 at = view.to_screen(V2{p.presence->cursor().x(), p.presence->cursor().y()});
    if (!screen.expanded(20).contains(at)) continue;
    const ImVec2 o = im(at);
    // A classic arrow pointer (a head and a tail, both convex), outlined in white so it
    // reads on any background.
    auto at_o = [&](float x, float y) { return ImVec2(o.x + x, o.y + y); };
    const ImVec2 head[] = {at_o(0, 0), at_o(12.5f, 12), at_o(0, 17)};
    const ImVec2 tail[] = {at_o(4.2f, 12), at_o(7.4f, 11.6f), at_o(10.4f, 18.2f), at_o(7.6f, 19.4f)};
    dl->AddConvexPolyFilled(head, 3, rgb(p.color));
    dl->AddConvexPolyFilled(tail, 4, rgb(p.color));
    const ImVec2 outline[] = {at_o(0, 0),        at_o(0, 17),         at_o(4.4f, 13.2f), at_o(7.6f, 19.4f),
                              at_o(10.4f, 18.2f), at_o(7.4f, 11.8f), at_o(12.5f, 12)};
    dl->AddPolyline(outline, 7, IM_COL32_WHITE, ImDrawFlags_Closed, 1.4f);
    draw_pill(dl, s.fonts.small, 13, ImVec2(o.x + 14, o.y + 16), rgb(p.color), IM_COL32_WHITE, p.name.c_str());
  }
}

}  // namespace pss::draw
