// A small software rasteriser for the report picture: axis-aligned boxes, convex
// polygons by scanline (lines are thin quads, arrowheads triangles), discs, and text in
// stb_easy_font's built-in strokes; written with stb_image_write. No anti-aliasing:
// the picture is for reading, not for print.
#include <stb/stb_easy_font.h>
#include <zlib.h>

#include <cstdlib>

// stb's own deflate took 45% of an export and its per-row filter search 35% (perf,
// sample map, docs/performance.md): zlib's deflate does the job in a fraction of the
// time and writes smaller files.
static unsigned char* pss_zlib_compress(unsigned char* data, int len, int* out_len, int /*quality*/) {
  uLongf size = compressBound(static_cast<uLong>(len));
  auto* out = static_cast<unsigned char*>(std::malloc(size));  // stb frees it with free()
  if (!out || compress2(out, &size, data, static_cast<uLong>(len), 6) != Z_OK) {
    std::free(out);
    return nullptr;
  }
  *out_len = static_cast<int>(size);
  return out;
}
#define STBIW_ZLIB_COMPRESS pss_zlib_compress
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "report/formats.h"
#include "report/picture.h"

namespace pss::report {
namespace {

// One filter for every row instead of trying all five per row: "up" turns a row like
// the one above (most rows of flat bands and cards) into zeros, which deflate best.
const bool kUpFilter = (stbi_write_force_png_filter = 2, true);

class Raster {
 public:
  Raster(int w, int h, double scale) : w_(w), h_(h), s_(scale), rgb_(static_cast<std::size_t>(w) * h * 3, 0xFF) {}

  // Pixels whose centres lie in [x0, x1) x [y0, y1), in canvas units.
  void box(double x0, double y0, double x1, double y1, std::uint32_t c) {
    const int px0 = std::max(0, static_cast<int>(std::lround(x0 * s_))),
              px1 = std::min(w_, static_cast<int>(std::lround(x1 * s_)));
    const int py0 = std::max(0, static_cast<int>(std::lround(y0 * s_))),
              py1 = std::min(h_, static_cast<int>(std::lround(y1 * s_)));
    for (int y = py0; y < py1; ++y)
      for (int x = px0; x < px1; ++x) put(x, y, c);
  }

  void polygon(const std::vector<std::pair<double, double>>& pts, std::uint32_t c) {
    double top = 1e300, bottom = -1e300;
    for (auto [x, y] : pts) top = std::min(top, y * s_), bottom = std::max(bottom, y * s_);
    const int y0 = std::max(0, static_cast<int>(std::floor(top))),
              y1 = std::min(h_ - 1, static_cast<int>(std::ceil(bottom)));
    for (int y = y0; y <= y1; ++y) {
      const double cy = y + 0.5;
      double left = 1e300, right = -1e300;
      for (std::size_t i = 0; i < pts.size(); ++i) {
        const auto [ax, ay] = pts[i];
        const auto [bx, by] = pts[(i + 1) % pts.size()];
        const double ya = ay * s_, yb = by * s_;
        if ((cy < ya) == (cy < yb)) continue;  // the edge does not cross this row
        const double x = (ax + (bx - ax) * (cy - ya) / (yb - ya)) * s_;
        left = std::min(left, x), right = std::max(right, x);
      }
      for (int x = std::max(0, static_cast<int>(std::ceil(left - 0.5)));
           x <= std::min(w_ - 1, static_cast<int>(std::floor(right - 0.5))); ++x)
        put(x, y, c);
    }
  }

  void disc(double cx, double cy, double r, std::uint32_t c) {
    const double pcx = cx * s_, pcy = cy * s_, pr = r * s_;
    for (int y = std::max(0, static_cast<int>(pcy - pr)); y <= std::min(h_ - 1, static_cast<int>(pcy + pr)); ++y)
      for (int x = std::max(0, static_cast<int>(pcx - pr)); x <= std::min(w_ - 1, static_cast<int>(pcx + pr)); ++x)
        if (std::hypot(x + 0.5 - pcx, y + 0.5 - pcy) <= pr) put(x, y, c);
  }

