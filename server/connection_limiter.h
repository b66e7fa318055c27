// ConnectionLimiter: open connections per remote address, so one host cannot take all
// of the server's file descriptors. A connection holds a Slot for its whole life (the
// HTTP session hands it on to the WebSocket session); the count drops when the last
// holder lets go.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace pss::server {

class ConnectionLimiter : public std::enable_shared_from_this<ConnectionLimiter> {
 public:
  using Slot = std::shared_ptr<void>;

  explicit ConnectionLimiter(std::size_t max_per_address) : max_(max_per_address) {}

  // A slot for one more connection from `address`, or null when it has max already.
  Slot acquire(const std::string& address) {
    std::lock_guard lock(mutex_);
    std::size_t& open = open_[address];
    if (max_ != 0 && open >= max_) return nullptr;
    ++open;
    // Points at the limiter only to be non-null (holders test it); never dereferenced.
    return Slot(static_cast<void*>(this), [self = shared_from_this(), address](void*) { self->release(address); });
  }

  std::size_t open(const std::string& address) const {
    std::lock_guard lock(mutex_);
    auto it = open_.find(address);
    return it == open_.end() ? 0 : it->second;
  }

 private:
  void release(const std::string& address) {
    std::lock_guard lock(mutex_);
    if (auto it = open_.find(address); it != open_.end() && --it->second == 0) open_.erase(it);
  }

  const std::size_t max_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;
};

}  // namespace pss::server
