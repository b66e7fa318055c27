// Replica: a client's copy of one room, with optimistic local edits. Pure logic, no
// I/O: the sync engine feeds it server messages and takes pushes from it, tests drive
// it directly.
//
// Two maps: `confirmed` is exactly the server's state at server_clock(); `view` is
// confirmed plus every pending (unacknowledged) local push re-applied on top, which
// is what the user sees. Because pending pushes are re-applied after every server
// change, a field with an unacknowledged local write is never overwritten by an older
// server value (no flicker, no jump-back), and a push the server rejects simply
// disappears from the view.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "model/strategy_map.h"
#include "pss.pb.h"

namespace pss::client {

namespace pb = ::pss::v1;

struct PendingPush {
  std::uint64_t client_seq = 0;  // 0 until assigned when first handed out for sending
  std::vector<pb::Op> ops;
  bool sent = false;     // handed to the network on the current connection
  bool coalescable = false;  // a drag step: later steps of the same fields may replace it
};

class Replica {
 public:
  explicit Replica(Identity self, Limits limits = {});

  // A local edit: validated and applied to the view at once, queued for the server.
  // With `coalesce`, if the newest unsent push patches the same records and fields,
  // its values are replaced instead of queueing another push (drags: 60 frames a
  // second become one patch per send tick). Returns the rejection if the edit is invalid.
  Check edit(std::vector<pb::Op> ops, bool coalesce = false);

  // Server messages, in the order they arrived.
  void on_welcome(const pb::Welcome& welcome);
  void on_patch(const pb::Patch& patch);
  // Returns the rejection (reason and detail) if the server refused the push.
  std::optional<pb::PushResult> on_push_result(const pb::PushResult& result);

  // Pushes not yet sent on this connection, each given its client_seq, marked sent.
  std::vector<pb::Push> take_unsent();
  // The connection dropped: everything pending must be sent again after the next Welcome.
  void on_disconnect();

  const StrategyMap& view() const { return view_; }
  const StrategyMap& confirmed() const { return confirmed_; }
  std::uint64_t server_clock() const { return confirmed_.clock(); }
  std::size_t pending_count() const { return pending_.size(); }
  bool has_unsent() const;
  bool welcomed() const { return welcomed_; }
  const Identity& self() const { return self_; }

 private:
  void rebuild_view();

  Identity self_;
  StrategyMap confirmed_;
  StrategyMap view_;
  std::deque<PendingPush> pending_;
  std::uint64_t next_seq_ = 1;
  bool welcomed_ = false;
};

}  // namespace pss::client
