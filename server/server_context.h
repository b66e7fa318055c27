// What every connection of one server shares: the options, the rooms, the open
// sessions and whether the server is stopping. Owned by Server, outlives all sessions.
#pragma once

#include <atomic>

#include "net.h"
#include "room_registry.h"
#include "server_options.h"
#include "session_tracker.h"

namespace pss::server {

struct ServerContext {
  ServerContext(net::io_context& ioc, ServerOptions opts)
      : options(std::move(opts)), limits(options.limits()), registry(ioc, options) {}

  const ServerOptions options;
  const Limits limits;
  RoomRegistry registry;
  SessionTracker sessions;
  std::atomic<bool> stopping{false};
};

}  // namespace pss::server
