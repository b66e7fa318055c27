// pss-bot as a library: N simulated workshop participants in one process, one shared
// io_context thread for their sockets and one driver loop (this thread) for their
// edits. Used by the pss-bot executable, scripts/demo and the integration tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace pss::bot {

struct BotOptions {
  std::string url;         // ws[s]://HOST:PORT/rooms/ROOM
  std::string ca_file;     // wss://: trust only this CA (PEM); empty: the system's CAs
  int clients = 4;         // participants
  int ops = 50;            // edits per participant
  std::uint64_t seed = 1;  // same seed => same choices of edits
  double rate = 10;        // edits per second per participant; <= 0: as fast as possible
  bool verify = false;     // settle, then compare every replica with a fresh joiner
  bool print_map = false;  // print the final map, row by row
  std::string name_prefix = "bot";
  int quiet_ms = 300;  // "settled" = nothing pending and nothing heard this long
  int timeout_s = 30;  // for connecting, settling and verifying each
};

// Runs the simulation, writing a summary to `out` (and problems to `err`). With
// verify, the last line on `out` is "converged <hash>" on success. Returns the process
// exit code: 0 ok, 1 replicas differ or never settled, 2 cannot connect.
int run_bot(const BotOptions& options, std::ostream& out, std::ostream& err);

}  // namespace pss::bot
