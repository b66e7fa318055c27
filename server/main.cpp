// pss-server: hosts PSS Board rooms over WebSocket (ws://HOST:PORT/rooms/NAME, or
// wss:// with --tls-cert/--tls-key).
// Prints exactly one line, "listening on ADDR:PORT", on stdout once it accepts
// connections (tests and scripts read it); logs go to stderr.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <iostream>

#include "access.h"
#include "map_files.h"
#include "protocol/protocol.h"
#include "server.h"
#include "storage/store.h"

namespace {

std::string utc_time(std::int64_t ms) {
  if (ms <= 0) return "-";
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buf;
}

// `pss-server rooms --data DIR`: read-only, so it works beside a running server.
int list_rooms(const std::string& dir) {
  pss::storage::StoreOptions options;
  options.dir = dir;
  options.read_only = true;
  options.skip_damaged = true;
  auto store = pss::storage::Store::open(options);
  if (!store) {
    std::cerr << "pss-server rooms: " << store.error() << "\n";
    return 1;
  }
  const auto rooms = store.value()->list_rooms();
  std::printf("%-24s %9s %7s %9s  %-20s %10s\n", "ROOM", "ELEMENTS", "LINKS", "OPS", "LAST ACTIVITY", "BYTES");
  for (const auto& r : rooms) {
    if (!r.error.empty()) {
      std::printf("%-24s error: %s\n", r.name.c_str(), r.error.c_str());
      continue;
    }
    std::printf("%-24s %9zu %7zu %9llu  %-20s %10llu\n", r.name.c_str(), r.elements, r.links,
                static_cast<unsigned long long>(r.changes), utc_time(r.last_activity_ms).c_str(),
                static_cast<unsigned long long>(r.file_bytes));
  }
  if (rooms.empty()) std::printf("(no rooms in %s)\n", dir.c_str());
  return 0;
}

// `pss-server room create|tokens NAME`: one join link per role. Only the tokens'
// hashes are kept (access.h), so these links are shown once; `tokens` makes new ones.
int room_tokens(const std::string& dir, const std::string& room, const std::string& url_base, bool create) {
  if (pss::room_from_target("/rooms/" + room) != room) {
    std::cerr << "pss-server room: invalid room name '" << room << "' (1-64 of A-Z a-z 0-9 _ . -)\n";
    return 2;
  }
  if (create && std::filesystem::exists(pss::server::tokens_path(dir, room))) {
    std::cerr << "pss-server room create: room " << room << " already has tokens; `pss-server room tokens " << room
              << "` reissues them\n";
    return 1;
  }
  std::string error;
  const auto tokens = pss::server::issue_tokens(dir, room, &error);
  if (tokens.empty()) {
    std::cerr << "pss-server room: " << error << "\n";
    return 1;
  }
  std::printf("room %s: join links (keep them secret; `pss-server room tokens %s` replaces them)\n", room.c_str(),
              room.c_str());
  for (auto role : {pss::v1::FACILITATOR, pss::v1::PARTICIPANT, pss::v1::OBSERVER})
    std::printf("%-12s %s/rooms/%s?token=%s\n", pss::v1::Role_Name(role).c_str(), url_base.c_str(), room.c_str(),
                tokens.at(role).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using pss::server::ServerOptions;
  ServerOptions o;
  long long tick_ms = o.tick.count(), handshake_ms = o.handshake_timeout.count(), idle_ms = o.idle_timeout.count();

  CLI::App app{"pss-server: real-time PSS Board rooms over WebSocket (ws://HOST:PORT/rooms/NAME, GET /healthz)"};
  // A flag given twice takes the last value, so wrappers can append overrides.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--bind", o.bind, "Address to listen on; 127.0.0.1 keeps it local, 0.0.0.0 serves the network")
      ->capture_default_str();
  app.add_option("--port", o.port, "TCP port; 0 lets the OS pick a free one (see the 'listening on' line)")
      ->capture_default_str();
  app.add_option("--threads", o.threads, "Threads running the I/O loop (default: one less than the cores, at least 1)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--max-message-bytes", o.max_message_bytes,
                 "Largest incoming WebSocket message; larger ones close the connection with 1009")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1024}, std::size_t{64} << 20));
  app.add_option("--max-ops-per-push", o.max_ops_per_push, "Most ops in one Push (rejected TOO_MANY above)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  app.add_option("--max-elements", o.max_elements, "Most elements (cards) in one room")->capture_default_str();
  app.add_option("--max-links", o.max_links, "Most links (arrows) in one room")->capture_default_str();
  app.add_option("--max-sessions-per-room", o.max_sessions_per_room,
                 "Most simultaneous sessions in one room; more are closed with 4503 ROOM_FULL")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  app.add_option("--max-cursors-per-room", o.max_cursors_per_room,
                 "People whose cursors a room relays besides its facilitators: those who edited last, then the "
                 "first to join; the others' edits still reach everyone; 0: everyone's")
      ->capture_default_str();
  app.add_option("--send-queue-bytes", o.send_queue_bytes,
                 "Per-session bound on bytes waiting to be sent (at least 2x --max-message-bytes); a session "
                 "over it is closed with 4413 TOO_SLOW")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{4096}, std::size_t{1} << 32));
  app.add_option("--tick-ms", tick_ms, "Room broadcast period in ms: changes within one tick go out as one Patch")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("--handshake-timeout-ms", handshake_ms,
                 "Time allowed for the HTTP upgrade, for Hello (else 4408) and for the close handshake")
      ->capture_default_str()
      ->check(CLI::Range(100, 600000));
  app.add_option("--idle-timeout-ms", idle_ms,
                 "A connection silent this long is dropped; a WebSocket ping is sent at half of it")
      ->capture_default_str()
      ->check(CLI::Range(200, 3600000));
  app.add_option("--max-pushes-per-second", o.max_pushes_per_second,
                 "Per connection (burst: twice as many); a faster client is read more slowly, nothing is lost; 0: off")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  app.add_option("--max-ops-per-second", o.max_ops_per_second,
                 "Ops in pushes per connection (burst: twice as many); over it reading slows down; 0: off")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  app.add_option("--max-presence-per-second", o.max_presence_per_second,
                 "Presence updates per connection (burst: twice as many); more are dropped; 0: off")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  app.add_option("--max-room-pushes-per-second", o.max_room_pushes_per_second,
                 "Per room, all connections together (burst: twice as many); more wait their turn; 0: off")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  app.add_option("--max-room-ops-per-second", o.max_room_ops_per_second,
                 "Ops in pushes per room, all connections together (burst: twice as many); 0: off")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  app.add_option("--max-connections-per-ip", o.max_connections_per_ip,
                 "Open connections from one address; more get HTTP 429; 0: no limit")
      ->capture_default_str();
  app.add_option("--tls-cert", o.tls_cert,
                 "PEM certificate chain: serve wss:// (TLS) only; needs --tls-key. Without it: plain ws://")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", o.tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  app.add_option("--allow-origin", o.allowed_origins,
                 "Browser origin (scheme://host[:port]) allowed to open rooms; repeat for more. Others get HTTP "
                 "403. None given: any origin. Requests without Origin (desktop clients, bots) are always allowed")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  long long flush_ms = o.flush_interval.count(), presence_ms = o.presence_sample.count();
  bool in_memory = false;
  app.add_option("--data", o.data_dir,
                 "Data directory: every room is stored in DIR/rooms/NAME.sqlite and reloaded on start")
      ->capture_default_str();
  app.add_flag("--in-memory", in_memory, "Keep rooms in memory only (nothing survives a restart)");
  app.add_option("--snapshot-every", o.snapshot_every, "Store a snapshot of a room every N changes (bounds start-up)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
  app.add_option("--flush-ms", flush_ms, "Group commit: a change waits at most this long for others to share a write")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  app.add_flag("--sync-full", o.sync_full,
               "fsync every commit (survives power loss; the default survives a crash of the process)");
  app.add_option("--presence-sample-ms", presence_ms, "Recorded cursor samples: at most one per person per this")
      ->capture_default_str()
      ->check(CLI::Range(10, 60000));
  std::string rooms_dir = o.data_dir;
  CLI::App* rooms = app.add_subcommand("rooms", "List the stored rooms (name, elements, links, ops, last activity)");
  rooms->add_option("--data", rooms_dir, "Data directory")->capture_default_str();
  pss::server::ExportRequest export_request{"", o.data_dir, "json", ""};
  CLI::App* export_cmd =
      app.add_subcommand("export", "Write a room's map as JSON, SVG or PNG, or its scorecard as CSV (read-only)");
  export_cmd->add_option("room", export_request.room, "Room name")->required();
  export_cmd->add_option("--data", export_request.data_dir, "Data directory")->capture_default_str();
  export_cmd->add_option("--format", export_request.format, "json, svg, png or csv")
      ->capture_default_str()
      ->check(CLI::IsMember({"json", "svg", "png", "csv"}));
  export_cmd->add_option("--out", export_request.out, "Output file (default: standard output)");
  pss::server::ImportRequest import_request{"", "", o.data_dir};
  CLI::App* import_cmd =
      app.add_subcommand("import", "Create a room from a JSON export (stop the server on that data directory first)");
  import_cmd->add_option("file", import_request.file, "A JSON export (pss-server export ROOM --format json)")
      ->required();
  import_cmd->add_option("--room", import_request.room, "Name of the new room")->required();
  import_cmd->add_option("--data", import_request.data_dir, "Data directory")->capture_default_str();
  app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error, critical or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_flag("--open-join,!--no-open-join", o.open_join,
               "Rooms without tokens admit anyone as a participant; --no-open-join: only holders of a room's "
               "tokens (see `pss-server room create`) may join")
      ->capture_default_str();
  std::string room_dir = o.data_dir, room_name, url_base = "ws://127.0.0.1:8080";
  CLI::App* room = app.add_subcommand("room", "Rooms with roles: join links for facilitator, participant, observer");
  room->require_subcommand(1);
  room->add_option("--data", room_dir, "Data directory")->capture_default_str();
  room->add_option("--url", url_base, "Start of the printed links (the server's address)")->capture_default_str();
  CLI::App* room_create = room->add_subcommand("create", "Create room NAME's tokens and print its three join links");
  room_create->add_option("NAME", room_name, "Room name")->required();
  room_create->fallthrough();  // `room create NAME --data DIR` reads as well
  CLI::App* room_reissue = room->add_subcommand("tokens", "Replace room NAME's tokens (the old links stop working)");
  room_reissue->add_option("NAME", room_name, "Room name")->required();
  room_reissue->fallthrough();
  CLI11_PARSE(app, argc, argv);
  if (*rooms) return list_rooms(rooms_dir);
  if (*room) return room_tokens(room_dir, room_name, url_base, room_create->parsed());
  if (*export_cmd) return pss::server::export_room(export_request);
  if (*import_cmd) return pss::server::import_room(import_request);
  if (in_memory) o.data_dir.clear();
  o.flush_interval = std::chrono::milliseconds(flush_ms);
  o.presence_sample = std::chrono::milliseconds(presence_ms);
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    std::cerr << "--tls-cert and --tls-key go together\n";
    return 2;
  }
  if (o.send_queue_bytes < 2 * o.max_message_bytes) {
    // One tick's Patch can be as large as a push; a smaller queue would drop healthy clients.
    std::cerr << "--send-queue-bytes must be at least twice --max-message-bytes\n";
    return 2;
  }
  o.tick = std::chrono::milliseconds(tick_ms);
  o.handshake_timeout = std::chrono::milliseconds(handshake_ms);
  o.idle_timeout = std::chrono::milliseconds(idle_ms);

  auto logger = spdlog::stderr_color_mt("pss-server");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  spdlog::set_level(spdlog::level::from_str(o.log_level));

  try {
    pss::server::Server server(o);
    const auto endpoint = server.endpoint();
    spdlog::info("listening on {}:{} ({}, {} threads, max {} sessions per room, tick {} ms, {})",
                 endpoint.address().to_string(), endpoint.port(), o.tls_cert.empty() ? "ws://" : "wss:// (TLS)",
                 o.threads, o.max_sessions_per_room, tick_ms,
                 o.data_dir.empty() ? std::string("rooms in memory only") : "data in " + o.data_dir);
    std::cout << "listening on " << endpoint.address().to_string() << ":" << endpoint.port() << std::endl;
    server.run();
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  return 0;
}
