// Every knob of pss-server in one place. main.cpp fills it from the command line;
// everything else reads it (const) through ServerContext.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "model/limits.h"

namespace pss::server {

struct ServerOptions {
  // 127.0.0.1 by default so a developer's server is not reachable from the network by
  // accident; deployments pass --bind 0.0.0.0.
  std::string bind = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: the OS picks a free port (printed on stdout)
  // One core is left to the storage writer thread: on 2 cores a second I/O thread
  // doubled the CPU per delivery (thread hand-offs; docs/performance.md, workshop).
  unsigned threads = std::thread::hardware_concurrency() > 2 ? std::thread::hardware_concurrency() - 1 : 1;

  std::size_t max_message_bytes = 256 * 1024;  // incoming WebSocket message
  std::size_t max_ops_per_push = 1000;
  std::size_t max_elements = 20000;
  std::size_t max_links = 50000;
  std::size_t max_sessions_per_room = 2000;
  std::size_t max_cursors_per_room = 50;  // presence relayed besides facilitators (cursor_stage.h); 0: all

  std::size_t send_queue_bytes = 8 * 1024 * 1024;  // per session, queued + in flight
  std::size_t max_batch_bytes = 1024 * 1024;       // queued messages joined into one write

  // Per-connection rate limits (token buckets, burst = 2 s worth; 0 disables). Pushes
  // and ops over the limit slow the reading of that connection; presence over it is
  // dropped (only the latest matters).
  double max_pushes_per_second = 200;         // a drag sends ~30
  double max_ops_per_second = 20000;          // a pasted map of 1,000 cards is one push
  double max_presence_per_second = 60;        // a client sends ~30
  std::size_t max_connections_per_ip = 1000;  // open WebSocket + HTTP connections
  // Per room, all connections together: pushes over it wait their turn in the room.
  double max_room_pushes_per_second = 20000;  // 600 people dragging at 30 Hz
  double max_room_ops_per_second = 200000;

  std::chrono::milliseconds tick{16};                  // room broadcast period (~60 Hz)
  std::chrono::milliseconds handshake_timeout{10000};  // HTTP request, upgrade, Hello, close
  std::chrono::milliseconds idle_timeout{30000};       // no data at all: ping at half, drop at full

  std::string log_level = "info";

  // Rooms without tokens (access.h) admit anyone as a participant; off: only token holders.
  bool open_join = true;
  // TLS: with both files, every connection must speak TLS (wss://, https://); a plain
  // request gets one HTTP 400 saying so. Without them, plain ws:// only.
  std::string tls_cert;  // PEM certificate chain
  std::string tls_key;   // PEM private key
  // Browser pages whose Origin may open a WebSocket (exact "scheme://host[:port]", any
  // case). Empty: any origin. Requests without an Origin (desktop clients, bots) are
  // always allowed: the header is a browser's statement, not an authentication.
  std::vector<std::string> allowed_origins;

  // Durability: every room in DIR/rooms/<room>.sqlite. Empty: rooms in memory only.
  std::string data_dir = "pss-data";
  std::size_t snapshot_every = 1000;               // changes between stored snapshots
  std::chrono::milliseconds flush_interval{2};     // group commit window
  bool sync_full = false;                          // fsync each commit (survive power loss)
  std::chrono::milliseconds presence_sample{250};  // recorded cursor samples per person

  // The model limits a room enforces (and announces in Welcome.limits).
  Limits limits() const {
    Limits l;
    l.max_ops_per_push = max_ops_per_push;
    l.max_elements = max_elements;
    l.max_links = max_links;
    return l;
  }
};

}  // namespace pss::server
