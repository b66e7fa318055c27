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
  bool sent = false;         // handed to the network on the current connection
  bool coalescable = false;  // a drag step: later steps of the same fields may replace it
  // A Change with our session_id arrived for it (the oldest sent push still waiting):
  // `confirmed` holds its canonical ops, so the view no longer re-applies it; waiting
  // for its PushResult. See on_patch for the one case where the guess is off.
  bool committed = false;
  // Sent, but no longer applies to the server's state: out of the view, kept only so
  // the server's answers still line up with the pending queue.
  bool dead = false;
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
  //
  // Between begin_batch() and end_batch() they update `confirmed` and the pending
  // queue only, and the view is rebuilt once at the end. SyncClient wraps everything
  // one poll() received this way: a Patch and the PushResults behind it cost one
  // rebuild, and no half-applied view is ever drawn.
  void begin_batch();
  void end_batch();
  void on_welcome(const pb::Welcome& welcome);
  void on_patch(const pb::Patch& patch);
  // Returns the rejection (reason and detail) if the server refused the push.
  std::optional<pb::PushResult> on_push_result(const pb::PushResult& result);

  // Pushes not yet sent on this connection, each given its client_seq, marked sent.
  // Empty until the current connection has been welcomed.
  std::vector<pb::Push> take_unsent();
  // The connection dropped: everything pending must be sent again after the next Welcome.
  void on_disconnect();

  // Pending pushes dropped before the server saw them because they no longer apply
  // (e.g. they patch an element someone removed), as rejected PushResults. Drains.
  std::vector<pb::PushResult> take_local_rejections();

  const StrategyMap& view() const { return view_; }
  const StrategyMap& confirmed() const { return confirmed_; }
  std::uint64_t server_clock() const { return confirmed_.clock(); }
  std::size_t pending_count() const { return pending_.size(); }
  const std::deque<PendingPush>& pending() const { return pending_; }
  bool has_unsent() const;
  bool welcomed() const { return welcomed_; }  // holds a server state (any connection)
  bool online() const { return online_; }      // welcomed on the current connection
  const Identity& self() const { return self_; }
  std::uint32_t session_id() const { return session_id_; }

  // Server messages did not apply to `confirmed` (a bug somewhere): the state must be
  // fetched whole. hello_clock() is then 0, which asks the server for a full snapshot.
  bool needs_resync() const { return needs_resync_; }
  const std::string& last_error() const { return last_error_; }
  std::uint64_t hello_clock() const { return needs_resync_ ? 0 : server_clock(); }

  // What the last Welcome carried: a full snapshot, or this many catch-up changes.
  bool last_welcome_full() const { return last_welcome_full_; }
  std::size_t last_welcome_changes() const { return last_welcome_changes_; }

 private:
  void rebuild_view();
  void refresh_view();  // rebuilds if needed and not batching
  void adopt_limits(const pb::ServerLimits& server);
  void drop_locally(const PendingPush& push, const Rejection& why);
  void fail(std::string error);

  Identity self_;
  Limits limits_;
  StrategyMap confirmed_;
  StrategyMap view_;
  std::deque<PendingPush> pending_;
  std::vector<pb::PushResult> local_rejections_;
  std::size_t max_message_bytes_ = 0;  // from Welcome.limits; 0: unknown
  std::uint64_t next_seq_ = 1;
  std::uint32_t session_id_ = 0;
  bool welcomed_ = false;
  bool online_ = false;
  bool view_is_confirmed_ = true;  // no pending push is applied to the view: it equals confirmed
  bool view_dirty_ = false;        // the view must be rebuilt from confirmed + pending
  bool batching_ = false;
  bool needs_resync_ = false;
  bool last_welcome_full_ = false;
  std::size_t last_welcome_changes_ = 0;
  std::string last_error_;
};

}  // namespace pss::client
