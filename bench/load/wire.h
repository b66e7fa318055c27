// What pss-load puts on the wire and reads back, per target server, without full
// decoding: at a million deliveries per second the generator cannot afford to build
// protobuf objects, so received frames are walked field by field (protobuf wire
// format, and the y-protocols/lib0 encoding for Yjs).
//
// Every drag is identified by (dragger, seq): dragger is the global index of the
// dragging client, seq counts its drags from 0. Both travel in the payload itself:
//  - pss and relay: a Push with one patch of Element "d<dragger>".position, x = seq;
//  - yjs: a Y.Map update whose struct header is (client = dragger + 1, clock = seq).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace pss::load {

struct DragKey {
  std::uint32_t dragger;
  std::uint64_t seq;
};

// What one received WebSocket message held.
struct Received {
  bool welcome = false;
  int rejected_pushes = 0;   // PushResult{committed = false}
  int committed_pushes = 0;  // PushResult{committed = true}
  int errors = 0;            // pss Error messages
  int presence = 0;          // presence entries (pss, relay) or awareness messages (yjs)
};

// --- pss-server and the relay (same payload bytes)
std::string pss_hello(const std::string& client_id, const std::string& name);
std::string pss_put_card(std::uint32_t dragger, std::uint64_t client_seq);  // creates "d<dragger>"
// `cards` puts of cards "m<first>"..: the join-storm map.
std::string pss_put_cards(std::uint32_t first, std::uint32_t cards, std::uint64_t client_seq);
std::string pss_drag(DragKey key, std::uint64_t client_seq);
std::string pss_presence(double x, double y);

// Walks a ServerFrame (pss-server) or a ClientMessage (relayed), calling on_drag for
// every element position patch. False if the bytes are not valid protobuf.
bool scan_server_frame(std::string_view frame, Received& out, const std::function<void(DragKey)>& on_drag);
bool scan_client_message(std::string_view message, Received& out, const std::function<void(DragKey)>& on_drag);

// --- y-websocket: y-protocols sync and awareness messages
std::string yjs_drag(DragKey key, double y);
std::string yjs_awareness(std::uint32_t client, std::uint64_t clock, double x, double y);
bool scan_yjs_message(std::string_view message, Received& out, const std::function<void(DragKey)>& on_drag);

}  // namespace pss::load
