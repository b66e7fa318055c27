// Title wrapping and the smoothing of remote moves.
#include <gtest/gtest.h>

#include "board_fixture.h"
#include "client/app/ui/motion.h"
#include "client/app/ui/text_wrap.h"

namespace pss::ui {
namespace {

// Every character (code point) is 10 units wide.
double measure(std::string_view s) {
  double w = 0;
  for (std::size_t i = 0; i < s.size(); i += utf8_length(static_cast<unsigned char>(s[i]))) w += 10;
  return w;
}

TEST(TextWrap, BreaksAtSpaces) {
  EXPECT_EQ(wrap_text("Reduce waiting times", 100, 5, measure),
            (std::vector<std::string>{"Reduce", "waiting", "times"}));
  EXPECT_EQ(wrap_text("ab cd ef gh", 50, 5, measure), (std::vector<std::string>{"ab cd", "ef gh"}));
  EXPECT_TRUE(wrap_text("", 50, 3, measure).empty());
}

TEST(TextWrap, SplitsLongWordsAtCharacterBoundaries) {
  EXPECT_EQ(wrap_text("abcdefghij", 40, 5, measure), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  // Two-byte characters are never cut in half.
  EXPECT_EQ(wrap_text("\xC3\xA9\xC3\xA9\xC3\xA9", 20, 5, measure),
            (std::vector<std::string>{"\xC3\xA9\xC3\xA9", "\xC3\xA9"}));
}

TEST(TextWrap, EllipsisWhenOutOfLines) {
  const auto lines = wrap_text("one two three four five", 50, 2, measure);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "one");
  EXPECT_EQ(lines[1], std::string("two") + std::string(kEllipsis));
  EXPECT_LE(measure(lines[1]), 50);
  const auto one = wrap_text("abcdefghijkl", 40, 1, measure);
  EXPECT_EQ(one, (std::vector<std::string>{std::string("abc") + std::string(kEllipsis)}));
}

TEST(TextWrap, KeepsLineBreaks) {
  EXPECT_EQ(wrap_text("a\nb c", 100, 5, measure), (std::vector<std::string>{"a", "b c"}));
  EXPECT_EQ(wrap_text("a\nb\nc", 100, 2, measure)[1], std::string("b") + std::string(kEllipsis));
}

TEST(Motion, RemoteMovesGlideLocalMovesJump) {
  auto map = StrategyMap::with_default_rows();
  const auto e = testing::card("a", "processes", {0, 700}, pb::PROCESS);
  ASSERT_FALSE(map.apply({put_op(e)}, {1, nullptr}));
  MotionSmoother m;
  m.update(map, 0.016, {});
  EXPECT_EQ(m.position(*map.element("a")), (V2{0, 700}));
  pb::Element v;
  v.set_id("a");
  v.mutable_position()->set_x(100);
  v.mutable_position()->set_y(700);
  ASSERT_FALSE(map.apply({patch_op(v, {pb::Element::kPositionFieldNumber})}, {2, nullptr}));
  m.update(map, 0.016, {});
  const V2 first = m.position(*map.element("a"));
  EXPECT_GT(first.x, 0);
  EXPECT_LT(first.x, 100);
  for (int i = 0; i < 60; ++i) m.update(map, 0.016, {});
  EXPECT_EQ(m.position(*map.element("a")), (V2{100, 700}));
  EXPECT_FALSE(m.animating());
  // Our own drag: drawn exactly where the map says.
  v.mutable_position()->set_x(300);
  ASSERT_FALSE(map.apply({patch_op(v, {pb::Element::kPositionFieldNumber})}, {3, nullptr}));
  m.update(map, 0.016, {"a"});
  EXPECT_EQ(m.position(*map.element("a")), (V2{300, 700}));
}

}  // namespace
}  // namespace pss::ui
