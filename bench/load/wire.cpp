#include "wire.h"

#include <bit>
#include <charconv>
#include <cstring>

#include "protocol/protocol.h"

namespace pss::load {
namespace {

// ---------------------------------------------------------------- protobuf walking

struct Field {
  std::uint32_t number = 0;
  std::uint32_t wire = 0;
  std::uint64_t varint = 0;  // wire 0, and wire 1 (the raw 64 bits)
  std::string_view bytes;    // wire 2
};

bool read_varint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto b = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    v |= std::uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

// Calls f(Field) for each field of one message; false on malformed input.
template <class F>
bool each_field(std::string_view in, F&& f) {
  while (!in.empty()) {
    std::uint64_t tag = 0;
    if (!read_varint(in, tag)) return false;
    Field field;
    field.number = static_cast<std::uint32_t>(tag >> 3);
    field.wire = tag & 7;
    switch (field.wire) {
      case 0:
        if (!read_varint(in, field.varint)) return false;
        break;
      case 1:
        if (in.size() < 8) return false;
        std::memcpy(&field.varint, in.data(), 8);
        in.remove_prefix(8);
        break;
      case 2: {
        std::uint64_t n = 0;
        if (!read_varint(in, n) || n > in.size()) return false;
        field.bytes = in.substr(0, n);
        in.remove_prefix(n);
        break;
      }
      case 5:
        if (in.size() < 4) return false;
        in.remove_prefix(4);
        break;
      default: return false;
    }
    if (!f(field)) return false;
  }
  return true;
}

// The field `number` (wire type 2) of a message, or an empty view.
std::string_view sub(std::string_view message, std::uint32_t number) {
  std::string_view found;
  each_field(message, [&](const Field& f) {
    if (f.number == number && f.wire == 2) found = f.bytes;
    return true;
  });
  return found;
}

// An Op: patch(2) -> value(1) -> element(1) -> id(1) "d<n>", position(6) -> x(1).
bool scan_op(std::string_view op, const std::function<void(DragKey)>& on_drag) {
  const std::string_view element = sub(sub(sub(op, 2), 1), 1);
  if (element.empty()) return true;  // not an element patch: not ours to time
  std::string_view id;
  bool moved = false;
  double x = 0;  // proto3 leaves out a zero x: seq 0
  const bool ok = each_field(element, [&](const Field& f) {
    if (f.number == 1 && f.wire == 2) id = f.bytes;
    if (f.number == 6 && f.wire == 2) {
      moved = true;
      return each_field(f.bytes, [&](const Field& v) {
        if (v.number == 1 && v.wire == 1) x = std::bit_cast<double>(v.varint);
        return true;
      });
    }
    return true;
  });
  std::uint32_t dragger = 0;
  if (!ok || !moved || id.size() < 2 || id[0] != 'd' || x < 0) return ok;
  const auto [end, ec] = std::from_chars(id.data() + 1, id.data() + id.size(), dragger);
  if (ec == std::errc() && end == id.data() + id.size()) on_drag({dragger, static_cast<std::uint64_t>(x)});
  return true;
}

bool scan_ops(std::string_view holder, std::uint32_t ops_field, const std::function<void(DragKey)>& on_drag) {
  return each_field(holder,
                    [&](const Field& f) { return f.number != ops_field || f.wire != 2 || scan_op(f.bytes, on_drag); });
}

pb::Element card(const std::string& id, double x, double y) {
  pb::Element e;
  e.set_id(id);
  e.set_kind(pb::PROCESS);
  e.set_row("processes");
  e.set_title("Load card " + id);
  e.mutable_position()->set_x(x);
  e.mutable_position()->set_y(y);
  e.mutable_size()->set_x(160);
  e.mutable_size()->set_y(80);
  return e;
}

// ---------------------------------------------------------------- lib0 encoding (Yjs)

void put_varuint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(0x80 | (v & 0x7f)));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_varstring(std::string& out, std::string_view s) {
  put_varuint(out, s.size());
  out.append(s);
}

void put_float64(std::string& out, double d) {  // lib0 writes big-endian
  auto bits = std::bit_cast<std::uint64_t>(d);
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

constexpr std::uint64_t kMessageSync = 0, kMessageAwareness = 1, kSyncUpdate = 2;

}  // namespace

std::string pss_hello(const std::string& client_id, const std::string& name) {
  pb::ClientMessage m;
  auto* h = m.mutable_hello();
  h->set_protocol_version(kProtocolVersion);
  h->set_display_name(name);
  h->set_client_id(client_id);
  h->set_group(pb::STAFF);
  return encode(m);
}

std::string pss_put_card(std::uint32_t dragger, std::uint64_t client_seq) {
  return pss_put_cards(dragger, 1, client_seq);
}

std::string pss_put_cards(std::uint32_t first, std::uint32_t cards, std::uint64_t client_seq) {
  pb::ClientMessage m;
  m.mutable_push()->set_client_seq(client_seq);
  for (std::uint32_t i = first; i < first + cards; ++i) {
    // Draggers' cards are "d<n>"; a map's are "m<n>", laid out on a grid.
    const std::string id = (cards == 1 ? "d" : "m") + std::to_string(i);
    *m.mutable_push()->add_ops()->mutable_put()->mutable_element() = card(id, (i % 100) * 200.0, (i / 100) * 100.0);
  }
  return encode(m);
}

std::string pss_drag(DragKey key, std::uint64_t client_seq) {
  pb::ClientMessage m;
  m.mutable_push()->set_client_seq(client_seq);
  auto* patch = m.mutable_push()->add_ops()->mutable_patch();
  auto* e = patch->mutable_value()->mutable_element();
  e->set_id("d" + std::to_string(key.dragger));
  e->mutable_position()->set_x(static_cast<double>(key.seq));
  e->mutable_position()->set_y(key.dragger % 1000);
  patch->add_fields(pb::Element::kPositionFieldNumber);
  return encode(m);
}

std::string pss_presence(double x, double y) {
  pb::ClientMessage m;
  auto* p = m.mutable_presence();
  p->mutable_cursor()->set_x(x);
  p->mutable_cursor()->set_y(y);
  p->set_cursor_visible(true);
  return encode(m);
}

bool scan_server_frame(std::string_view frame, Received& out, const std::function<void(DragKey)>& on_drag) {
  return each_field(frame, [&](const Field& message) {
    if (message.number != 1 || message.wire != 2) return true;
    return each_field(message.bytes, [&](const Field& body) {
      if (body.wire != 2) return true;
      switch (body.number) {
        case 1: out.welcome = true; return true;
        case 2: {
          bool committed = false;
          each_field(body.bytes, [&](const Field& r) {
            if (r.number == 3) committed = r.varint != 0;
            return true;
          });
          ++(committed ? out.committed_pushes : out.rejected_pushes);
          return true;
        }
        case 3:  // Patch.changes(1) -> Change.ops(3)
          return each_field(body.bytes, [&](const Field& change) {
            return change.number != 1 || change.wire != 2 || scan_ops(change.bytes, 3, on_drag);
          });
        case 4:
          return each_field(body.bytes, [&](const Field& peer) {
            out.presence += peer.number == 1;
            return true;
          });
        case 8: ++out.errors; return true;
        default: return true;
      }
    });
  });
}

bool scan_client_message(std::string_view message, Received& out, const std::function<void(DragKey)>& on_drag) {
  return each_field(message, [&](const Field& body) {
    if (body.wire != 2) return true;
    if (body.number == 2) return scan_ops(body.bytes, 2, on_drag);  // Push.ops(2)
    out.presence += body.number == 3;
    return true;
  });
}

std::string yjs_drag(DragKey key, double y) {
  // One Item: a Y.Map("m") entry "d<dragger>" set to {x: seq, y}. The first has no
  // origin and names its parent; later ones have the previous value as left origin
  // (what Y.Map.set writes), which replaces and deletes it on the server.
  std::string update;
  put_varuint(update, 1);  // clients
  put_varuint(update, 1);  // structs of this client
  put_varuint(update, key.dragger + 1);
  put_varuint(update, key.seq);
  constexpr std::uint8_t kContentAny = 8, kOrigin = 0x80, kParentSub = 0x20;
  if (key.seq == 0) {
    update.push_back(static_cast<char>(kParentSub | kContentAny));
    put_varuint(update, 1);  // parent is a root type, named:
    put_varstring(update, "m");
    put_varstring(update, "d" + std::to_string(key.dragger));
  } else {
    update.push_back(static_cast<char>(kOrigin | kParentSub | kContentAny));
    put_varuint(update, key.dragger + 1);
    put_varuint(update, key.seq - 1);
  }
  put_varuint(update, 1);  // one value: an object {x, y}
  update.push_back(static_cast<char>(118));
  put_varuint(update, 2);
  put_varstring(update, "x");
  update.push_back(static_cast<char>(123));
  put_float64(update, static_cast<double>(key.seq));
  put_varstring(update, "y");
  update.push_back(static_cast<char>(123));
  put_float64(update, y);
  put_varuint(update, 0);  // empty delete set

  std::string message;
  put_varuint(message, kMessageSync);
  put_varuint(message, kSyncUpdate);
  put_varstring(message, update);
  return message;
}

std::string yjs_awareness(std::uint32_t client, std::uint64_t clock, double x, double y) {
  std::string update;
  put_varuint(update, 1);
  put_varuint(update, client);
  put_varuint(update, clock);
  char json[96];
  const int n = std::snprintf(json, sizeof json, "{\"cursor\":{\"x\":%.1f,\"y\":%.1f}}", x, y);
  put_varstring(update, std::string_view(json, static_cast<std::size_t>(n)));
  std::string message;
  put_varuint(message, kMessageAwareness);
  put_varstring(message, update);
  return message;
}

bool scan_yjs_message(std::string_view message, Received& out, const std::function<void(DragKey)>& on_drag) {
  std::uint64_t type = 0, sync = 0, n = 0;
  if (!read_varint(message, type)) return false;
  if (type == kMessageAwareness) {
    ++out.presence;
    return true;
  }
  if (type != kMessageSync) return true;
  if (!read_varint(message, sync)) return false;
  // Only updates: the server's sync step 1 is its state vector, and we never ask for
  // a step 2 (it would hold every struct, not one drag).
  if (sync != kSyncUpdate) return true;
  if (!read_varint(message, n) || n > message.size()) return false;
  std::string_view update = message.substr(0, n);
  // The server re-encodes each update it applies: struct header first, then the
  // delete set (now holding the replaced value).
  std::uint64_t clients = 0, structs = 0, client = 0, clock = 0;
  if (!read_varint(update, clients)) return false;
  if (clients == 0) return true;
  if (!read_varint(update, structs) || !read_varint(update, client) || !read_varint(update, clock)) return false;
  if (client >= 1 && client <= 0xffffffffu) on_drag({static_cast<std::uint32_t>(client - 1), clock});
  return true;
}

}  // namespace pss::load
