// A socket-free stand-in for the server's room logic, for replica tests: applies pushes
// as the server does (stamped, at the next clock) and produces the Patch, PushResult
// and Welcome messages a client would receive.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "client/core/replica.h"
#include "model/strategy_map.h"
#include "test_cards.h"

namespace pss::client::testing {

namespace pb = ::pss::v1;

class FakeRoom {
 public:
  StrategyMap map = StrategyMap::with_default_rows();

  struct Outcome {
    pb::Patch patch;  // empty when rejected
    pb::PushResult result;
  };

  // Processes one push from `session` (seen under `who`) as the server would.
  Outcome push(std::uint32_t session, const Identity& who, const std::string& client_id, const pb::Push& push) {
    Outcome out;
    out.result.set_client_seq(push.client_seq());
    std::uint64_t& last = last_seq_[client_id];
    if (push.client_seq() <= last) {
      out.result.set_reason(pb::STALE_SEQUENCE);
      return out;
    }
    last = push.client_seq();
    std::vector<pb::Op> applied;
    const std::uint64_t clock = map.clock() + 1;
    if (auto failed = map.apply(push.ops(), ApplyContext{clock, &who}, &applied)) {
      out.result.set_reason(failed->reason);
      out.result.set_detail(failed->detail);
      return out;
    }
    pb::Change* change = out.patch.add_changes();
    change->set_clock(clock);
    change->set_session_id(session);
    for (auto& op : applied) *change->add_ops() = std::move(op);
    out.result.set_committed(true);
    out.result.set_clock(clock);
    return out;
  }

  // A push by someone else, straight from ops; returns its Patch (asserting success is the caller's job).
  pb::Patch other(std::vector<pb::Op> ops, std::uint32_t session = 99) {
    static const Identity bob{"Bob", pb::STAFF};
    pb::Push p;
    p.set_client_seq(++other_seq_);
    for (auto& op : ops) *p.add_ops() = std::move(op);
    return push(session, bob, "bob", p).patch;
  }

  pb::Welcome welcome(std::uint32_t session, std::uint64_t last_clock, const std::string& client_id) {
    pb::Welcome w;
    w.set_session_id(session);
    w.set_clock(map.clock());
    w.set_room("test");
    w.set_last_client_seq(last_seq_[client_id]);
    auto changes = last_clock ? map.changes_since(last_clock) : std::nullopt;
    if (changes) {
      for (auto& op : *changes) *w.add_changes() = std::move(op);
    } else {
      w.set_full(true);
      *w.mutable_snapshot() = map.snapshot();
    }
    return w;
  }

 private:
  std::map<std::string, std::uint64_t> last_seq_;
  std::uint64_t other_seq_ = 0;
};

}  // namespace pss::client::testing
