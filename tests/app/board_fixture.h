// A board without a window: a LocalDocument (or any Document), the Editor, Tools and
// helpers that feed Tools synthetic pointer input. The canvas starts at screen (0,0)
// with zoom 1, so screen and canvas coordinates agree until a test pans or zooms.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "client/app/ui/document.h"
#include "client/app/ui/records.h"
#include "client/app/ui/tools.h"
#include "client/app/ui/undo.h"

namespace pss::ui::testing {

// Records every edit (and whether it asked to coalesce) before passing it on.
class RecordingDocument : public Document {
 public:
  explicit RecordingDocument(Document& inner) : inner_(inner) {}
  const StrategyMap& view() const override { return inner_.view(); }
  Check edit(std::vector<pb::Op> ops, bool coalesce) override {
    edits.push_back({ops, coalesce});
    return inner_.edit(std::move(ops), coalesce);
  }
  struct Edit {
    std::vector<pb::Op> ops;
    bool coalesce;
  };
  std::vector<Edit> edits;

 private:
  Document& inner_;
};

inline pb::Element card(const std::string& id, const std::string& row, V2 pos, pb::ElementKind kind,
                        const std::string& title = "") {
  pb::Element e;
  e.set_id(id);
  e.set_kind(kind);
  e.set_row(row);
  e.set_title(title.empty() ? "Card " + id : title);
  e.mutable_position()->set_x(pos.x);
  e.mutable_position()->set_y(pos.y);
  e.mutable_size()->set_x(kCardSize.x);
  e.mutable_size()->set_y(kCardSize.y);
  return e;
}

inline pb::Link link(const std::string& id, const std::string& from, const std::string& to) {
  pb::Link l;
  l.set_id(id);
  l.set_from(from);
  l.set_to(to);
  return l;
}

inline const Identity kOther{"Other", pb::PARTNER_ORGANISATION};

class Board {
 public:
  LocalDocument local;
  RecordingDocument doc{local};
  Editor editor{doc};
  IdSource ids{"t", [] { return std::uint64_t{1'700'000'000'000}; }};
  Tools tools{editor, ids};
  Rect canvas{{0, 0}, {1000, 800}};

  Board() { frame(); }

  const StrategyMap& map() const { return local.view(); }
  const pb::Element& el(const std::string& id) const { return *map().element(id); }
  V2 pos(const std::string& id) const { return {el(id).position().x(), el(id).position().y()}; }

  // Adds records as someone else would (no undo entry, not recorded).
  void remote(const std::vector<pb::Op>& ops) {
    auto failed = local.remote_edit(ops, kOther);
    if (failed) throw std::runtime_error(failed->detail);
  }
  void add(const pb::Element& e) { remote({put_op(e)}); }
  void add(const pb::Link& l) { remote({put_op(l)}); }

  void frame(PointerInput in = {}, KeyInput k = {}) { tools.frame(in, k, canvas); }
  PointerInput at(V2 screen) const {
    PointerInput in;
    in.mouse = screen;
    in.over_canvas = true;
    return in;
  }
  void hover(V2 p) { frame(at(p)); }
  void press(V2 p, bool shift = false) {
    auto in = at(p);
    in.left_pressed = in.left_down = true;
    in.shift = shift;
    frame(in);
  }
  void move(V2 p) {
    auto in = at(p);
    in.left_down = true;
    frame(in);
  }
  void release(V2 p) {
    auto in = at(p);
    in.left_released = true;
    frame(in);
  }
  void click(V2 p, bool shift = false) {
    press(p, shift);
    release(p);
  }
  void double_click(V2 p) {
    click(p);
    auto in = at(p);
    in.left_pressed = in.left_down = in.left_double = true;
    frame(in);
    release(p);
  }
  // Press at `from`, `steps` moves to `to`, release there.
  void drag(V2 from, V2 to, int steps = 5) {
    press(from);
    for (int i = 1; i <= steps; ++i) move(lerp(from, to, double(i) / steps));
    release(to);
  }
  void key(KeyInput k) { frame(at({-100, -100}), k); }
};

}  // namespace pss::ui::testing
