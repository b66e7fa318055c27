#include "room_registry.h"

#include <spdlog/spdlog.h>

namespace pss::server {

RoomRegistry::RoomRegistry(net::io_context& ioc, const ServerOptions& options) : ioc_(ioc), options_(options) {}

std::shared_ptr<Room> RoomRegistry::get_or_create(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto& room = rooms_[name];
  if (!room) {
    RoomConfig config{options_.limits(), options_.max_sessions_per_room, options_.max_message_bytes};
    room = std::make_shared<Room>(ioc_, name, config, options_.tick);
    spdlog::info("room {} created ({} rooms)", name, rooms_.size());
  }
  return room;
}

std::size_t RoomRegistry::room_count() const {
  std::lock_guard lock(mutex_);
  return rooms_.size();
}

}  // namespace pss::server
