// SyncClient: one participant's connection to a room. Runs the WebSocket on a network
// thread (its own, or a shared io_context for many bots) and never blocks its owner:
// the owner (the UI frame loop, or a bot's loop) calls poll(), which applies what
// arrived since the last call to the replica and hands local edits to the network.
// Reconnects by itself with backoff, catching up from the last clock it saw and
// re-sending the edits made while offline.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/core/replica.h"
#include "pss.pb.h"

namespace boost::asio {
class io_context;
}

namespace pss::client {

struct ClientOptions {
  std::string url;      // ws://HOST:PORT/rooms/ROOM or wss://..., or a join link ending in ?token=TOKEN
  std::string ca_file;  // wss://: trust only this CA (PEM file); empty: the system's CAs
  std::string display_name;
  std::string token;  // empty: the link's token, if it has one
  pb::StakeholderGroup group = pb::STAFF;
  std::string client_id;  // empty: a random one is made
  bool reconnect = true;
  std::chrono::milliseconds send_interval{33};  // pushes and presence at most ~30 Hz
  std::chrono::milliseconds ping_interval{5000};
  std::chrono::milliseconds silence_timeout{10000};  // nothing heard this long: dead, reconnect
  std::chrono::milliseconds connect_timeout{5000};   // TCP connect, WebSocket handshake, close
  std::chrono::milliseconds backoff_min{100};        // reconnect delays double from here ...
  std::chrono::milliseconds backoff_max{5000};       // ... up to here, with jitter
};

enum class ConnectionStatus { connecting, connected, reconnecting, refused, stopped };
const char* to_string(ConnectionStatus status);

struct PeerState {
  pb::Peer peer;
  std::optional<pb::Presence> presence;
};

// Something the owner may want to show: a refusal, a rejected push, a peer arriving.
struct ClientEvent {
  enum class Kind { welcomed, push_rejected, peer_joined, peer_left, error, disconnected, refused, role_changed } kind;
  std::string text;  // human-readable
  pb::Reason reason = pb::REASON_UNSPECIFIED;
};

class SyncClient {
 public:
  // shared_io: run on this io_context (the caller runs it); null: own network thread.
  explicit SyncClient(ClientOptions options, boost::asio::io_context* shared_io = nullptr);
  ~SyncClient();
  SyncClient(const SyncClient&) = delete;
  SyncClient& operator=(const SyncClient&) = delete;

  // start() may be called again after stop(): the replica (and its pending edits) is
  // kept, so the client catches up from its last clock and re-sends what is pending.
  void start();
  void stop();  // closes the socket politely and joins the network thread
  // Kills the socket without a close handshake, as a network failure would; the client
  // then reconnects by itself. For tests and a "reconnect now" button.
  void drop_connection();

  // Owner thread only. Applies received messages, sends due pushes and presence.
  // Returns the events since the last call.
  std::vector<ClientEvent> poll();

  // Owner thread only. See Replica::edit.
  Check edit(std::vector<pb::Op> ops, bool coalesce = false);
  // Sent at the next send tick, latest wins. An invalid presence (say a NaN cursor) is
  // refused here: the server would drop the connection for it.
  Check set_presence(const pb::Presence& presence);
  // Owner thread only. Sent at the next send tick, in order; the server answers with
  // the new facilitation state for everyone, or an Error (an `error` event).
  void facilitate(const pb::Facilitate& command);
  void vote(const std::string& element_id, int delta);

  const Replica& replica() const;
  const StrategyMap& view() const { return replica().view(); }
  const std::map<std::uint32_t, PeerState>& peers() const;
  ConnectionStatus status() const;
  std::uint32_t session_id() const;  // 0 before the first Welcome
  pb::Role role() const;             // from the server (the token decides it)
  const pb::FacilitationState& facilitation() const;
  std::uint32_t color() const;
  std::string room() const;
  const std::string& client_id() const;
  // True when connected, nothing is pending and nothing arrived in the last `quiet`.
  bool settled(std::chrono::milliseconds quiet) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits ws[s]://HOST:PORT/rooms/ROOM into its parts; nullopt if it is not such a URL.
struct ParsedUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // /rooms/ROOM (the query is not sent)
  std::string room;
  std::string token;  // from ?token=TOKEN
};
std::optional<ParsedUrl> parse_url(const std::string& url);

}  // namespace pss::client
