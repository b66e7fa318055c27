// Writes the seed corpora of the fuzz targets from real messages: make_seeds DIR
// writes DIR/<target>/<name>. The committed seeds in tests/fuzz/corpus come from it.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/strategy_map.h"
#include "pss.pb.h"

using namespace pss;
namespace fs = std::filesystem;

namespace {

fs::path root;

void write(const std::string& target, const std::string& name, const std::string& bytes) {
  fs::create_directories(root / target);
  std::ofstream(root / target / name, std::ios::binary) << bytes;
}

pb::Element card(const std::string& id, const std::string& row, pb::ElementKind kind, double x) {
  pb::Element e;
  e.set_id(id);
  e.set_kind(kind);
  e.set_row(row);
  e.set_title("Card " + id);
  e.set_description("Why it matters");
  e.mutable_position()->set_x(x);
  e.mutable_position()->set_y(40);
  e.mutable_size()->set_x(160);
  e.mutable_size()->set_y(90);
  return e;
}

pb::Link arrow(const std::string& id, const std::string& from, const std::string& to) {
  pb::Link l;
  l.set_id(id);
  l.set_from(from);
  l.set_to(to);
  l.set_rationale("leads to");
  return l;
}

pb::Op put(const pb::Element& e) {
  pb::Op op;
  *op.mutable_put()->mutable_element() = e;
  return op;
}
pb::Op put(const pb::Link& l) {
  pb::Op op;
  *op.mutable_put()->mutable_link() = l;
  return op;
}
pb::Op put(const pb::Row& r) {
  pb::Op op;
  *op.mutable_put()->mutable_row() = r;
  return op;
}
pb::Op patch(const pb::Element& value, std::vector<std::uint32_t> fields) {
  pb::Op op;
  *op.mutable_patch()->mutable_value()->mutable_element() = value;
  for (auto f : fields) op.mutable_patch()->add_fields(f);
  return op;
}
pb::Op remove(pb::RecordType type, const std::string& id) {
  pb::Op op;
  op.mutable_remove()->set_type(type);
  op.mutable_remove()->set_id(id);
  return op;
}

using Ops = std::vector<pb::Op>;

// Named pushes; each applies on a room holding only the default rows.
std::vector<std::pair<std::string, Ops>> pushes() {
  const auto a = card("c1", "processes", pb::PROCESS, 20);
  const auto b = card("c2", "key-outcomes", pb::OUTCOME, 220);
  pb::Element moved;
  moved.set_id("c1");
  moved.mutable_position()->set_x(300);
  moved.mutable_position()->set_y(-12.5);
  pb::Element retitled;
  retitled.set_id("c1");
  retitled.set_title("Renamed ✓");
  retitled.set_status(pb::AGREED);
  pb::Row row;
  row.set_id("extra-row");
  row.set_kind(pb::NOTE);
  row.set_label("Parking lot");
  row.set_order(9);
  pb::Element note = card("n1", "", pb::NOTE, -50);
  pb::Element bad = card("bad", "processes", pb::PROCESS, std::nan(""));
  return {
      {"put_card", {put(a)}},
      {"put_cards_link", {put(a), put(b), put(arrow("l1", "c1", "c2"))}},
      {"patch_position", {put(a), patch(moved, {6})}},
      {"patch_title_status", {put(a), patch(retitled, {4, 11})}},
      {"remove_card_with_link", {put(a), put(b), put(arrow("l1", "c1", "c2")), remove(pb::ELEMENT, "c2")}},
      {"put_row_and_note", {put(row), put(note), remove(pb::ROW, "extra-row")}},
      {"rejected_nan", {put(a), put(bad)}},
      {"rejected_missing", {put(a), remove(pb::LINK, "nope")}},
  };
}

void client_message() {
  pb::ClientMessage hello;
  hello.mutable_hello()->set_protocol_version(1);
  hello.mutable_hello()->set_display_name("Ann");
  hello.mutable_hello()->set_client_id("client-1");
  hello.mutable_hello()->set_group(pb::STAFF);
  write("client_message_fuzz", "hello", hello.SerializeAsString());
  hello.mutable_hello()->set_last_clock(3);
  hello.mutable_hello()->set_display_name("Zoë");
  write("client_message_fuzz", "hello_reconnect", hello.SerializeAsString());

  for (const auto& [name, ops] : pushes()) {
    pb::ClientMessage msg;
    msg.mutable_push()->set_client_seq(1);
    for (const auto& op : ops) *msg.mutable_push()->add_ops() = op;
    write("client_message_fuzz", "push_" + name, msg.SerializeAsString());
  }

  pb::ClientMessage presence;
  auto* p = presence.mutable_presence();
  p->mutable_cursor()->set_x(10);
  p->mutable_cursor()->set_y(20);
  p->set_cursor_visible(true);
  p->add_selection("c1");
  p->add_dragging("c1");
  p->mutable_viewport()->set_width(1280);
  p->mutable_viewport()->set_height(720);
  write("client_message_fuzz", "presence", presence.SerializeAsString());

  pb::ClientMessage ping;
  ping.mutable_ping()->set_nonce(42);
  write("client_message_fuzz", "ping", ping.SerializeAsString());
}

void push_sequence() {
  // All pushes in one room, one after the other, alternating members.
  pb::Patch all;
  std::uint64_t seq = 1;
  for (const auto& [name, ops] : pushes()) {
    auto* change = all.add_changes();
    change->set_clock(seq++);
    change->set_session_id(static_cast<std::uint32_t>(seq % 2));
    for (const auto& op : ops) *change->add_ops() = op;
  }
  write("push_sequence_fuzz", "all_pushes", all.SerializeAsString());

  // Build, link, move, then remove what the other member made.
  const Ops steps[] = {
      {put(card("c1", "processes", pb::PROCESS, 20)), put(card("c2", "people", pb::CAPABILITY, 200))},
      {put(arrow("l1", "c2", "c1"))},
      {patch(card("c1", "processes", pb::PROCESS, 400), {6, 7})},
      {remove(pb::ELEMENT, "c1")},
      {put(arrow("l2", "c2", "c1"))},  // rejected: c1 is gone
      {put(card("c1", "processes", pb::PROCESS, 20))},
  };
  pb::Patch story;
  for (std::size_t i = 0; i < std::size(steps); ++i) {
    auto* change = story.add_changes();
    change->set_clock(i + 1);
    change->set_session_id(static_cast<std::uint32_t>(i));
    for (const auto& op : steps[i]) *change->add_ops() = op;
  }
  write("push_sequence_fuzz", "build_link_move_remove", story.SerializeAsString());
  story.mutable_changes(3)->set_clock(1);  // stale sequence
  write("push_sequence_fuzz", "stale_sequence", story.SerializeAsString());
}

std::string tagged(char tag, const google::protobuf::Message& m) { return std::string(1, tag) + m.SerializeAsString(); }

void snapshot() {
  StrategyMap map = StrategyMap::with_default_rows();
  write("snapshot_fuzz", "default_rows", tagged(0, map.snapshot()));
  write("snapshot_fuzz", "empty", tagged(0, pb::Snapshot{}));
  const Identity ann{"Ann", pb::STAFF};
  pb::History history;
  history.set_room("demo");
  *history.mutable_base() = map.snapshot();
  std::uint64_t clock = 0;
  for (const auto& [name, ops] : pushes()) {
    std::vector<pb::Op> applied;
    if (map.apply(ops, ApplyContext{clock + 1, &ann}, &applied)) continue;
    ++clock;
    auto* change = history.add_changes();
    change->set_clock(clock);
    change->set_wall_ms(1700000000000 + static_cast<std::int64_t>(clock) * 1000);
    change->set_author("Ann");
    for (const auto& op : applied) *change->add_ops() = op;
    write("snapshot_fuzz", "after_" + name, tagged(0, map.snapshot()));
  }
  pb::Welcome full;
  full.set_full(true);
  full.set_clock(map.clock());
  *full.mutable_snapshot() = map.snapshot();
  write("snapshot_fuzz", "welcome_full", tagged(1, full));
  pb::Welcome diff;
  diff.set_clock(map.clock());
  const auto changes = map.changes_since(1);
  for (const auto& op : *changes) *diff.add_changes() = op;
  write("snapshot_fuzz", "welcome_changes", tagged(1, diff));
  write("snapshot_fuzz", "history", tagged(2, history));
}

void room_target() {
  const char* targets[] = {
      "/rooms/demo", "/rooms/team-1.v2_a?token=x", "/rooms/", "/health", "/rooms/../etc", "/rooms/a%20b", "/rooms/a/b",
      "/ROOMS/x"};
  int i = 0;
  for (const char* t : targets) write("room_target_fuzz", "target" + std::to_string(i++), t);
  write("room_target_fuzz", "longest", "/rooms/" + std::string(64, 'x'));
  write("room_target_fuzz", "too_long", "/rooms/" + std::string(65, 'x'));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds DIR\n");
    return 2;
  }
  root = argv[1];
  client_message();
  push_sequence();
  snapshot();
  room_target();
  return 0;
}
