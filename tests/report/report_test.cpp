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
