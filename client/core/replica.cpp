#include "client/core/replica.h"

#include <algorithm>
#include <utility>

namespace pss::client {
namespace {

bool all_patches(const std::vector<pb::Op>& ops) {
  return !ops.empty() && std::all_of(ops.begin(), ops.end(), [](const pb::Op& op) { return op.has_patch(); });
}

std::vector<std::uint32_t> sorted_fields(const pb::RecordPatch& p) {
  std::vector<std::uint32_t> f(p.fields().begin(), p.fields().end());
  std::sort(f.begin(), f.end());
  f.erase(std::unique(f.begin(), f.end()), f.end());
  return f;
}

// Same records, same fields, in the same order: replacing the values of `a` with those
// of `b` changes nothing else, so b may stand in for a.
bool same_targets(const std::vector<pb::Op>& a, const std::vector<pb::Op>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& pa = a[i].patch();
    const auto& pb_ = b[i].patch();
    if (record_type(pa.value()) != record_type(pb_.value())) return false;
    if (record_id(pa.value()) != record_id(pb_.value())) return false;
    if (sorted_fields(pa) != sorted_fields(pb_)) return false;
  }
  return true;
}

}  // namespace

Replica::Replica(Identity self, Limits limits)
    : self_(std::move(self)), limits_(limits), confirmed_(limits), view_(limits) {}

Check Replica::edit(std::vector<pb::Op> ops, bool coalesce) {
  if (ops.empty()) return Rejection{pb::MALFORMED, "an edit needs at least one op"};
  if (view_dirty_) rebuild_view();  // an edit inside a batch: validate against the real view
  if (max_message_bytes_) {
    // The server closes the connection on an oversized message; a push that can never
    // be sent would loop through reconnects, so refuse it here.
    std::size_t bytes = 16;  // ClientMessage and Push headers, client_seq
    for (const pb::Op& op : ops) bytes += op.ByteSizeLong() + 6;
    if (bytes > max_message_bytes_)
      return Rejection{pb::TOO_LONG, "the change is too large to send (" + std::to_string(bytes) +
                                         " bytes; the server accepts " + std::to_string(max_message_bytes_) + ")"};
  }
  const ApplyContext ctx{confirmed_.clock(), &self_};
  const bool coalescable = coalesce && all_patches(ops);
  if (coalescable && !pending_.empty()) {
    PendingPush& last = pending_.back();
    // Only a push never handed out may change: once it has a client_seq the server
    // may have processed it already.
    if (last.coalescable && last.client_seq == 0 && !last.dead && same_targets(last.ops, ops)) {
      // Patching the same fields on top of the old values gives the same view as
      // re-applying everything with the new values in place of the old.
      if (auto failed = view_.apply(ops, ctx)) return failed;
      last.ops = std::move(ops);
      return std::nullopt;
    }
  }
  if (auto failed = view_.apply(ops, ctx)) return failed;
  PendingPush& push = pending_.emplace_back();
  push.ops = std::move(ops);
  push.coalescable = coalescable;
  view_is_confirmed_ = false;
  return std::nullopt;
}

void Replica::adopt_limits(const pb::ServerLimits& server) {
  max_message_bytes_ = server.max_message_bytes();
  Limits next = limits_;
  if (server.max_ops_per_push()) next.max_ops_per_push = server.max_ops_per_push();
  if (server.max_elements()) next.max_elements = server.max_elements();
  if (server.max_links()) next.max_links = server.max_links();
  if (next.max_ops_per_push == limits_.max_ops_per_push && next.max_elements == limits_.max_elements &&
      next.max_links == limits_.max_links)
    return;
  limits_ = next;
  // Limits live inside the map; re-create it. The client never serves catch-ups, so
  // losing its tombstones is harmless.
  if (auto rebuilt = StrategyMap::from_snapshot(confirmed_.snapshot(), limits_))
    confirmed_ = std::move(*rebuilt);
  else
    confirmed_ = StrategyMap(limits_);
}

void Replica::on_welcome(const pb::Welcome& welcome) {
  adopt_limits(welcome.limits());
  session_id_ = welcome.session_id();
  last_welcome_full_ = welcome.full();
  last_welcome_changes_ = welcome.full() ? 0 : static_cast<std::size_t>(welcome.changes_size());
  if (welcome.full()) {
    Rejection why;
    if (auto map = StrategyMap::from_snapshot(welcome.snapshot(), limits_, &why)) {
      confirmed_ = std::move(*map);
      needs_resync_ = false;
    } else {
      confirmed_ = StrategyMap(limits_);
      fail("welcome snapshot is invalid: " + why.detail);
    }
  } else {
    // We asked for everything (last_clock 0) and got it as changes: start from nothing.
    if (needs_resync_) confirmed_ = StrategyMap(limits_);
    if (auto failed = confirmed_.apply_catch_up(welcome.changes(), welcome.clock()))
      fail("welcome catch-up did not apply: " + failed->detail);
    else
      needs_resync_ = false;
  }

  // Pushes the server processed already are part of the state above, or were refused.
  const std::uint64_t done = welcome.last_client_seq();
  std::erase_if(pending_, [done](const PendingPush& p) { return p.client_seq != 0 && p.client_seq <= done; });
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->dead) {  // sent on the old connection, never processed, and it no longer applies
      drop_locally(*it, Rejection{pb::NOT_FOUND, "the change no longer applies to the board"});
      it = pending_.erase(it);
      continue;
    }
    it->sent = false;
    ++it;
  }
  next_seq_ = std::max(next_seq_, done + 1);
  welcomed_ = online_ = true;
  view_dirty_ = true;
  refresh_view();
}

