// What one pss-load run does: the target server, the scenario preset and its knobs.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pss::load {

enum class Target { pss, relay, yjs };

struct Config {
  Target target = Target::pss;
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string scenario = "workshop";
  int clients = 30;            // connections in all
  int rooms = 1;               // spread evenly
  int draggers_per_room = 30;  // the first clients of each room drag their own card
  double drag_hz = 30;
  double presence_hz = 0;  // every client, draggers included
  double duration_s = 10;  // measured phase (idle: settle time)
  double ramp_s = 1;       // connections are opened evenly over this
  double drain_s = 5;      // after the last drag, wait this long at most for deliveries
  int map_elements = 0;    // join-storm: cards in the room before the joiners come
  pid_t server_pid = 0;    // for CPU and RSS; 0: not measured
  std::string room_prefix = "load";
  std::uint64_t seed = 1;
};

// Fills `config` from the command line (preset first, then explicit flags). Returns
// an exit code to stop with (0 for --help), or nullopt to run.
std::optional<int> parse_config(int argc, char** argv, Config& config);

const char* target_name(Target t);

}  // namespace pss::load
