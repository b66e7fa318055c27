#include "room_registry.h"

#include <spdlog/spdlog.h>

namespace pss::server {

RoomRegistry::RoomRegistry(net::io_context& ioc, const ServerOptions& options, storage::Store* store)
    : ioc_(ioc), options_(options), store_(store) {}

RoomConfig RoomRegistry::config() const {
  RoomConfig c;
  c.limits = options_.limits();
  c.max_sessions = options_.max_sessions_per_room;
  c.max_cursors = options_.max_cursors_per_room;
  c.max_message_bytes = options_.max_message_bytes;
  c.durable = store_ != nullptr;
  c.max_pushes_per_second = options_.max_room_pushes_per_second;
  c.max_ops_per_second = options_.max_room_ops_per_second;
  return c;
}

std::shared_ptr<Room> RoomRegistry::get_or_create(const std::string& name, std::string* error) {
  std::lock_guard lock(mutex_);
  auto& room = rooms_[name];
  if (room) return room;
  if (!store_) {
    room = std::make_shared<Room>(ioc_, RoomState(name, config()), options_.tick);
    spdlog::info("room {} created in memory ({} rooms)", name, rooms_.size());
    return room;
  }
  // Loading under the lock keeps two joiners from loading one room twice; it costs a
  // snapshot decode and the log since, which snapshots keep short.
  auto loaded = store_->load_room(name, options_.limits());
  if (!loaded) {
    rooms_.erase(name);
    spdlog::error("room {} cannot be loaded: {}", name, loaded.error());
    if (error) *error = "room " + name + " cannot be loaded: " + loaded.error();
    return nullptr;
  }
  RoomStorage storage{store_, options_.presence_sample, loaded->snapshot_clock};
  const std::uint64_t clock = loaded->map.clock();
  RoomState state(name, config(), std::move(loaded->map), loaded->last_client_seq);
  // Without its facilitation state a room would show private cards to everyone.
  if (!loaded->facilitation.empty() && !state.restore_facilitation(loaded->facilitation)) {
    rooms_.erase(name);
    spdlog::error("room {} cannot be loaded: its facilitation state does not decode", name);
    if (error) *error = "room " + name + " cannot be loaded: its facilitation state does not decode";
    return nullptr;
  }
  room = std::make_shared<Room>(ioc_, std::move(state), options_.tick, storage,
                                [this](const std::shared_ptr<Room>& failed) { forget(failed); });
  spdlog::info("room {} {} at clock {} ({} rooms)", name, loaded->created ? "created" : "loaded", clock, rooms_.size());
  return room;
}

std::shared_ptr<Room> RoomRegistry::create_replay_room(const std::string& name, StrategyMap initial) {
  std::lock_guard lock(mutex_);
  auto& room = rooms_[name];
  if (room) return nullptr;
  RoomConfig c = config();
  c.durable = false;
  c.read_only = true;
  room = std::make_shared<Room>(ioc_, RoomState(name, c, std::move(initial), {}), options_.tick);
  return room;
}

void RoomRegistry::forget(const std::shared_ptr<Room>& room) {
  std::lock_guard lock(mutex_);
  if (auto it = rooms_.find(room->name()); it != rooms_.end() && it->second == room) rooms_.erase(it);
}

std::size_t RoomRegistry::room_count() const {
  std::lock_guard lock(mutex_);
  return rooms_.size();
}

void RoomRegistry::for_each(const std::function<void(Room&)>& fn) const {
  std::lock_guard lock(mutex_);
  for (const auto& [name, room] : rooms_) fn(*room);
}

}  // namespace pss::server
