// pss-workshop-driver LINK COMMAND...: a headless facilitator for the workshop
// end-to-end test. LINK is a facilitator's join link; each run joins, does one thing,
// prints what it saw (one fact a line) and leaves:
//   card ID X Y TITLE        puts a process card (200 x 96) at X,Y
//   vote-row ROW N           starts a dot vote on ROW, N votes each
//   state                    prints "ballots N" and, once revealed, "result ID VOTES" lines
//   reveal                   reveals the vote, then prints as `state`
//   summon X Y W H SECONDS   leads with that viewport, taking control, for SECONDS
//   viewport NAME SECONDS    watches, then prints "viewport X Y W H": the last one NAME sent
//   link ID FROM TO          puts an arrow
//   method                   prints "risk ID TARGET_TYPE TARGET DESCRIPTION" and
//                            "measure ID ELEMENT NAME" lines for the map's risks and measures
//   selection NAME SECONDS   watches, then prints "selection ID...": the last one NAME sent
// Exit code 0 when done, 1 when the room refused or did not answer in time.
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "client/core/sync_client.h"
#include "model/ops.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace pb = pss::pb;

// Polls until `done` says so or `seconds` pass; false on a refusal or a timeout.
bool run_until(pss::client::SyncClient& c, double seconds, const std::function<bool()>& done) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < deadline) {
    for (const auto& ev : c.poll()) {
      if (ev.kind == pss::client::ClientEvent::Kind::refused || ev.kind == pss::client::ClientEvent::Kind::error) {
        std::fprintf(stderr, "pss-workshop-driver: %s\n", ev.text.c_str());
        return false;
      }
    }
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void print_state(const pb::FacilitationState& s) {
  std::printf("ballots %u\n", s.vote().ballots_cast());
  for (const auto& r : s.vote().results()) std::printf("result %s %u\n", r.element().c_str(), r.votes());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: pss-workshop-driver LINK card|vote-row|state|reveal|summon|viewport ...\n");
    return 2;
  }
  const std::vector<std::string> a(argv + 2, argv + argc);
  pss::client::ClientOptions o;
  o.url = argv[1];
  o.display_name = "Facilitator";
  pss::client::SyncClient c(o);
  c.start();
  const auto welcomed = [&] {
    return c.status() == pss::client::ConnectionStatus::connected && c.replica().welcomed();
  };
  if (!run_until(c, 10, welcomed)) return 1;
  if (c.role() != pb::FACILITATOR) {
    std::fprintf(stderr, "pss-workshop-driver: the link is not a facilitator's\n");
    return 1;
  }
  const auto settle = [&] { return run_until(c, 5, [&] { return c.settled(std::chrono::milliseconds(300)); }); };
  const std::string& cmd = a[0];
  bool ok = false;
  if (cmd == "card" && a.size() == 5) {
    pb::Element e;
    e.set_id(a[1]);
    e.set_kind(pb::PROCESS);
    e.set_row("processes");
    e.set_title(a[4]);
    e.mutable_position()->set_x(std::stod(a[2]));
    e.mutable_position()->set_y(std::stod(a[3]));
    e.mutable_size()->set_x(200);
    e.mutable_size()->set_y(96);
    ok = !c.edit({pss::ops::put(e)}) && settle();
  } else if (cmd == "vote-row" && a.size() == 3) {
    pb::Facilitate f;
    f.mutable_start_vote()->set_row(a[1]);
    f.mutable_start_vote()->set_votes_per_person(static_cast<std::uint32_t>(std::stoul(a[2])));
    c.facilitate(f);
    ok = run_until(c, 5, [&] { return c.facilitation().has_vote(); });
  } else if (cmd == "state" || cmd == "reveal") {
    if (cmd == "reveal") {
      pb::Facilitate f;
      f.set_reveal_vote(true);
      c.facilitate(f);
    }
    ok = run_until(c, 5, [&] { return cmd == "state" || c.facilitation().vote().revealed(); });
    if (ok) print_state(c.facilitation());
  } else if (cmd == "summon" && a.size() == 6) {
    pb::Presence p;
    p.mutable_viewport()->set_x(std::stod(a[1]));
    p.mutable_viewport()->set_y(std::stod(a[2]));
    p.mutable_viewport()->set_width(std::stod(a[3]));
    p.mutable_viewport()->set_height(std::stod(a[4]));
    c.set_presence(p);
    pb::Facilitate f;
    f.mutable_follow()->set_on(true);
    f.mutable_follow()->set_take_control(true);
    c.facilitate(f);
    ok = run_until(c, 5, [&] { return c.facilitation().follow_session() == c.session_id(); });
    if (ok) {
      std::printf("leading as session %u\n", c.session_id());
      std::fflush(stdout);
      run_until(c, std::stod(a[5]), [] { return false; });
    }
  } else if (cmd == "viewport" && a.size() == 3) {
    // Presence is sent only when it changes: watch, and print the last one seen.
    std::optional<pb::Rect> seen;
    run_until(c, std::stod(a[2]), [&] {
      for (const auto& [id, peer] : c.peers())
        if (peer.peer.display_name() == a[1] && peer.presence && peer.presence->has_viewport())
          seen = peer.presence->viewport();
      return false;
    });
    ok = seen.has_value();
    if (ok) std::printf("viewport %.0f %.0f %.0f %.0f\n", seen->x(), seen->y(), seen->width(), seen->height());
  } else if (cmd == "link" && a.size() == 4) {
    pb::Link l;
    l.set_id(a[1]);
    l.set_from(a[2]);
    l.set_to(a[3]);
    ok = !c.edit({pss::ops::put(l)}) && settle();
  } else if (cmd == "method" && a.size() == 1) {
    ok = settle();
    for (const auto& [id, r] : c.view().risks())
      std::printf("risk %s %s %s %s\n", id.c_str(), pb::RecordType_Name(r.target_type()).c_str(), r.target().c_str(),
                  r.description().c_str());
    for (const auto& [id, m] : c.view().measures())
      std::printf("measure %s %s %s\n", id.c_str(), m.element().c_str(), m.name().c_str());
  } else if (cmd == "selection" && a.size() == 3) {
    std::optional<std::string> seen;
    run_until(c, std::stod(a[2]), [&] {
      for (const auto& [id, peer] : c.peers()) {
        if (peer.peer.display_name() != a[1] || !peer.presence) continue;
        std::string ids;
        for (const auto& s : peer.presence->selection()) ids += " " + s;
        seen = ids;
      }
      return false;
    });
    ok = seen.has_value();
    if (ok) std::printf("selection%s\n", seen->c_str());
  } else {
    std::fprintf(stderr, "pss-workshop-driver: unknown command or wrong arguments\n");
    return 2;
  }
  c.stop();
  return ok ? 0 : 1;
}
