// RoomRegistry: room name -> live Room. The only shared structure in the server; its
// lock is taken when a session joins and by /healthz, never per message.
//
// With a Store, a room is loaded from disk on first use (its latest snapshot plus the
// log after it) or created there with the default PSS rows; without one, rooms live
// in memory only. Rooms stay loaded for the life of the process.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "model/strategy_map.h"
#include "net.h"
#include "room.h"
#include "server_options.h"
#include "storage/store.h"

namespace pss::server {

class RoomRegistry {
 public:
  RoomRegistry(net::io_context& ioc, const ServerOptions& options, storage::Store* store);

  // The live room, loading or creating it first. Null when its stored state cannot be
  // loaded; `error` then says why (the file and the problem).
  std::shared_ptr<Room> get_or_create(const std::string& name, std::string* error);
  // A read-only, in-memory room for a replay, starting at `initial`. Null if the name
  // is taken.
  std::shared_ptr<Room> create_replay_room(const std::string& name, StrategyMap initial);
  std::size_t room_count() const;
  void for_each(const std::function<void(Room&)>& fn) const;

 private:
  RoomConfig config() const;
  // A room whose storage failed: the next join loads it again.
  void forget(const std::shared_ptr<Room>& room);

  net::io_context& ioc_;
  const ServerOptions& options_;
  storage::Store* store_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Room>> rooms_;
};

}  // namespace pss::server
