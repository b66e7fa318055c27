// SessionTracker: the set of open WebSocket sessions, for /healthz and for closing
// every one of them (1001) on shutdown, including those that have not said Hello yet.
// Touched once when a session opens and once when it is destroyed.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace pss::server {

class WsSession;

class SessionTracker {
 public:
  void add(const std::shared_ptr<WsSession>& session);
  void remove(const WsSession* session);
  std::size_t size() const;
  std::vector<std::shared_ptr<WsSession>> live() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<const WsSession*, std::weak_ptr<WsSession>> sessions_;
};

}  // namespace pss::server
