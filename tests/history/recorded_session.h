// A made-up workshop recording for Timeline tests and the seek benchmark: four people
// join, mostly drag cards (position patches), sometimes create, retitle, link, move a
// selection of several cards at once, or delete; one leaves halfway. Pushes are
// committed as the server does (validated, stamped, ops as applied), one every 50 ms,
// with a cursor sample per person every 250 ms.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "model/ops.h"
#include "model/strategy_map.h"
#include "pss.pb.h"

namespace pss::history::testing {

namespace pb = ::pss::v1;

inline constexpr std::int64_t kStartMs = 1'763'000'000'000;
inline constexpr const char* kPeople[] = {"Ann", "Bob", "Carol", "Dan"};

class RecordedSession {
 public:
  explicit RecordedSession(std::uint64_t seed, StrategyMap base = StrategyMap::with_default_rows())
      : map_(std::move(base)), rng_(seed) {
    *history_.mutable_base() = map_.snapshot();
    history_.set_room("workshop");
    for (std::uint32_t s = 1; s <= 4; ++s) session(pb::RecordedSession::JOIN, s, kStartMs + s);
  }

  // Records `n` more committed changes (and the cursors and leaves around them).
  void record(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t now = kStartMs + 1000 + static_cast<std::int64_t>(map_.clock() + 1) * 50;
      while (next_sample_ <= now) sample();
      if (map_.clock() == 40) session(pb::RecordedSession::LEAVE, 4, now - 1);  // Dan leaves early
      commit(now);
    }
  }

  const pb::History& history() const { return history_; }
  const StrategyMap& map() const { return map_; }

 private:
  std::uint32_t active() { return 1 + static_cast<std::uint32_t>(rng_() % (map_.clock() >= 40 ? 3 : 4)); }

  std::string any_card() {
    auto it = map_.elements().begin();
    std::advance(it, static_cast<long>(rng_() % map_.elements().size()));
    return it->first;
  }

  double coord(int range) { return static_cast<double>(rng_() % static_cast<unsigned>(range)); }

  std::vector<pb::Op> push() {
    const unsigned dice = static_cast<unsigned>(rng_() % 100);
    const std::size_t cards = map_.elements().size();
    if (cards < 10 || (dice < 4 && cards < 400)) {
      pb::Element e;
      e.set_id("c" + std::to_string(map_.clock() + 1));
      const auto rows = map_.rows_in_order();
      const pb::Row* row = rows[rng_() % rows.size()];
      e.set_row(row->id());
      e.set_kind(row->kind());
      e.set_title("Idea " + std::to_string(map_.clock() + 1));
      e.mutable_position()->set_x(coord(4000));
      e.mutable_position()->set_y(coord(2000));
      e.mutable_size()->set_x(200);
      e.mutable_size()->set_y(96);
      return {ops::put(e)};
    }
    if (dice < 85) return {ops::move(any_card(), coord(4000), coord(2000))};
    if (dice < 89) {  // a selection dragged together
      std::vector<pb::Op> out;
      for (int k = 0; k < 3; ++k) out.push_back(ops::move(any_card(), coord(4000), coord(2000)));
      return out;
    }
    if (dice < 93) {
      pb::Element e;
      e.set_id(any_card());
      e.set_title("Renamed " + std::to_string(map_.clock() + 1));
      return {ops::patch(e, {pb::Element::kTitleFieldNumber})};
    }
    if (dice < 97) {
      pb::Link l;
      l.set_id("l" + std::to_string(map_.clock() + 1));
      l.set_from(any_card());
      l.set_to(any_card());
      return {ops::put(l)};
    }
    return {ops::remove(pb::ELEMENT, any_card())};
  }

  void commit(std::int64_t now) {
    for (;;) {
      const std::uint32_t who = active();
      const Identity id{kPeople[who - 1], pb::STAFF};
      std::vector<pb::Op> applied;
      const std::uint64_t clock = map_.clock() + 1;
      if (map_.apply(push(), ApplyContext{clock, &id}, &applied)) continue;  // self link, duplicate: retry
      pb::RecordedChange* c = history_.add_changes();
      c->set_clock(clock);
      c->set_wall_ms(now);
      c->set_session_id(who);
      c->set_author(id.name);
      c->set_client_id("client-" + std::to_string(who));
      c->set_client_seq(clock);
      for (auto& op : applied) *c->add_ops() = std::move(op);
      return;
    }
  }

  void sample() {
    for (std::uint32_t s = 1; s <= (map_.clock() >= 40 ? 3u : 4u); ++s) {
      pb::RecordedPresence* p = history_.add_presence();
      p->set_wall_ms(next_sample_ + s);
      p->set_session_id(s);
      p->mutable_cursor()->set_x(coord(4000));
      p->mutable_cursor()->set_y(coord(2000));
      p->set_cursor_visible(true);
    }
    next_sample_ += 250;
  }

  void session(pb::RecordedSession::Kind kind, std::uint32_t id, std::int64_t at) {
    pb::RecordedSession* s = history_.add_sessions();
    s->set_kind(kind);
    s->set_wall_ms(at);
    s->set_clock(map_.clock());
    s->set_session_id(id);
    s->set_display_name(kPeople[id - 1]);
    s->set_group(pb::STAFF);
  }

  StrategyMap map_;
  std::mt19937_64 rng_;
  pb::History history_;
  std::int64_t next_sample_ = kStartMs + 500;
};

}  // namespace pss::history::testing
