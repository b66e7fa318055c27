// pss-board-dump URL [--timeout SECONDS]: joins a room as an observer-like participant
// (it never edits), waits until the room's clock has been still for half a second, and
// prints the map, one record a line, for scripts:
//   element ID KIND ROW X Y W H STATUS TITLE
//   link ID FROM TO
// Exit code 0 when printed, 1 when the room could not be reached in time.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "client/core/sync_client.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: pss-board-dump ws://HOST:PORT/rooms/ROOM [--timeout SECONDS]\n");
    return 2;
  }
  double timeout = 15;
  if (argc >= 4 && std::string(argv[2]) == "--timeout") timeout = std::stod(argv[3]);
  pss::client::ClientOptions o;
  o.url = argv[1];
  o.display_name = "dump";
  o.group = pss::pb::OTHER_STAKEHOLDER;
  pss::client::SyncClient client(o);
  client.start();
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::duration<double>(timeout);
  std::uint64_t last_clock = ~0ull;
  auto still_since = clock::now();
  bool ready = false;
  while (clock::now() < deadline) {
    client.poll();
    const bool online = client.status() == pss::client::ConnectionStatus::connected && client.replica().welcomed();
    const std::uint64_t now_clock = client.replica().server_clock();
    if (!online || now_clock != last_clock) {
      last_clock = now_clock;
      still_since = clock::now();
    } else if (clock::now() - still_since > std::chrono::milliseconds(500)) {
      ready = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!ready) {
    std::fprintf(stderr, "pss-board-dump: no settled room state within %.0f s\n", timeout);
    client.stop();
    return 1;
  }
  const auto& map = client.view();
  std::printf("clock %llu\n", static_cast<unsigned long long>(map.clock()));
  for (const auto& [id, e] : map.elements())
    std::printf("element %s %s %s %.1f %.1f %.1f %.1f %s %s\n", id.c_str(), pss::pb::ElementKind_Name(e.kind()).c_str(),
                e.row().empty() ? "-" : e.row().c_str(), e.position().x(), e.position().y(), e.size().x(),
                e.size().y(), pss::pb::ReviewStatus_Name(e.status()).c_str(), e.title().c_str());
  for (const auto& [id, l] : map.links()) std::printf("link %s %s %s\n", id.c_str(), l.from().c_str(), l.to().c_str());
  client.stop();
  return 0;
}
