#include "report/picture.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "method/measure.h"
#include "method/risk.h"
#include "text/text_wrap.h"

namespace pss::report {
namespace {

using method::Rag;

// As the board draws them (client/app/ui/row_layout.h): bands of fixed height from y = 0.
constexpr double kBandHeight = 220;
constexpr double kLabelWidth = 240;  // the column left of the cards that names the rows
constexpr double kMargin = 40;
constexpr double kDefaultCardW = 160, kDefaultCardH = 90;
constexpr double kTitleSize = 14, kLabelSize = 15, kBadgeSize = 12;

std::uint32_t kind_fill(pb::ElementKind kind) {
  switch (kind) {
    case pb::OUTCOME: return 0xD6E9F8;
    case pb::PROCESS: return 0xDDF2D8;
    case pb::CAPABILITY: return 0xFBE3CB;
    default: return 0xFFF6B3;
  }
}

struct Card {
  double x, y, w, h;
  double cx() const { return x + w / 2; }
  double cy() const { return y + h / 2; }
};

Card card_of(const pb::Element& e, double dx, double dy) {
  const double w = e.has_size() ? e.size().x() : kDefaultCardW;
  const double h = e.has_size() ? e.size().y() : kDefaultCardH;
  return {e.position().x() + dx, e.position().y() + dy, w, h};
}

// Where the segment from the centre of `c` towards (tx, ty) leaves the card.
std::pair<double, double> edge_point(const Card& c, double tx, double ty) {
  const double dx = tx - c.cx(), dy = ty - c.cy();
  if (dx == 0 && dy == 0) return {c.cx(), c.cy()};
  const double sx = dx != 0 ? (c.w / 2) / std::fabs(dx) : 1e300;
  const double sy = dy != 0 ? (c.h / 2) / std::fabs(dy) : 1e300;
  const double s = std::min({sx, sy, 1.0});
  return {c.cx() + dx * s, c.cy() + dy * s};
}

// Draws the arrow; returns its midpoint (where a risk badge goes).
std::pair<double, double> arrow(Picture& p, const Card& from, const Card& to, std::uint32_t color, double width) {
  auto [x1, y1] = edge_point(from, to.cx(), to.cy());
  auto [x2, y2] = edge_point(to, from.cx(), from.cy());
  const std::pair<double, double> mid{(x1 + x2) / 2, (y1 + y2) / 2};
  const double len = std::hypot(x2 - x1, y2 - y1);
  if (len < 1) return mid;
  const double ux = (x2 - x1) / len, uy = (y2 - y1) / len;
  const double head = 12, half = 6;
  const double bx = x2 - ux * head, by = y2 - uy * head;
  p.shapes.push_back(Line{x1, y1, bx, by, color, width});
  p.shapes.push_back(Triangle{{x2, bx - uy * half, bx + uy * half}, {y2, by + ux * half, by - ux * half}, color});
  return mid;
}

// The number of open risks in a disc of their highest band, on cards and arrows alike.
void badge(Picture& p, double x, double y, const method::RiskSummary& risk) {
  p.shapes.push_back(Disc{x, y, 11, method::rag_color(risk.band), 0xFFFFFF});
  p.shapes.push_back(Label{x, y + kBadgeSize * 0.35, std::to_string(risk.count), kBadgeSize, 0xFFFFFF, true, true});
}

}  // namespace

double text_width(std::string_view text, double size) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); i += text::utf8_length(static_cast<unsigned char>(text[i]))) ++chars;
  return static_cast<double>(chars) * size * 0.6;
}

Picture draw_map(const StrategyMap& map) {
  Picture p;
  const auto rows = map.rows_in_order();
  std::map<std::string, double> band_top;
  for (std::size_t i = 0; i < rows.size(); ++i) band_top[rows[i]->id()] = static_cast<double>(i) * kBandHeight;

  // The cards' extent, so the picture starts just left of the leftmost one.
  double min_x = 0, max_x = 1800, min_y = 0, max_y = static_cast<double>(rows.size()) * kBandHeight;
  bool first = true;
  for (const auto& [id, e] : map.elements()) {
    const Card c = card_of(e, 0, 0);
    min_x = first ? c.x : std::min(min_x, c.x);
    max_x = first ? c.x + c.w : std::max(max_x, c.x + c.w);
    min_y = std::min(min_y, c.y);
    max_y = std::max(max_y, c.y + c.h);
    first = false;
  }
  if (!first) max_x = std::max(max_x, min_x + 600);
  const double dx = kLabelWidth + kMargin - min_x, dy = kMargin - min_y;
  p.width = max_x + dx + kMargin;
  p.height = max_y + dy + kMargin;
  p.shapes.push_back(Box{0, 0, p.width, p.height, 0xFFFFFF, 0, 0});

  auto wrap = [](std::string_view s, double width, int lines, double size) {
    return text::wrap_text(s, width, lines, [size](std::string_view t) { return text_width(t, size); });
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double top = static_cast<double>(i) * kBandHeight + dy;
    p.shapes.push_back(
        Box{kMargin / 2, top, p.width - kMargin, kBandHeight, i % 2 ? 0xF4F5F7u : 0xFAFBFCu, 0xC9CDD3, 1});
    double y = top + 28;
    for (const auto& line : wrap(rows[i]->label(), kLabelWidth - 30, 4, kLabelSize)) {
      p.shapes.push_back(Label{kMargin / 2 + 12, y, line, kLabelSize, 0x33373D, true, false});
      y += kLabelSize * 1.3;
    }
  }

  const auto element_risks = method::risks_by_target(map, pb::ELEMENT);
  const auto link_risks = method::risks_by_target(map, pb::LINK);
  const auto status = method::status_by_element(map);
  struct ArrowBadge {
    double x, y;
    method::RiskSummary risk;
  };
  std::vector<ArrowBadge> arrow_badges;  // drawn over the cards an arrow may cross
  for (const auto& [id, l] : map.links()) {
    const pb::Element* from = map.element(l.from());
    const pb::Element* to = map.element(l.to());
    if (!from || !to) continue;
    auto risk = link_risks.find(id);
    const bool risky = risk != link_risks.end();
    const auto [mx, my] = arrow(p, card_of(*from, dx, dy), card_of(*to, dx, dy),
                                risky ? method::rag_color(risk->second.band) : 0x555B63, risky ? 3.5 : 2);
    if (risky) arrow_badges.push_back({mx, my, risk->second});
  }
  for (const auto& [id, e] : map.elements()) {
    const Card c = card_of(e, dx, dy);
    auto risk = element_risks.find(id);
    const bool risky = risk != element_risks.end();
    p.shapes.push_back(Box{c.x, c.y, c.w, c.h, e.color() ? e.color() : kind_fill(e.kind()),
                           risky ? method::rag_color(risk->second.band) : 0x8A9099, risky ? 4.0 : 1.0});
    double y = c.y + 8 + kTitleSize;
    const int lines = std::max(1, static_cast<int>((c.h - 16) / (kTitleSize * 1.25)));
    for (const auto& line : wrap(e.title(), c.w - 16, lines, kTitleSize)) {
      p.shapes.push_back(Label{c.x + 8, y, line, kTitleSize, 0x1F2328, false, false});
      y += kTitleSize * 1.25;
    }
    if (auto s = status.find(id); s != status.end())
      p.shapes.push_back(Disc{c.x + c.w - 12, c.y + c.h - 12, 7, method::rag_color(s->second), 0x333333});
    if (risky) badge(p, c.x + c.w, c.y, risk->second);
  }
  for (const auto& b : arrow_badges) badge(p, b.x, b.y, b.risk);
  return p;
}

}  // namespace pss::report
