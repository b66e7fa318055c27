// pss-load: thousands of WebSocket clients in one process, against pss-server or a
// peer server (bench/peers), for edit-to-peer latency, deliveries per server
// CPU-second and server memory. See docs/performance.md.
//
//   pss-load --preset big-room --port 8080 --server-pid 1234
//   pss-load --preset workshop --target relay --port 9001 --clients 10 --duration 3
#include <iostream>

#include "config.h"
#include "run.h"
#include "stats.h"

int main(int argc, char** argv) {
  pss::load::Config config;
  if (auto code = pss::load::parse_config(argc, argv, config)) return *code;
  const auto files = pss::load::raise_open_file_limit();
  if (files < static_cast<std::uint64_t>(config.clients) + 64)
    std::cerr << "pss-load: warning: the open-file limit (" << files << ") is below --clients\n";
  try {
    pss::load::Run run(config);
    return run.execute();
  } catch (const std::exception& e) {
    std::cerr << "pss-load: " << e.what() << "\n";
    return 1;
  }
}
