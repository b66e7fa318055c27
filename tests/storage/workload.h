// A stand-in for a room's server side in storage tests and benchmarks: a map, a
// random mix of pushes (new cards, drags, retitles, arrows, deletes, multi-op pushes)
// from a few clients, committed as the server does (validate, stamp, canonical ops)
// and turned into the ChangeRecords the server would append.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/strategy_map.h"
#include "storage/types.h"

namespace pss::storage::testing {

namespace pb = ::pss::v1;

class Workload {
 public:
  // The map hovers around `target_cards` cards: a workshop-sized room.
  explicit Workload(std::uint64_t seed, pss::StrategyMap map = pss::StrategyMap::with_default_rows(),
                    std::size_t target_cards = 300)
      : map_(std::move(map)), rng_(seed), seed_(seed), target_cards_(target_cards) {
    for (const auto& [id, e] : map_.elements()) {
      index_.emplace(id, ids_.size());
      ids_.push_back(id);
    }
  }

  // `drags_only`: every push is one position patch (the hot path of a workshop).
  storage::ChangeRecord next(bool drags_only = false) {
    for (;;) {
      std::vector<pb::Op> ops = drags_only && !ids_.empty() ? std::vector<pb::Op>{drag()} : random_push();
      const std::uint64_t clock = map_.clock() + 1;
      const int client = static_cast<int>(rng_() % 3);
      const pss::Identity who{"Participant " + std::to_string(client), pb::STAFF};
      std::vector<pb::Op> applied;
      if (map_.apply(ops, pss::ApplyContext{clock, &who}, &applied)) continue;  // rejected: try another
      track(applied);
      storage::ChangeRecord rec;
      rec.clock = clock;
      rec.wall_ms = 1'700'000'000'000 + static_cast<std::int64_t>(clock) * 10;
      rec.session_id = static_cast<std::uint32_t>(client + 1);
      rec.author = who.name;
      rec.client_id = "client-" + std::to_string(client);
      rec.client_seq = ++seq_[client];
      rec.change.set_clock(clock);
      rec.change.set_session_id(rec.session_id);
      for (auto& op : applied) *rec.change.add_ops() = std::move(op);
      return rec;
    }
  }

  const pss::StrategyMap& map() const { return map_; }
  std::uint64_t last_seq(int client) const { return seq_[client]; }
  // After a reload: continue each client's sequence where the log left it.
  void resume_seqs(const std::map<std::string, std::uint64_t>& last) {
    for (int c = 0; c < 3; ++c)
      if (auto it = last.find("client-" + std::to_string(c)); it != last.end()) seq_[c] = it->second;
  }

 private:
  static constexpr const char* kRows[] = {"key-outcomes", "processes", "people", "culture"};

  pb::Op card(const std::string& id) {
    pb::Op op;
    auto* e = op.mutable_put()->mutable_element();
    const char* row = kRows[rng_() % 4];
    e->set_id(id);
    e->set_row(row);
    e->set_kind(row[0] == 'k' ? pb::OUTCOME : row[0] == 'p' && row[1] == 'r' ? pb::PROCESS : pb::CAPABILITY);
    e->set_title("Card " + id);
    e->mutable_position()->set_x(static_cast<double>(rng_() % 4000));
    e->mutable_position()->set_y(static_cast<double>(rng_() % 2000));
    e->mutable_size()->set_x(160);
    e->mutable_size()->set_y(80);
    return op;
  }
  const std::string& any_id() { return ids_[rng_() % ids_.size()]; }
  pb::Op drag() {
    pb::Op op;
    auto* p = op.mutable_patch();
    auto* e = p->mutable_value()->mutable_element();
    e->set_id(any_id());
    e->mutable_position()->set_x(static_cast<double>(rng_() % 4000));
    e->mutable_position()->set_y(static_cast<double>(rng_() % 2000));
    p->add_fields(pb::Element::kPositionFieldNumber);
    return op;
  }
  std::vector<pb::Op> random_push() {
    const std::string fresh = "s" + std::to_string(seed_) + "-" + std::to_string(map_.clock() + 1);
    const unsigned dice = static_cast<unsigned>(rng_() % 100);
    const bool grow = ids_.size() < target_cards_;
    if (ids_.size() < 8 || (dice < 15 && grow)) return {card(fresh)};
    if (dice < 70) return {drag()};
    if (dice < 80) {
      pb::Op op;
      auto* p = op.mutable_patch();
      p->mutable_value()->mutable_element()->set_id(any_id());
      p->mutable_value()->mutable_element()->set_title("Retitled at " + std::to_string(map_.clock() + 1));
      p->add_fields(pb::Element::kTitleFieldNumber);
      return {op};
    }
    if (dice < 85 && grow) {  // a card and an arrow to it, atomically
      pb::Op link;
      auto* l = link.mutable_put()->mutable_link();
      l->set_id("l" + fresh);
      l->set_from(any_id());
      l->set_to(fresh);
      return {card(fresh), link};
    }
    pb::Op op;
    op.mutable_remove()->set_type(pb::ELEMENT);
    op.mutable_remove()->set_id(any_id());
    return {op};
  }
  void track(const std::vector<pb::Op>& applied) {
    for (const auto& op : applied) {
      if (op.has_put() && op.put().has_element()) {
        if (index_.emplace(op.put().element().id(), ids_.size()).second) ids_.push_back(op.put().element().id());
      } else if (op.has_remove() && op.remove().type() == pb::ELEMENT) {
        auto it = index_.find(op.remove().id());
        if (it == index_.end()) continue;
        const std::size_t i = it->second;
        index_.erase(it);
        if (i + 1 != ids_.size()) {
          ids_[i] = std::move(ids_.back());
          index_[ids_[i]] = i;
        }
        ids_.pop_back();
      }
    }
  }

  pss::StrategyMap map_;
  std::mt19937_64 rng_;
  std::uint64_t seed_;
  std::vector<std::string> ids_;  // live cards, for O(1) random picks
  std::unordered_map<std::string, std::size_t> index_;
  std::size_t target_cards_;
  std::uint64_t seq_[3] = {0, 0, 0};
};

}  // namespace pss::storage::testing
