#include "cursor_stage.h"

namespace pss::server {

void CursorStage::join(std::uint32_t id, bool always) {
  Entry e;
  e.always = always;
  // Joiners get stamps below every edit's, so any editor outranks an idle joiner,
  // and among idle joiners the earlier one (the lower stamp) keeps its place.
  e.active = 0;
  e.on = always || capacity_ == 0 || seated_ < capacity_;
  if (e.on && !always) ++seated_;
  members_[id] = e;
}

std::uint32_t CursorStage::leave(std::uint32_t id) {
  auto it = members_.find(id);
  if (it == members_.end()) return 0;
  const bool freed_seat = it->second.on && !it->second.always;
  members_.erase(it);
  if (!freed_seat) return 0;
  --seated_;
  const std::uint32_t next = best_off_stage();
  if (next != 0) {
    members_[next].on = true;
    ++seated_;
  }
  return next;
}

std::uint32_t CursorStage::edited(std::uint32_t id) {
  auto it = members_.find(id);
  if (it == members_.end()) return 0;
  Entry& e = it->second;
  e.active = ++counter_;
  if (e.on) return 0;
  std::uint32_t evicted = 0;
  if (seated_ >= capacity_) {
    // The seat of the least recently active person on stage (rare: only an off-stage
    // editor gets here, so a scan of the room is affordable).
    std::uint64_t oldest = UINT64_MAX;
    for (const auto& [other, o] : members_)
      if (o.on && !o.always && (o.active < oldest || (o.active == oldest && other > evicted))) {
        oldest = o.active;
        evicted = other;
      }
    if (evicted == 0) return 0;  // capacity 0 never gets here: everyone is on stage
    members_[evicted].on = false;
    --seated_;
  }
  e.on = true;
  ++seated_;
  return evicted;
}

bool CursorStage::on_stage(std::uint32_t id) const {
  auto it = members_.find(id);
  return it != members_.end() && it->second.on;
}

std::uint32_t CursorStage::best_off_stage() const {
  std::uint32_t best = 0;
  std::uint64_t best_active = 0;
  for (const auto& [id, e] : members_)
    if (!e.on && (best == 0 || e.active > best_active || (e.active == best_active && id < best))) {
      best = id;
      best_active = e.active;
    }
  return best;
}

}  // namespace pss::server
