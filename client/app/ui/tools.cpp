#include "client/app/ui/tools.h"

#include <algorithm>
#include <cmath>

namespace pss::ui {

const char* to_string(Mode mode) {
  switch (mode) {
    case Mode::idle: return "idle";
    case Mode::pan: return "pan";
    case Mode::drag_cards: return "drag";
    case Mode::rubber_band: return "select";
    case Mode::create_link: return "link";
    case Mode::edit_title: return "edit";
  }
  return "?";
}

namespace {

double clamp_coordinate(double v, const StrategyMap& map) {
  const double m = map.limits().max_coordinate;
  return std::clamp(v, -m, m);
}

pb::Vec2 vec(V2 v) {
  pb::Vec2 out;
  out.set_x(v.x);
  out.set_y(v.y);
  return out;
}

}  // namespace

void Tools::frame(const PointerInput& in, const KeyInput& k, const Rect& canvas) {
  canvas_ = canvas;
  view_.set_origin(canvas.min);
  rows_.rebuild(map());
  prune_selection();
  cursor_ = view_.to_canvas(in.mouse);
  cursor_on_canvas_ = in.over_canvas;

  if (in.over_canvas && in.wheel != 0 && mode_ != Mode::edit_title)
    view_.zoom_at(in.mouse, std::pow(1.15, in.wheel));

  switch (mode_) {
    case Mode::idle: idle(in, draw_order(map(), selection_)); break;
    case Mode::pan:
      view_.pan_by(in.mouse - last_mouse_);
      if (pan_with_left_ ? !in.left_down : !in.pan_down) mode_ = Mode::idle;
      break;
    case Mode::drag_cards: drag(in); break;
    case Mode::rubber_band: band_select(in); break;
    case Mode::create_link: link(in, draw_order(map(), selection_)); break;
    case Mode::edit_title:
      // A press elsewhere on the canvas ends editing; the app commits the text first.
      if (!map().element(editing_)) cancel_edit();
      break;
  }
  last_mouse_ = in.mouse;
  if (mode_ != Mode::edit_title) keys(k);
}

void Tools::idle(const PointerInput& in, const std::vector<const pb::Element*>& order) {
  hover_ = in.over_canvas ? hit_test(map(), order, cursor_, view_.zoom()) : Hit{};
  if (!in.over_canvas) return;
  press_screen_ = in.mouse;
  press_canvas_ = cursor_;

  if (in.pan_pressed || (in.left_pressed && in.space)) {
    mode_ = Mode::pan;
    pan_with_left_ = !in.pan_pressed;
    return;
  }
  if (in.left_double) {
    if (hover_.is(Hit::Kind::card) || hover_.is(Hit::Kind::handle)) {
      selection_ = {hover_.id};
      begin_edit(hover_.id);
    } else if (hover_.kind == Hit::Kind::none) {
      const Band* band = rows_.band_at(cursor_.y);
      create_card(band && band->kind != pb::ELEMENT_KIND_UNSPECIFIED ? band->kind : pb::NOTE, cursor_);
    }
    return;
  }
  if (!in.left_pressed) return;

  switch (hover_.kind) {
    case Hit::Kind::handle:
      mode_ = Mode::create_link;
      link_from_ = hover_.id;
      link_target_.clear();
      break;
    case Hit::Kind::card:
      pressed_card_ = hover_.id;
      press_shift_ = in.shift;
      if (in.shift) {
        if (!selection_.erase(hover_.id)) selection_.insert(hover_.id);
      } else if (!selection_.contains(hover_.id)) {
        selection_ = {hover_.id};
      }
      mode_ = Mode::drag_cards;
      moved_ = false;
      drag_origins_.clear();
      for (const auto& id : selection_)
        if (const auto* e = map().element(id)) drag_origins_.emplace_back(id, V2{e->position().x(), e->position().y()});
      break;
    case Hit::Kind::link:
      if (!in.shift) selection_ = {hover_.id};
      else if (!selection_.erase(hover_.id)) selection_.insert(hover_.id);
      break;
    case Hit::Kind::none:
      band_base_ = in.shift ? selection_ : std::set<std::string>{};
      selection_ = band_base_;
      mode_ = Mode::rubber_band;
      break;
  }
}

void Tools::drag(const PointerInput& in) {
  if (!moved_ && distance(in.mouse, press_screen_) >= kDragThresholdPx && !drag_origins_.empty()) {
    moved_ = true;
    editor_.begin_group();
  }
  if (moved_) {
    const V2 delta = cursor_ - press_canvas_;
    std::vector<pb::Op> ops;
    for (const auto& [id, origin] : drag_origins_) {
      const pb::Element* e = map().element(id);
      if (!e) continue;  // removed by someone else mid-drag
      pb::Element value;
      value.set_id(id);
      *value.mutable_position() = vec({clamp_coordinate(origin.x + delta.x, map()),
                                       clamp_coordinate(origin.y + delta.y, map())});
      if (value.position().x() != e->position().x() || value.position().y() != e->position().y())
        ops.push_back(patch_op(value, {pb::Element::kPositionFieldNumber}));
    }
    // Coalesced: 60 frames a second become one patch per send tick, one undo step.
    if (!ops.empty()) editor_.apply(std::move(ops), /*coalesce=*/true);
  }
  if (!in.left_down) finish_drag();
}

void Tools::finish_drag() {
  if (moved_) {
    // Dropping sets each card's row (and kind, unless it is a note) from where it lands.
    std::vector<pb::Op> ops;
    for (const auto& [id, origin] : drag_origins_) {
      const pb::Element* e = map().element(id);
      if (!e) continue;
      const Placement place = place_card(rows_, e->kind(), card_rect(*e).center().y);
      if (place.row == e->row() && place.kind == e->kind()) continue;
      pb::Element value = *e;
      value.set_row(place.row);
      value.set_kind(place.kind);
      ops.push_back(patch_op(value, {pb::Element::kRowFieldNumber, pb::Element::kKindFieldNumber}));
    }
    if (!ops.empty()) editor_.apply(std::move(ops));
    editor_.end_group();
  } else if (!press_shift_ && selection_.contains(pressed_card_)) {
    // A plain click (no drag) on one of several selected cards selects just that one.
    selection_ = {pressed_card_};
  }
  moved_ = false;
  pressed_card_.clear();
  drag_origins_.clear();
  mode_ = Mode::idle;
}

void Tools::band_select(const PointerInput& in) {
  selection_ = band_base_;
  const Rect band = Rect::from_corners(press_canvas_, cursor_);
  for (auto& id : cards_in(map(), band)) selection_.insert(std::move(id));
  // Arrows come along when both their cards are in the band.
  for (const auto& [id, l] : map().links())
    if (selection_.contains(l.from()) && selection_.contains(l.to())) selection_.insert(id);
  if (!in.left_down) mode_ = Mode::idle;
}

void Tools::link(const PointerInput& in, const std::vector<const pb::Element*>& order) {
  const pb::Element* target = card_at(order, cursor_, link_from_);
  link_target_ = target ? target->id() : std::string();
  if (in.left_down) return;
  mode_ = Mode::idle;
  if (link_target_.empty() || !map().element(link_from_)) return;
  for (const auto& [id, l] : map().links())
    if (l.from() == link_from_ && l.to() == link_target_) {
      selection_ = {id};  // that arrow exists already: show it
      return;
    }
  pb::Link l;
  l.set_id(ids_.next('l'));
  l.set_from(link_from_);
  l.set_to(link_target_);
  if (!editor_.apply({put_op(l)})) selection_ = {l.id()};
  link_target_.clear();
}

void Tools::keys(const KeyInput& k) {
  // Not mid-gesture: a drag's later frames would land outside its undo step.
  if (mode_ == Mode::idle) {
    if (k.undo) editor_.undo();
    if (k.redo) editor_.redo();
  }
  if (k.delete_selection) delete_selection();
  if (k.fit) fit_all();
  if (k.select_all) {
    selection_.clear();
    for (const auto& [id, e] : map().elements()) selection_.insert(id);
  }
  if (k.escape) {
    if (mode_ == Mode::create_link || mode_ == Mode::rubber_band) mode_ = Mode::idle;
    else selection_.clear();
  }
}

std::string Tools::create_card(pb::ElementKind kind, std::optional<V2> center) {
  V2 c;
  if (center) {
    c = *center;
  } else {
    // From the palette: the middle of the view, in the first row of that kind,
    // staggered so that repeated clicks do not stack cards exactly.
    c = view_.visible(canvas_).center();
    c.x += 28.0 * (created_ % 5);
    if (kind != pb::NOTE)
      for (const Band& b : rows_.bands())
        if (b.kind == kind) {
          c.y = b.center_y() + 12.0 * (created_ % 3) - 12.0;
          break;
        }
    ++created_;
  }
  pb::Element e;
  e.set_id(ids_.next('e'));
  e.set_kind(kind);
  const Placement place = place_card(rows_, kind, c.y);
  e.set_row(place.row);
  if (kind != pb::NOTE) e.set_kind(place.kind);
  *e.mutable_position() = vec({clamp_coordinate(c.x - kCardSize.x / 2, map()),
                               clamp_coordinate(c.y - kCardSize.y / 2, map())});
  *e.mutable_size() = vec(kCardSize);
  e.set_status(pb::DRAFT);
  if (mode_ == Mode::edit_title) cancel_edit();  // the title being typed is committed by its editor
  if (mode_ == Mode::drag_cards) finish_drag();
  editor_.begin_group();
  if (editor_.apply({put_op(e)})) {
    editor_.end_group();
    return {};
  }
  edit_group_ = true;
  selection_ = {e.id()};
  mode_ = Mode::edit_title;
  editing_ = e.id();
  return e.id();
}

void Tools::begin_edit(const std::string& id) {
  if (!map().element(id)) return;
  if (mode_ == Mode::drag_cards) finish_drag();
  if (mode_ == Mode::edit_title) cancel_edit();
  mode_ = Mode::edit_title;
  editing_ = id;
}

void Tools::commit_title(const std::string& id, const std::string& title) {
  if (const pb::Element* e = map().element(id); e && e->title() != title) {
    pb::Element value;
    value.set_id(id);
    value.set_title(title);
    editor_.apply({patch_op(value, {pb::Element::kTitleFieldNumber})});
  }
  if (mode_ == Mode::edit_title && id == editing_) cancel_edit();
}

void Tools::cancel_edit() {
  if (edit_group_) editor_.end_group();
  edit_group_ = false;
  editing_.clear();
  if (mode_ == Mode::edit_title) mode_ = Mode::idle;
}

void Tools::delete_selection() {
  std::vector<pb::Op> ops;
  // Arrows first: removing a card removes its arrows, which must not be named twice.
  std::set<std::string> gone;
  for (const auto& id : selection_)
    if (map().element(id))
      for (const auto& l : map().links_of(id)) gone.insert(l);
  for (const auto& id : selection_)
    if (map().link(id) && !gone.contains(id)) ops.push_back(remove_op(pb::LINK, id));
  for (const auto& id : selection_)
    if (map().element(id)) ops.push_back(remove_op(pb::ELEMENT, id));
  if (!ops.empty()) editor_.apply(std::move(ops));
  selection_.clear();
}

void Tools::fit_all() {
  Rect box{{0, rows_.top()}, {RowLayout::kDefaultWidth, rows_.bottom()}};
  if (rows_.empty()) box = {{0, 0}, {RowLayout::kDefaultWidth, 1000}};
  if (Rect cards; cards_bounds(map(), &cards)) box = box.united(cards);
  Rect area = canvas_;
  area.min.x += std::min(RowLayout::kLabelStrip, canvas_.width() * 0.3);  // the row labels' strip
  view_.fit(box, area, 32);
}

void Tools::set_fields(const pb::Element& value, std::initializer_list<std::uint32_t> fields) {
  editor_.apply({patch_op(value, fields)});
}

std::optional<Rect> Tools::rubber_band() const {
  if (mode_ != Mode::rubber_band) return std::nullopt;
  return Rect::from_corners(press_canvas_, cursor_);
}

std::optional<Tools::LinkPreview> Tools::link_preview() const {
  if (mode_ != Mode::create_link) return std::nullopt;
  return LinkPreview{link_from_, cursor_, link_target_};
}

std::vector<std::string> Tools::dragging() const {
  std::vector<std::string> ids;
  if (mode_ == Mode::drag_cards && moved_)
    for (const auto& [id, origin] : drag_origins_) ids.push_back(id);
  return ids;
}

pb::Presence Tools::presence() const {
  pb::Presence p;
  const double m = map().limits().max_coordinate;
  *p.mutable_cursor() = vec({std::clamp(cursor_.x, -m, m), std::clamp(cursor_.y, -m, m)});
  p.set_cursor_visible(cursor_on_canvas_);
  std::size_t budget = map().limits().max_selection;
  for (const auto& id : dragging())
    if (budget-- > 0) p.add_dragging(id);
  for (const auto& id : selection_)
    if (budget-- > 0) p.add_selection(id);
  const Rect v = view_.visible(canvas_);
  auto* r = p.mutable_viewport();
  r->set_x(std::clamp(v.min.x, -m, m));
  r->set_y(std::clamp(v.min.y, -m, m));
  r->set_width(std::clamp(v.width(), 0.0, 2 * m));
  r->set_height(std::clamp(v.height(), 0.0, 2 * m));
  return p;
}

void Tools::prune_selection() {
  std::erase_if(selection_, [&](const std::string& id) { return !map().element(id) && !map().link(id); });
}

}  // namespace pss::ui
