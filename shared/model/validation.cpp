#include "model/validation.h"

#include <cmath>

#include "model/text_check.h"

namespace pss {
namespace {

Rejection reject(pb::Reason reason, std::string detail) { return Rejection{reason, std::move(detail)}; }

Check check_coordinate(double v, const Limits& limits, std::string_view what) {
  if (!std::isfinite(v)) return reject(pb::INVALID_VALUE, std::string(what) + " is not a finite number");
  if (std::fabs(v) > limits.max_coordinate) return reject(pb::OUT_OF_BOUNDS, std::string(what) + " is outside the map");
  return std::nullopt;
}

Check check_point(const pb::Vec2& p, const Limits& limits, std::string_view what) {
  if (auto c = check_coordinate(p.x(), limits, what)) return c;
  return check_coordinate(p.y(), limits, what);
}

Check check_extent(double v, const Limits& limits, std::string_view what) {
  if (!std::isfinite(v)) return reject(pb::INVALID_VALUE, std::string(what) + " is not a finite number");
  if (v < limits.min_size || v > limits.max_size)
    return reject(pb::OUT_OF_BOUNDS, std::string(what) + " must be between " + std::to_string(int(limits.min_size)) +
                                         " and " + std::to_string(int(limits.max_size)));
  return std::nullopt;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len;
    char32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

Check check_text(std::string_view text, std::size_t max_bytes, std::string_view what) {
  if (text.size() > max_bytes)
    return reject(pb::TOO_LONG, std::string(what) + " is longer than " + std::to_string(max_bytes) + " bytes");
  if (!is_valid_utf8(text)) return reject(pb::INVALID_VALUE, std::string(what) + " is not valid UTF-8");
  return std::nullopt;
}

Check check_id(std::string_view id, const Limits& limits, std::string_view what) {
  if (id.empty()) return reject(pb::INVALID_VALUE, std::string(what) + " is empty");
  if (id.size() > limits.max_id_bytes)
    return reject(pb::TOO_LONG,
                  std::string(what) + " is longer than " + std::to_string(limits.max_id_bytes) + " bytes");
  for (char ch : id) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                    ch == '-' || ch == '.' || ch == ':';
    if (!ok) return reject(pb::INVALID_VALUE, std::string(what) + " has a character outside [A-Za-z0-9_.:-]");
  }
  return std::nullopt;
}

Check check_element(const pb::Element& e, const Limits& limits, FieldMask fields) {
  using E = pb::Element;
  auto has = [fields](std::uint32_t field) { return (fields & field_bit(field)) != 0; };
  if (has(E::kIdFieldNumber))
    if (auto c = check_id(e.id(), limits, "element id")) return c;
  if (has(E::kKindFieldNumber) && (e.kind() == pb::ELEMENT_KIND_UNSPECIFIED || !pb::ElementKind_IsValid(e.kind())))
    return reject(pb::INVALID_VALUE, "element kind must be outcome, process, capability or note");
  if ((has(E::kKindFieldNumber) || has(E::kRowFieldNumber)) && (e.kind() != pb::NOTE || !e.row().empty()))
    if (auto c = check_id(e.row(), limits, "element row")) return c;
  if (has(E::kTitleFieldNumber))
    if (auto c = check_text(e.title(), limits.max_title_bytes, "title")) return c;
  if (has(E::kDescriptionFieldNumber))
    if (auto c = check_text(e.description(), limits.max_description_bytes, "description")) return c;
  if (has(E::kPositionFieldNumber))
    if (auto c = check_point(e.position(), limits, "position")) return c;
  if (has(E::kSizeFieldNumber)) {
    if (auto c = check_extent(e.size().x(), limits, "width")) return c;
    if (auto c = check_extent(e.size().y(), limits, "height")) return c;
  }
  if (has(E::kColorFieldNumber) && e.color() > 0xFFFFFF) return reject(pb::INVALID_VALUE, "colour must be 0xRRGGBB");
  if (has(E::kAuthorFieldNumber))
    if (auto c = check_text(e.author(), limits.max_name_bytes, "author")) return c;
  if (has(E::kGroupFieldNumber) && !pb::StakeholderGroup_IsValid(e.group()))
    return reject(pb::INVALID_VALUE, "unknown stakeholder group");
  if (has(E::kBoardFieldNumber) && !e.board().empty())
    if (auto c = check_id(e.board(), limits, "board")) return c;
  if (has(E::kStatusFieldNumber) && !pb::ReviewStatus_IsValid(e.status()))
    return reject(pb::INVALID_VALUE, "unknown review status");
  return std::nullopt;
}

Check check_link(const pb::Link& l, const Limits& limits, FieldMask fields) {
  using L = pb::Link;
  auto has = [fields](std::uint32_t field) { return (fields & field_bit(field)) != 0; };
  if (has(L::kIdFieldNumber))
    if (auto c = check_id(l.id(), limits, "link id")) return c;
  if (has(L::kFromFieldNumber))
    if (auto c = check_id(l.from(), limits, "link source")) return c;
  if (has(L::kToFieldNumber))
    if (auto c = check_id(l.to(), limits, "link target")) return c;
  if ((has(L::kFromFieldNumber) || has(L::kToFieldNumber)) && l.from() == l.to())
    return reject(pb::SELF_LINK, "an element cannot contribute to itself");
  if (has(L::kRationaleFieldNumber))
    if (auto c = check_text(l.rationale(), limits.max_rationale_bytes, "rationale")) return c;
  if (has(L::kAuthorFieldNumber)) return check_text(l.author(), limits.max_name_bytes, "author");
  return std::nullopt;
}

Check check_row(const pb::Row& r, const Limits& limits, FieldMask fields) {
  using R = pb::Row;
  auto has = [fields](std::uint32_t field) { return (fields & field_bit(field)) != 0; };
  if (has(R::kIdFieldNumber))
    if (auto c = check_id(r.id(), limits, "row id")) return c;
  if (has(R::kKindFieldNumber) && (r.kind() == pb::ELEMENT_KIND_UNSPECIFIED || !pb::ElementKind_IsValid(r.kind())))
    return reject(pb::INVALID_VALUE, "row kind must be outcome, process, capability or note");
  if (has(R::kLabelFieldNumber))
    if (auto c = check_text(r.label(), limits.max_label_bytes, "row label")) return c;
  if (has(R::kOrderFieldNumber) && !std::isfinite(r.order()))
    return reject(pb::INVALID_VALUE, "row order is not a finite number");
  return std::nullopt;
}

Check check_presence(const pb::Presence& p, const Limits& limits) {
  if (auto c = check_point(p.cursor(), limits, "cursor")) return c;
  const auto& v = p.viewport();
  if (auto c = check_coordinate(v.x(), limits, "viewport")) return c;
  if (auto c = check_coordinate(v.y(), limits, "viewport")) return c;
  if (auto c = check_coordinate(v.width(), limits, "viewport")) return c;
  if (auto c = check_coordinate(v.height(), limits, "viewport")) return c;
  if (static_cast<std::size_t>(p.selection_size() + p.dragging_size()) > limits.max_selection)
    return reject(pb::TOO_MANY, "selection has more than " + std::to_string(limits.max_selection) + " ids");
  for (const auto& id : p.selection())
    if (auto c = check_id(id, limits, "selected id")) return c;
  for (const auto& id : p.dragging())
    if (auto c = check_id(id, limits, "dragged id")) return c;
  return std::nullopt;
}

Check check_display_name(std::string_view name, const Limits& limits) {
  if (name.empty()) return reject(pb::INVALID_VALUE, "display name is empty");
  return check_text(name, limits.max_name_bytes, "display name");
}

}  // namespace pss
