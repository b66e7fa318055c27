// View transform, row layout and hit testing at several zoom levels.
#include <gtest/gtest.h>

#include "board_fixture.h"
#include "client/app/ui/hit_test.h"
#include "client/app/ui/row_layout.h"
#include "client/app/ui/view_transform.h"

namespace pss::ui {
namespace {

using testing::card;
using testing::link;

void expect_near(V2 a, V2 b, double eps = 1e-9) {
  EXPECT_NEAR(a.x, b.x, eps);
  EXPECT_NEAR(a.y, b.y, eps);
}

TEST(ViewTransform, RoundTripsAtEveryZoom) {
  for (double zoom : {0.1, 0.25, 0.5, 1.0, 2.0, 4.0}) {
    ViewTransform v;
    v.set_origin({100, 50});
    v.look_at({300, -200}, {400, 300}, zoom);
    expect_near(v.to_screen({300, -200}), {400, 300});
    const V2 p{123.5, 987.25};
    expect_near(v.to_canvas(v.to_screen(p)), p, 1e-9);
    EXPECT_NEAR(v.to_screen_length(10), 10 * zoom, 1e-12);
  }
}

TEST(ViewTransform, ZoomKeepsThePointUnderTheCursor) {
  ViewTransform v;
  v.set_origin({0, 56});
  const V2 cursor{420, 333};
  const V2 under = v.to_canvas(cursor);
  for (int i = 0; i < 30; ++i) {
    v.zoom_at(cursor, 1.15);
    expect_near(v.to_canvas(cursor), under, 1e-6);
  }
  EXPECT_DOUBLE_EQ(v.zoom(), ViewTransform::kMaxZoom);  // clamped
  for (int i = 0; i < 60; ++i) v.zoom_at(cursor, 1 / 1.15);
  EXPECT_DOUBLE_EQ(v.zoom(), ViewTransform::kMinZoom);
  expect_near(v.to_canvas(cursor), under, 1e-6);
}

TEST(ViewTransform, PanMovesByScreenPixels) {
  ViewTransform v;
  v.look_at({0, 0}, {0, 0}, 2);
  v.pan_by({10, -20});
  expect_near(v.to_screen({0, 0}), {10, -20});
  expect_near(v.to_canvas({10, -20}), {0, 0});
}

TEST(ViewTransform, FitCentresTheBoxAndFitsTheTighterSide) {
  ViewTransform v;
  const Rect screen{{0, 56}, {1300, 970}};
  const Rect box{{0, 0}, {1800, 1760}};
  v.set_origin(screen.min);
  v.fit(box, screen, 32);
  EXPECT_NEAR(v.zoom(), (914.0 - 64) / 1760, 1e-12);
  expect_near(v.to_screen(box.center()), screen.center(), 1e-9);
  const Rect shown = v.rect_to_screen(box);
  EXPECT_GE(shown.min.y, screen.min.y + 31.999);
  EXPECT_LE(shown.max.y, screen.max.y - 31.999);
  // A huge box is clamped to the minimum zoom.
  v.fit({{0, 0}, {1e6, 1e6}}, screen, 0);
  EXPECT_DOUBLE_EQ(v.zoom(), ViewTransform::kMinZoom);
}

TEST(RowLayout, BandsRunFromOutcomesDownToCapabilities) {
  const auto map = StrategyMap::with_default_rows();
  RowLayout rows(map);
  ASSERT_EQ(rows.bands().size(), 8u);
  EXPECT_EQ(rows.bands().front().kind, pb::OUTCOME);
  EXPECT_EQ(rows.bands()[3].kind, pb::PROCESS);
  EXPECT_EQ(rows.bands().back().kind, pb::CAPABILITY);
  EXPECT_DOUBLE_EQ(rows.top(), 0);
  EXPECT_DOUBLE_EQ(rows.bottom(), 8 * RowLayout::kBandHeight);
  EXPECT_EQ(rows.band_at(0)->row_id, "key-outcomes");
  EXPECT_EQ(rows.band_at(219.9)->row_id, "key-outcomes");
  EXPECT_EQ(rows.band_at(220)->row_id, "user-outcomes");
  EXPECT_EQ(rows.band_at(3 * 220 + 5)->row_id, "processes");
  EXPECT_EQ(rows.band_at(-1), nullptr);
  EXPECT_EQ(rows.band_at(8 * 220), nullptr);
  EXPECT_EQ(rows.nearest_band(-500)->row_id, "key-outcomes");
  EXPECT_EQ(rows.nearest_band(1e5)->row_id, "culture");
}

TEST(RowLayout, FollowsRowChanges) {
  auto map = StrategyMap::with_default_rows();
  RowLayout rows(map);
  pb::Op op;
  auto* row = op.mutable_put()->mutable_row();
  row->set_id("behaviour");
  row->set_kind(pb::OUTCOME);
  row->set_label("Behaviour change");
  row->set_order(3.5);  // between financial outcomes and processes
  ASSERT_FALSE(map.apply_one(op, {1, nullptr}));
  rows.rebuild(map);
  ASSERT_EQ(rows.bands().size(), 9u);
  EXPECT_EQ(rows.bands()[3].row_id, "behaviour");
  EXPECT_EQ(rows.band_at(4 * 220 + 1)->row_id, "processes");
}

TEST(RowLayout, DroppingSetsRowAndKindButNotesStayNotes) {
  const auto map = StrategyMap::with_default_rows();
  RowLayout rows(map);
  auto p = place_card(rows, pb::PROCESS, 100);
  EXPECT_EQ(p.row, "key-outcomes");
  EXPECT_EQ(p.kind, pb::OUTCOME);
  p = place_card(rows, pb::OUTCOME, 5 * 220 + 100);
  EXPECT_EQ(p.row, "people");
  EXPECT_EQ(p.kind, pb::CAPABILITY);
  p = place_card(rows, pb::NOTE, 3 * 220 + 10);
  EXPECT_EQ(p.row, "processes");
  EXPECT_EQ(p.kind, pb::NOTE);
  p = place_card(rows, pb::NOTE, -300);  // outside the bands a note is free
  EXPECT_EQ(p.row, "");
  p = place_card(rows, pb::CAPABILITY, -300);  // other cards snap to the nearest row
  EXPECT_EQ(p.row, "key-outcomes");
  EXPECT_EQ(p.kind, pb::OUTCOME);
}

class HitTestAtZoom : public ::testing::TestWithParam<double> {};

TEST_P(HitTestAtZoom, CardsHandlesAndArrows) {
  const double zoom = GetParam();
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(map.apply({put_op(card("low", "processes", {100, 700}, pb::PROCESS)),
                          put_op(card("top", "key-outcomes", {400, 50}, pb::OUTCOME)),
                          put_op(card("over", "processes", {150, 720}, pb::PROCESS)),
                          put_op(link("l1", "low", "top"))},
                         {1, nullptr}));
  const auto order = draw_order(map, {});
  // Overlap: "over" sorts after "low", so it is drawn later and is hit first.
  EXPECT_EQ(hit_test(map, order, {200, 760}, zoom), (Hit{Hit::Kind::card, "over"}));
  EXPECT_EQ(hit_test(map, order, {110, 760}, zoom), (Hit{Hit::Kind::card, "low"}));
  // Raising the selection puts "low" on top.
  EXPECT_EQ(hit_test(map, draw_order(map, {"low"}), {200, 760}, zoom), (Hit{Hit::Kind::card, "low"}));
  // The handle: middle of the top edge, within 8 screen pixels (or a quarter of the
  // card's height when zoomed far out, so the card itself stays grabbable).
  const Rect top = card_rect(*map.element("top"));
  const V2 handle = handle_center(top);
  const double radius = handle_radius(top, zoom);
  EXPECT_DOUBLE_EQ(radius, std::min(8 / zoom, 24.0));
  EXPECT_EQ(hit_test(map, order, handle + V2{0, -0.9 * radius}, zoom), (Hit{Hit::Kind::handle, "top"}));
  EXPECT_NE(hit_test(map, order, handle + V2{0, -1.1 * radius}, zoom).kind, Hit::Kind::handle);
  EXPECT_EQ(hit_test(map, order, handle + V2{0, 1.1 * radius}, zoom), (Hit{Hit::Kind::card, "top"}));
  // The arrow, sampled: its middle is on it, 5 px off still counts, 12 px off does not.
  const Bezier c = link_curve(card_rect(*map.element("low")), card_rect(*map.element("top")));
  const V2 mid = c.at(0.5);
  EXPECT_EQ(hit_test(map, order, mid, zoom), (Hit{Hit::Kind::link, "l1"}));
  EXPECT_EQ(hit_test(map, order, mid + V2{5 / zoom, 0}, zoom), (Hit{Hit::Kind::link, "l1"}));
  EXPECT_EQ(hit_test(map, order, mid + V2{0, 0} + V2{12 / zoom, 0}, zoom).kind, Hit::Kind::none);
  EXPECT_EQ(hit_test(map, order, {-5000, -5000}, zoom).kind, Hit::Kind::none);
}

INSTANTIATE_TEST_SUITE_P(Zooms, HitTestAtZoom, ::testing::Values(0.1, 0.5, 1.0, 2.5, 4.0));

TEST(HitTest, ArrowsRunUpwardFromTopEdgeToBottomEdge) {
  const Rect from = Rect::from_pos_size({0, 700}, {200, 96});
  const Rect to = Rect::from_pos_size({300, 100}, {200, 96});
  const Bezier c = link_curve(from, to);
  expect_near(c.p0, {100, 700});
  expect_near(c.p3, {400, 196});
  EXPECT_LT(c.direction_at_end().y, 0);  // arrowhead points up
  // Side by side in one row: horizontal, right edge to left edge.
  const Bezier h = link_curve(from, Rect::from_pos_size({400, 720}, {200, 96}));
  expect_near(h.p0, {200, 748});
  expect_near(h.p3, {400, 768});
}

TEST(HitTest, RubberBandTakesTouchedCards) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(map.apply({put_op(card("a", "processes", {0, 700}, pb::PROCESS)),
                          put_op(card("b", "processes", {300, 700}, pb::PROCESS)),
                          put_op(card("c", "processes", {600, 700}, pb::PROCESS))},
                         {1, nullptr}));
  EXPECT_EQ(cards_in(map, Rect::from_corners({250, 650}, {150, 750})), (std::vector<std::string>{"a"}));
  EXPECT_EQ(cards_in(map, Rect::from_corners({199, 650}, {301, 900})), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(cards_in(map, Rect::from_corners({201, 650}, {299, 900})).empty());
}

}  // namespace
}  // namespace pss::ui