void Replica::on_patch(const pb::Patch& patch) {
  for (const pb::Change& change : patch.changes()) {
    if (needs_resync_) break;                            // nothing applies until the full snapshot arrives
    if (change.clock() <= confirmed_.clock()) continue;  // already part of a catch-up
    const ApplyContext ctx{change.clock(), nullptr};
    if (auto failed = confirmed_.apply(change.ops(), ctx)) {
      fail("change at clock " + std::to_string(change.clock()) + " did not apply: " + failed->detail);
      break;
    }
    // The server handles one connection's pushes in order and sends the author its
    // Change before its PushResult, so our Change belongs to the oldest sent push
    // still waiting. (If an older push was refused in the same tick, the mark lands on
    // that one instead; its PushResult follows in the same frame, and the view is
    // rebuilt after the frame, so this only costs a redundant re-apply.)
    if (session_id_ != 0 && change.session_id() == session_id_) {
      for (PendingPush& p : pending_)
        if (p.sent && !p.committed) {
          p.committed = true;
          view_dirty_ = view_dirty_ || !p.dead;
          break;
        }
    }
    // Common case: nothing pending, the view is the confirmed map; keep it in step.
    if (view_is_confirmed_ && !view_dirty_) {
      if (view_.apply(change.ops(), ctx)) view_dirty_ = true;
    } else {
      view_dirty_ = true;
    }
  }
  refresh_view();
}

std::optional<pb::PushResult> Replica::on_push_result(const pb::PushResult& result) {
  // Results come in push order. Older sent pushes without one cannot exist unless the
  // server skipped them; drop them rather than wait forever.
  while (!pending_.empty() && pending_.front().sent && pending_.front().client_seq < result.client_seq()) {
    view_dirty_ = view_dirty_ || !pending_.front().committed;
    pending_.pop_front();
  }
  if (pending_.empty() || !pending_.front().sent || pending_.front().client_seq != result.client_seq()) {
    refresh_view();
    return std::nullopt;  // a result for a push dropped at reconnect: nothing to do
  }
  const PendingPush push = std::move(pending_.front());
  pending_.pop_front();
  // Committed: its Change arrived first and the view already stands on it. Rejected:
  // its effects leave the view (unless it was out of the view already).
  if (result.committed())
    view_dirty_ = view_dirty_ || !push.committed;
  else
    view_dirty_ = view_dirty_ || (!push.dead && !push.committed);
  refresh_view();
  if (result.committed()) return std::nullopt;
  return result;
}

std::vector<pb::Push> Replica::take_unsent() {
  std::vector<pb::Push> out;
  if (!online_) return out;
  for (PendingPush& p : pending_) {
    if (p.sent || p.dead || p.committed) continue;
    if (p.client_seq == 0) p.client_seq = next_seq_++;
    p.sent = true;
    pb::Push& push = out.emplace_back();
    push.set_client_seq(p.client_seq);
    for (const pb::Op& op : p.ops) *push.add_ops() = op;
  }
  return out;
}

void Replica::on_disconnect() {
  online_ = false;
  for (PendingPush& p : pending_) p.sent = false;
}

bool Replica::has_unsent() const {
  return std::any_of(pending_.begin(), pending_.end(),
                     [](const PendingPush& p) { return !p.sent && !p.dead && !p.committed; });
}

void Replica::begin_batch() { batching_ = true; }

void Replica::end_batch() {
  batching_ = false;
  refresh_view();
}

void Replica::refresh_view() {
  if (view_dirty_ && !batching_) rebuild_view();
}

std::vector<pb::PushResult> Replica::take_local_rejections() { return std::exchange(local_rejections_, {}); }

void Replica::rebuild_view() {
  view_dirty_ = false;
  view_ = confirmed_;
  const ApplyContext ctx{confirmed_.clock(), &self_};
  bool any_applied = false;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->committed || it->dead) {
      ++it;
      continue;
    }
    if (auto failed = view_.apply(it->ops, ctx)) {
      // The server will refuse it too. Unsent: forget it now. Sent: keep it (out of
      // the view) until the server's answer arrives, to keep answers in step.
      if (!it->sent) {
        drop_locally(*it, *failed);
        it = pending_.erase(it);
        continue;
      }
      it->dead = true;
    } else {
      any_applied = true;
    }
    ++it;
  }
  view_is_confirmed_ = !any_applied;
}

void Replica::drop_locally(const PendingPush& push, const Rejection& why) {
  pb::PushResult& r = local_rejections_.emplace_back();
  r.set_client_seq(push.client_seq);
  r.set_committed(false);
  r.set_reason(why.reason);
  r.set_detail(why.detail);
}

void Replica::fail(std::string error) {
  last_error_ = std::move(error);
  needs_resync_ = true;
}

}  // namespace pss::client
