// What every connection of one server shares: the options, the store, the rooms, the
// open sessions and whether the server is stopping. Owned by Server, outlives all
// sessions.
#pragma once

#include <atomic>
#include <memory>
#include <stdexcept>

#include "connection_limiter.h"
#include "net.h"
#include "room_registry.h"
#include "server_options.h"
#include "session_tracker.h"
#include "storage/store.h"
#include "transport/tls.h"

namespace pss::server {

// Opens the data directory (creating it on first start); throws with the store's
// message (which names the file and the problem) if it cannot. Null for in-memory.
inline std::unique_ptr<storage::Store> open_store(const ServerOptions& o) {
  if (o.data_dir.empty()) return nullptr;
  storage::StoreOptions so;
  so.dir = o.data_dir;
  so.snapshot_every = o.snapshot_every;
  so.flush_interval = o.flush_interval;
  so.sync_full = o.sync_full;
  auto store = storage::Store::open(so);
  if (!store) throw std::runtime_error("cannot open data directory " + o.data_dir + ": " + store.error());
  return std::move(store.value());
}

// Null without --tls-cert; throws with the file and OpenSSL's reason if they are unusable.
inline std::unique_ptr<transport::ssl::context> open_tls(const ServerOptions& o) {
  if (o.tls_cert.empty() && o.tls_key.empty()) return nullptr;
  if (o.tls_cert.empty() || o.tls_key.empty()) throw std::runtime_error("--tls-cert and --tls-key go together");
  return transport::server_tls_context(o.tls_cert, o.tls_key);
}

struct ServerContext {
  ServerContext(net::io_context& ioc, ServerOptions opts)
      : options(std::move(opts)),
        limits(options.limits()),
        tls(open_tls(options)),
        store(open_store(options)),
        registry(ioc, options, store.get()),
        connections(std::make_shared<ConnectionLimiter>(options.max_connections_per_ip)) {}

  const ServerOptions options;
  const Limits limits;
  const std::unique_ptr<transport::ssl::context> tls;  // null: plain ws:// only
  std::unique_ptr<storage::Store> store;               // null: rooms in memory only
  RoomRegistry registry;
  SessionTracker sessions;
  std::shared_ptr<ConnectionLimiter> connections;  // per remote address
  std::atomic<bool> stopping{false};
};

}  // namespace pss::server
