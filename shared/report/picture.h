// The map as a picture for reports: rows as labelled bands, cards with wrapped titles,
// arrows, risk outlines and count badges, measure status dots. Laid out once as a list
// of shapes in canvas units, then written as SVG (svg.h) or rasterised to PNG (png.h),
// so both show the same thing.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "model/strategy_map.h"

namespace pss::report {

struct Box {
  double x, y, w, h;
  std::uint32_t fill;  // 0xRRGGBB
  std::uint32_t stroke;
  double stroke_width;  // 0: no outline
};
struct Line {
  double x1, y1, x2, y2;
  std::uint32_t color;
  double width;
};
struct Triangle {  // an arrowhead
  double x[3], y[3];
  std::uint32_t color;
};
struct Disc {
  double cx, cy, r;
  std::uint32_t fill;
  std::uint32_t stroke;
};
struct Label {
  double x, y;  // left end (or centre when `centered`) of the baseline
  std::string text;
  double size;  // font size, canvas units
  std::uint32_t color;
  bool bold = false;
  bool centered = false;
};
using Shape = std::variant<Box, Line, Triangle, Disc, Label>;

struct Picture {
  double width = 0, height = 0;  // shapes lie in [0, width] x [0, height]
  std::vector<Shape> shapes;     // in drawing order
};

// The width of `text` at font size `size` as both writers draw it (a fixed-advance
// estimate close to DejaVu Sans and to the PNG's built-in font).
double text_width(std::string_view text, double size);

Picture draw_map(const StrategyMap& map);

}  // namespace pss::report
