// Recorder: a live room in a test. Commits pushes as the server does (validate, stamp,
// ops as applied) and records them as a pb::History, with the live hash at every clock.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/strategy_map.h"
#include "pss.pb.h"

namespace pss::replay::testing {

namespace pb = ::pss::v1;

class Recorder {
 public:
  static constexpr std::int64_t kStartMs = 1'700'000'000'000;  // 2023-11-14T22:13:20Z

  Recorder() {
    *history_.mutable_base() = live_.snapshot();
    hash_at_[live_.clock()] = live_.state_hash();
  }

  const pb::RecordedChange& commit(const std::vector<pb::Op>& ops, const std::string& who = "Alice",
                                   std::int64_t after_ms = 1000) {
    const std::uint64_t clock = live_.clock() + 1;
    const Identity identity{who, pb::STAFF};
    std::vector<pb::Op> applied;
    auto failed = live_.apply(ops, ApplyContext{clock, &identity}, &applied);
    EXPECT_FALSE(failed) << failed->detail;
    now_ms_ += after_ms;
    auto* c = history_.add_changes();
    c->set_clock(clock);
    c->set_wall_ms(now_ms_);
    c->set_session_id(who == "Alice" ? 1 : 2);
    c->set_author(who);
    c->set_client_id(who + "-client");
    c->set_client_seq(clock);
    for (auto& op : applied) *c->add_ops() = std::move(op);
    hash_at_[clock] = live_.state_hash();
    return *c;
  }

  const pb::History& history() const { return history_; }
  const StrategyMap& live() const { return live_; }
  const std::string& hash_at(std::uint64_t clock) const { return hash_at_.at(clock); }

 private:
  StrategyMap live_ = StrategyMap::with_default_rows();
  pb::History history_;
  std::map<std::uint64_t, std::string> hash_at_;
  std::int64_t now_ms_ = kStartMs;
};

}  // namespace pss::replay::testing
