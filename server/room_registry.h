// RoomRegistry: room name -> live Room, created on first use with the default PSS rows.
// The only shared structure in the server; its lock is taken when a session joins and
// by /healthz, never per message. Rooms stay in memory for the life of the process
// (durability comes later; dropping an empty room now would lose its map).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "net.h"
#include "room.h"
#include "server_options.h"

namespace pss::server {

class RoomRegistry {
 public:
  RoomRegistry(net::io_context& ioc, const ServerOptions& options);

  std::shared_ptr<Room> get_or_create(const std::string& name);
  std::size_t room_count() const;

 private:
  net::io_context& ioc_;
  const ServerOptions& options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Room>> rooms_;
};

}  // namespace pss::server
