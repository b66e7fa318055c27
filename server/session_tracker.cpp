#include "session_tracker.h"

namespace pss::server {

void SessionTracker::add(const std::shared_ptr<WsSession>& session) {
  std::lock_guard lock(mutex_);
  sessions_.emplace(session.get(), session);
}

void SessionTracker::remove(const WsSession* session) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

std::size_t SessionTracker::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::vector<std::shared_ptr<WsSession>> SessionTracker::live() const {
  std::vector<std::shared_ptr<WsSession>> out;
  std::lock_guard lock(mutex_);
  out.reserve(sessions_.size());
  for (const auto& [ptr, weak] : sessions_)
    if (auto s = weak.lock()) out.push_back(std::move(s));
  return out;
}

}  // namespace pss::server
