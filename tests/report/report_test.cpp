// The exports against golden files (set PSS_UPDATE_GOLDEN=1 to rewrite them after a
// deliberate change, then read the diff), and the PNG decoded again.
#include <gtest/gtest.h>
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "model/ops.h"
#include "report/formats.h"
#include "report/picture.h"
#include "sample_map.h"

namespace pss::report {
namespace {

void expect_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path file = std::filesystem::path(PSS_GOLDEN_DIR) / name;
  if (std::getenv("PSS_UPDATE_GOLDEN")) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << actual;
  }
  std::ifstream in(file, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << file;
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(actual, want.str()) << "differs from " << file << " (PSS_UPDATE_GOLDEN=1 rewrites it)";
}

TEST(ReportGolden, Json) { expect_golden("sample.json", map_json(testing::sample_map())); }
TEST(ReportGolden, ScorecardCsv) { expect_golden("sample_scorecard.csv", scorecard_csv(testing::sample_map())); }
TEST(ReportGolden, Svg) { expect_golden("sample.svg", map_svg(testing::sample_map())); }

TEST(ReportSvg, EscapesAndShowsWhatTheMethodSays) {
  const std::string svg = map_svg(testing::sample_map());
  EXPECT_NE(svg.find(">smoke &amp; stay quit</text>"), std::string::npos);  // escaped, wrapped
  EXPECT_NE(svg.find("stroke=\"#d0312d\" stroke-width=\"4\""), std::string::npos);  // red risk outline on proc
  EXPECT_NE(svg.find(">Leadership</text>"), std::string::npos);                     // a row label
}

// r2 (amber, 2 x 3) is on the arrow l2 from proc to out: the arrow is drawn thick in
// amber with a count badge halfway, in the picture and so in both files.
TEST(ReportPicture, ARiskOnAnArrowColoursItAndBadgesItsMiddle) {
  const auto map = testing::sample_map();
  const Picture picture = draw_map(map);
  const std::uint32_t amber = 0xE8A317;
  const Line* line = nullptr;
  const Disc* badge = nullptr;
  for (const Shape& s : picture.shapes) {
    if (const auto* l = std::get_if<Line>(&s); l && l->color == amber) line = l;
    if (const auto* d = std::get_if<Disc>(&s); d && d->fill == amber && d->r == 11) badge = d;
  }
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->width, 3.5);
  ASSERT_NE(badge, nullptr);
  // On the arrow: between its ends, on its line.
  const double along =
      ((badge->cx - line->x1) * (line->x2 - line->x1) + (badge->cy - line->y1) * (line->y2 - line->y1)) /
      (std::pow(line->x2 - line->x1, 2) + std::pow(line->y2 - line->y1, 2));
  EXPECT_GT(along, 0.2);
  EXPECT_LT(along, 0.8);
  const double off =
      std::fabs((badge->cx - line->x1) * (line->y2 - line->y1) - (badge->cy - line->y1) * (line->x2 - line->x1)) /
      std::hypot(line->x2 - line->x1, line->y2 - line->y1);
  EXPECT_LT(off, 0.5);

  // Without the risk: neither the colour nor the badge.
  auto plain = map;
  ASSERT_FALSE(plain.apply_one(ops::remove(pb::RISK, "r2"), ApplyContext{2, nullptr}));
  for (const Shape& s : draw_map(plain).shapes) {
    if (const auto* l = std::get_if<Line>(&s)) {
      EXPECT_NE(l->color, amber);
    }
    if (const auto* d = std::get_if<Disc>(&s)) {
      EXPECT_FALSE(d->fill == amber && d->r == 11);
    }
  }

  const std::string svg = map_svg(map);
  EXPECT_NE(svg.find("stroke=\"#e8a317\" stroke-width=\"3.5\""), std::string::npos);
  EXPECT_NE(svg.find("r=\"11\" fill=\"#e8a317\""), std::string::npos);

  // In the PNG the badge's pixel is amber.
  const std::string png = map_png(map);
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(png.data()),
                                                static_cast<int>(png.size()), &w, &h, &channels, 3);
  ASSERT_NE(pixels, nullptr);
  const int x = static_cast<int>(badge->cx) + 5, y = static_cast<int>(badge->cy) - 6;  // inside, off the digit
  const unsigned char* p = pixels + (static_cast<std::size_t>(y) * w + x) * 3;
  EXPECT_EQ((p[0] << 16) | (p[1] << 8) | p[2], static_cast<int>(amber));
  stbi_image_free(pixels);
}

TEST(ReportPng, DecodesToThePictureSizeAndIsNotBlank) {
  const auto map = testing::sample_map();
  const Picture picture = draw_map(map);
  const std::string png = map_png(map);
  ASSERT_FALSE(png.empty());
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(png.data()),
                                                static_cast<int>(png.size()), &w, &h, &channels, 3);
  ASSERT_NE(pixels, nullptr) << stbi_failure_reason();
  EXPECT_EQ(w, static_cast<int>(std::ceil(picture.width)));
  EXPECT_EQ(h, static_cast<int>(std::ceil(picture.height)));
  std::set<std::uint32_t> colors;
  std::size_t red = 0, dark = 0;
  for (int i = 0; i < w * h; ++i) {
    const std::uint32_t c = (pixels[i * 3] << 16) | (pixels[i * 3 + 1] << 8) | pixels[i * 3 + 2];
    colors.insert(c);
    red += c == 0xD0312D;   // the risk outline and badge
    dark += c == 0x1F2328;  // title text
  }
  stbi_image_free(pixels);
  EXPECT_GE(colors.size(), 8u);  // bands, three card kinds, arrows, text, RAG colours
  EXPECT_GT(red, 500u);
  EXPECT_GT(dark, 500u);

  const std::string half = map_png(map, 0.5);
  pixels = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(half.data()), static_cast<int>(half.size()), &w, &h,
                                 &channels, 3);
  ASSERT_NE(pixels, nullptr);
  stbi_image_free(pixels);
  EXPECT_EQ(w, static_cast<int>(std::ceil(picture.width * 0.5)));
}

}  // namespace
}  // namespace pss::report
