#include "model/validation.h"

#include <gtest/gtest.h>

#include <limits>

#include "test_ops.h"

namespace pss {
namespace {

using namespace pss::testing;

pb::Reason reason_of(const Check& c) { return c ? c->reason : pb::REASON_UNSPECIFIED; }

TEST(Validation, Utf8) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("Café, Ωmega, 漢字, 🚭"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

TEST(Validation, Ids) {
  Limits limits;
  EXPECT_FALSE(check_id("c-1.a:b_Z", limits, "id"));
  EXPECT_EQ(reason_of(check_id("", limits, "id")), pb::INVALID_VALUE);
  EXPECT_EQ(reason_of(check_id("a b", limits, "id")), pb::INVALID_VALUE);
  EXPECT_EQ(reason_of(check_id("a/b", limits, "id")), pb::INVALID_VALUE);
  EXPECT_EQ(reason_of(check_id(std::string(65, 'a'), limits, "id")), pb::TOO_LONG);
}

TEST(Validation, ElementCoordinatesMustBeFiniteAndInBounds) {
  Limits limits;
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
    auto e = element("a");
    e.mutable_position()->set_x(bad);
    EXPECT_EQ(reason_of(check_element(e, limits)), pb::INVALID_VALUE);
    e = element("a");
    e.mutable_size()->set_y(bad);
    EXPECT_EQ(reason_of(check_element(e, limits)), pb::INVALID_VALUE);
  }
  auto e = element("a");
  e.mutable_position()->set_y(1e308);
  EXPECT_EQ(reason_of(check_element(e, limits)), pb::OUT_OF_BOUNDS);
  e = element("a", "processes", -limits.max_coordinate, limits.max_coordinate);
  EXPECT_FALSE(check_element(e, limits));
  for (double size : {-5.0, 0.0, 7.9, 4000.5}) {
    e = element("a");
    e.mutable_size()->set_x(size);
    EXPECT_EQ(reason_of(check_element(e, limits)), pb::OUT_OF_BOUNDS) << size;
  }
}

TEST(Validation, ElementStringsAndEnums) {
  Limits limits;
  auto e = element("a");
  e.set_title(std::string(limits.max_title_bytes, 'x'));
  EXPECT_FALSE(check_element(e, limits));
  e.set_title(std::string(limits.max_title_bytes + 1, 'x'));
  EXPECT_EQ(reason_of(check_element(e, limits)), pb::TOO_LONG);
  e = element("a");
  e.set_title("bad \xfe title");
  EXPECT_EQ(reason_of(check_element(e, limits)), pb::INVALID_VALUE);
  e = element("a");
  e.set_kind(static_cast<pb::ElementKind>(99));
  EXPECT_EQ(reason_of(check_element(e, limits)), pb::INVALID_VALUE);
  e = element("a");
  e.set_kind(pb::ELEMENT_KIND_UNSPECIFIED);
  EXPECT_EQ(reason_of(check_element(e, limits)), pb::INVALID_VALUE);
  e = element("a");
  e.set_status(static_cast<pb::ReviewStatus>(7));
  EXPECT_EQ(reason_of(check_element(e, limits)), pb::INVALID_VALUE);
  e = element("a");
  e.set_color(0x1000000);
  EXPECT_EQ(reason_of(check_element(e, limits)), pb::INVALID_VALUE);
  e = element("a");
  e.set_row("");
  EXPECT_EQ(reason_of(check_element(e, limits)), pb::INVALID_VALUE) << "only notes may float outside rows";
  e.set_kind(pb::NOTE);
  EXPECT_FALSE(check_element(e, limits));
}

TEST(Validation, Presence) {
  Limits limits;
  pb::Presence p;
  p.mutable_cursor()->set_x(10);
  EXPECT_FALSE(check_presence(p, limits));
  p.mutable_viewport()->set_width(std::numeric_limits<double>::infinity());
  EXPECT_EQ(reason_of(check_presence(p, limits)), pb::INVALID_VALUE);
  p.Clear();
  for (std::size_t i = 0; i <= limits.max_selection; ++i) p.add_selection("e" + std::to_string(i));
  EXPECT_EQ(reason_of(check_presence(p, limits)), pb::TOO_MANY);
}

TEST(Validation, FieldMaskChecksOnlyTheListedFieldsAndWhatTheyDependOn) {
  Limits limits;
  auto e = element("a");
  e.set_title("\xff");  // invalid, but not listed below
  e.mutable_position()->set_x(2e6);
  const FieldMask position = field_bit(pb::Element::kPositionFieldNumber);
  EXPECT_EQ(reason_of(check_element(e, limits, position)), pb::OUT_OF_BOUNDS);
  EXPECT_EQ(reason_of(check_element(e, limits)), pb::INVALID_VALUE) << "title comes first in a full check";
  e.mutable_position()->set_x(5);
  EXPECT_FALSE(check_element(e, limits, position));
  // The row's check depends on the kind: a note may have no row, a card must have one.
  e.set_title("ok");
  e.set_row("");
  EXPECT_EQ(reason_of(check_element(e, limits, field_bit(pb::Element::kKindFieldNumber))), pb::INVALID_VALUE);
  e.set_kind(pb::NOTE);
  EXPECT_FALSE(check_element(e, limits, field_bit(pb::Element::kKindFieldNumber)));
  pb::Link l;
  l.set_id("l");
  l.set_from("x");
  l.set_to("x");
  EXPECT_EQ(reason_of(check_link(l, limits, field_bit(pb::Link::kToFieldNumber))), pb::SELF_LINK);
  EXPECT_FALSE(check_link(l, limits, field_bit(pb::Link::kRationaleFieldNumber)));
}

TEST(Validation, DisplayName) {
  Limits limits;
  EXPECT_FALSE(check_display_name("Dr Ama Owusu", limits));
  EXPECT_EQ(reason_of(check_display_name("", limits)), pb::INVALID_VALUE);
  EXPECT_EQ(reason_of(check_display_name(std::string(65, 'n'), limits)), pb::TOO_LONG);
}

}  // namespace
}  // namespace pss