  void text(const Label& t) {
    // stb_easy_font draws ASCII 10 units high with capitals 7 high from the top given;
    // one glyph per fixed advance keeps the layout's widths (text_width()).
    const double glyph = t.size / 10, advance = t.size * 0.6;
    std::string ascii;
    for (std::size_t i = 0; i < t.text.size();) {
      const auto lead = static_cast<unsigned char>(t.text[i]);
      ascii += lead < 0x80 ? t.text[i] : '?';
      i += lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    }
    double x = t.centered ? t.x - advance * static_cast<double>(ascii.size()) / 2 : t.x;
    const double top = t.y - 7 * glyph;
    char vertices[64 * 16 * 4];  // a glyph is a few dozen quads of 64 bytes
    for (char ch : ascii) {
      char one[2] = {ch, 0};
      const int quads = stb_easy_font_print(0, 0, one, nullptr, vertices, sizeof vertices);
      for (int q = 0; q < quads; ++q) {
        const float* v = reinterpret_cast<const float*>(vertices + q * 64);
        // vertices 0 and 2 of a quad are opposite corners (x, y, z, colour: 16 bytes each)
        const double qx0 = v[0], qy0 = v[1], qx1 = v[8], qy1 = v[9];
        const double bold = t.bold ? glyph * 0.6 : 0;
        box(x + qx0 * glyph, top + qy0 * glyph, x + qx1 * glyph + bold, top + qy1 * glyph, t.color);
      }
      x += advance;
    }
  }

  const std::vector<unsigned char>& rgb() const { return rgb_; }

 private:
  void put(int x, int y, std::uint32_t c) {
    auto* p = &rgb_[(static_cast<std::size_t>(y) * w_ + x) * 3];
    p[0] = static_cast<unsigned char>(c >> 16), p[1] = static_cast<unsigned char>(c >> 8),
    p[2] = static_cast<unsigned char>(c);
  }

  int w_, h_;
  double s_;
  std::vector<unsigned char> rgb_;
};

struct Painter {
  Raster& r;
  void operator()(const Box& b) const {
    r.box(b.x, b.y, b.x + b.w, b.y + b.h, b.fill);
    if (b.stroke_width <= 0) return;
    const double h = b.stroke_width / 2;  // centred on the edge, as in SVG
    r.box(b.x - h, b.y - h, b.x + b.w + h, b.y + h, b.stroke);
    r.box(b.x - h, b.y + b.h - h, b.x + b.w + h, b.y + b.h + h, b.stroke);
    r.box(b.x - h, b.y - h, b.x + h, b.y + b.h + h, b.stroke);
    r.box(b.x + b.w - h, b.y - h, b.x + b.w + h, b.y + b.h + h, b.stroke);
  }
  void operator()(const Line& l) const {
    const double len = std::hypot(l.x2 - l.x1, l.y2 - l.y1);
    if (len == 0) return;
    const double nx = -(l.y2 - l.y1) / len * l.width / 2, ny = (l.x2 - l.x1) / len * l.width / 2;
    r.polygon({{l.x1 + nx, l.y1 + ny}, {l.x2 + nx, l.y2 + ny}, {l.x2 - nx, l.y2 - ny}, {l.x1 - nx, l.y1 - ny}},
              l.color);
  }
  void operator()(const Triangle& t) const {
    r.polygon({{t.x[0], t.y[0]}, {t.x[1], t.y[1]}, {t.x[2], t.y[2]}}, t.color);
  }
  void operator()(const Disc& d) const {
    r.disc(d.cx, d.cy, d.r + 1, d.stroke);
    r.disc(d.cx, d.cy, d.r, d.fill);
  }
  void operator()(const Label& t) const { r.text(t); }
};

void append_bytes(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

}  // namespace

std::string map_png(const StrategyMap& map, double scale) {
  const Picture p = draw_map(map);
  const int w = std::max(1, static_cast<int>(std::ceil(p.width * scale)));
  const int h = std::max(1, static_cast<int>(std::ceil(p.height * scale)));
  Raster raster(w, h, scale);
  for (const Shape& s : p.shapes) std::visit(Painter{raster}, s);
  std::string out;
  if (!stbi_write_png_to_func(append_bytes, &out, w, h, 3, raster.rgb().data(), w * 3)) return {};
  return out;
}

}  // namespace pss::report
