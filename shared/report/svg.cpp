#include <charconv>
#include <cmath>
#include <cstdio>

#include "report/formats.h"
#include "report/picture.h"

namespace pss::report {
namespace {

std::string num(double v) {
  char buf[32];
  // Two decimals at most keep the file small and the golden files stable.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::round(v * 100) / 100);
  return ec == std::errc{} ? std::string(buf, end) : "0";
}

std::string color(std::uint32_t c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%06x", c & 0xFFFFFFu);
  return buf;
}

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

struct Writer {
  std::string& out;
  void operator()(const Box& b) const {
    out += "<rect x=\"" + num(b.x) + "\" y=\"" + num(b.y) + "\" width=\"" + num(b.w) + "\" height=\"" + num(b.h) +
           "\" fill=\"" + color(b.fill) + "\"";
    if (b.stroke_width > 0) out += " stroke=\"" + color(b.stroke) + "\" stroke-width=\"" + num(b.stroke_width) + "\"";
    out += "/>\n";
  }
  void operator()(const Line& l) const {
    out += "<line x1=\"" + num(l.x1) + "\" y1=\"" + num(l.y1) + "\" x2=\"" + num(l.x2) + "\" y2=\"" + num(l.y2) +
           "\" stroke=\"" + color(l.color) + "\" stroke-width=\"" + num(l.width) + "\"/>\n";
  }
  void operator()(const Triangle& t) const {
    out += "<polygon points=\"";
    for (int i = 0; i < 3; ++i) out += (i ? " " : "") + num(t.x[i]) + "," + num(t.y[i]);
    out += "\" fill=\"" + color(t.color) + "\"/>\n";
  }
  void operator()(const Disc& d) const {
    out += "<circle cx=\"" + num(d.cx) + "\" cy=\"" + num(d.cy) + "\" r=\"" + num(d.r) + "\" fill=\"" + color(d.fill) +
           "\" stroke=\"" + color(d.stroke) + "\"/>\n";
  }
  void operator()(const Label& t) const {
    out += "<text x=\"" + num(t.x) + "\" y=\"" + num(t.y) + "\" font-size=\"" + num(t.size) + "\" fill=\"" +
           color(t.color) + "\"";
    if (t.bold) out += " font-weight=\"bold\"";
    if (t.centered) out += " text-anchor=\"middle\"";
    out += ">" + escape(t.text) + "</text>\n";
  }
};

}  // namespace

std::string map_svg(const StrategyMap& map) {
  const Picture p = draw_map(map);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    num(p.width) + "\" height=\"" + num(p.height) + "\" viewBox=\"0 0 " + num(p.width) + " " +
                    num(p.height) + "\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\n";
  for (const Shape& s : p.shapes) std::visit(Writer{out}, s);
  return out + "</svg>\n";
}

}  // namespace pss::report
