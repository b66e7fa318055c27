#include "config.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

namespace pss::load {
namespace {

// The named scenarios of issue 7 (docs/performance.md says what each measures).
void apply_preset(const std::string& name, Config& c) {
  c.scenario = name;
  c.presence_hz = 0;
  c.map_elements = 0;
  if (name == "workshop") {  // 30 people, all dragging at 30 Hz
    c.clients = 30, c.rooms = 1, c.draggers_per_room = 30, c.drag_hz = 30, c.duration_s = 15, c.ramp_s = 0.5;
  } else if (name == "big-room") {  // 1,000 in one room, 50 dragging, everyone's cursor at 10 Hz
    c.clients = 1000, c.rooms = 1, c.draggers_per_room = 50, c.drag_hz = 30, c.presence_hz = 10;
    c.duration_s = 15, c.ramp_s = 3;
  } else if (name == "many-rooms") {  // 10,000 connections, 500 rooms of 20, one dragger each at 10 Hz
    c.clients = 10000, c.rooms = 500, c.draggers_per_room = 1, c.drag_hz = 10, c.duration_s = 15, c.ramp_s = 10;
  } else if (name == "join-storm") {  // 500 join a 10,000-card room within one second
    c.clients = 500, c.rooms = 1, c.draggers_per_room = 0, c.map_elements = 10000, c.duration_s = 0, c.ramp_s = 1;
  } else if (name == "idle") {  // connections that only stay connected: server RSS per connection
    c.clients = 10000, c.rooms = 500, c.draggers_per_room = 0, c.duration_s = 3, c.ramp_s = 10;
  }
}

const std::vector<std::string> kPresets = {"workshop", "big-room", "many-rooms", "join-storm", "idle"};

}  // namespace

const char* target_name(Target t) {
  switch (t) {
    case Target::pss: return "pss";
    case Target::relay: return "relay";
    case Target::yjs: return "yjs";
  }
  return "?";
}

std::optional<int> parse_config(int argc, char** argv, Config& c) {
  // The preset sets the defaults the other flags then override, whatever their order.
  std::string preset = "workshop";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--preset" && i + 1 < argc) preset = argv[i + 1];
    if (a.rfind("--preset=", 0) == 0) preset = a.substr(9);
  }
  apply_preset(preset, c);

  CLI::App app{"pss-load: many WebSocket clients on one server, edit-to-peer latency, deliveries, server CPU and RSS"};
  std::map<std::string, Target> targets{{"pss", Target::pss}, {"relay", Target::relay}, {"yjs", Target::yjs}};
  app.add_option("--preset", preset, "Scenario: workshop, big-room, many-rooms, join-storm, idle")
      ->check(CLI::IsMember(kPresets))
      ->capture_default_str();
  app.add_option("--target", c.target, "Server kind: pss (pss-server), relay (bench/peers/relay.js), yjs (y-websocket)")
      ->transform(CLI::CheckedTransformer(targets));
  app.add_option("--host", c.host, "Server address")->capture_default_str();
  app.add_option("--port", c.port, "Server port")->required()->check(CLI::Range(1, 65535));
  app.add_option("--server-pid", c.server_pid, "Server process id: its CPU seconds and RSS are read from /proc");
  app.add_option("--clients", c.clients, "Connections")->capture_default_str()->check(CLI::Range(1, 100000));
  app.add_option("--rooms", c.rooms, "Rooms the clients are spread over")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--draggers", c.draggers_per_room, "Clients per room streaming drags")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  app.add_option("--drag-hz", c.drag_hz, "Drags per second per dragger")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 1000.0));
  app.add_option("--presence-hz", c.presence_hz, "Presence (cursor) updates per second per client; 0: none")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1000.0));
  app.add_option("--duration", c.duration_s, "Seconds of load (idle: seconds to settle)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--ramp", c.ramp_s, "Seconds over which the connections are opened")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--drain", c.drain_s, "Seconds to wait for outstanding deliveries after the load")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 600.0));
  app.add_option("--map-elements", c.map_elements, "Cards put in each room before the clients join (join storm)")
      ->capture_default_str()
      ->check(CLI::Range(0, 20000));
  app.add_option("--room-prefix", c.room_prefix, "Rooms are PREFIX-0, PREFIX-1, ...")->capture_default_str();
  app.add_option("--seed", c.seed, "Seed for the send phases")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  c.scenario = preset;
  if (c.rooms > c.clients) {
    std::cerr << "pss-load: --rooms (" << c.rooms << ") must not exceed --clients (" << c.clients << ")\n";
    return 2;
  }
  if (c.map_elements > 0 && c.target != Target::pss) {
    std::cerr << "pss-load: --map-elements (join storm) needs --target pss\n";
    return 2;
  }
  return std::nullopt;
}

}  // namespace pss::load
