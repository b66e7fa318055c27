// The owner-thread side of SyncClient: turns what the network thread put in the mailbox
// into Replica calls and events, and hands pushes and presence to the network at most
// once per send_interval. Nothing here blocks on the network except stop().
#include "client/core/sync_client.h"

#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <random>
#include <thread>

#include "client/core/connection.h"
#include "protocol/protocol.h"
#include "transport/tls.h"

namespace pss::client {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

const char* to_string(ConnectionStatus status) {
  switch (status) {
    case ConnectionStatus::connecting: return "connecting";
    case ConnectionStatus::connected: return "connected";
    case ConnectionStatus::reconnecting: return "reconnecting";
    case ConnectionStatus::refused: return "refused";
    case ConnectionStatus::stopped: return "stopped";
  }
  return "?";
}

namespace {

std::string random_client_id() {
  std::random_device rd;
  const std::uint64_t v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  return "c-" + to_hex64(v);
}

pb::Reason reason_for_close(std::uint16_t code) {
  switch (static_cast<CloseCode>(code)) {
    case CloseCode::version_too_old: return pb::VERSION_TOO_OLD;
    case CloseCode::forbidden: return pb::FORBIDDEN;
    case CloseCode::room_full: return pb::ROOM_FULL;
    case CloseCode::rate_limited: return pb::RATE_LIMITED;
    case CloseCode::too_slow: return pb::TOO_SLOW;
    case CloseCode::going_away: return pb::SHUTTING_DOWN;
    case CloseCode::server_error: return pb::UNAVAILABLE;
    default: return pb::REASON_UNSPECIFIED;
  }
}

}  // namespace

struct SyncClient::Impl {
  Impl(ClientOptions o, asio::io_context* shared)
      : options(std::move(o)),
        url(parse_url(options.url)),
        replica(Identity{options.display_name, options.group}),
        shared_io(shared) {
    if (options.client_id.empty()) options.client_id = random_client_id();
  }

  void emit(ClientEvent::Kind kind, std::string text, pb::Reason reason = pb::REASON_UNSPECIFIED) {
    events.push_back(ClientEvent{kind, std::move(text), reason});
  }
  void process_inbox();
  void handle(const pb::ServerMessage& m, std::uint64_t item_epoch);
  void flush();

  ClientOptions options;
  std::optional<ParsedUrl> url;
  Replica replica;
  asio::io_context* shared_io;
  std::unique_ptr<asio::io_context> own_io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::thread thread;
  std::shared_ptr<detail::Mailbox> mailbox = std::make_shared<detail::Mailbox>();
  std::shared_ptr<detail::Connection> conn;
  std::uint64_t first_epoch = 1;  // items of connections from before the last start() are stale
  std::uint64_t epoch = 0;        // the connection whose Welcome was processed last

  std::map<std::uint32_t, PeerState> peers;
  ConnectionStatus status = ConnectionStatus::stopped;
  std::uint32_t session_id = 0;
  std::uint32_t color = 0;
  std::string room;
  std::optional<pb::Presence> presence;
  bool presence_dirty = false;
  pb::Role role = pb::ROLE_UNSPECIFIED;
  pb::FacilitationState facilitation;
  std::vector<std::string> commands;  // encoded Facilitate / CastVote messages, in order
  bool resync_requested = false;
  Clock::time_point next_send{};
  std::vector<ClientEvent> events;
};

void SyncClient::Impl::process_inbox() {
  std::deque<detail::InboxItem> items;
  {
    std::lock_guard lock(mailbox->mu);
    items.swap(mailbox->inbox);
  }
  using Kind = detail::InboxItem::Kind;
  replica.begin_batch();  // one view rebuild for everything received since the last poll
  for (const auto& item : items) {
    if (item.epoch < first_epoch) continue;
    if (item.kind == Kind::frame) {
      for (const auto& m : item.frame.messages()) handle(m, item.epoch);
    } else if (item.kind == Kind::closed) {
      replica.on_disconnect();
      peers.clear();
      if (item.refused) {
        status = ConnectionStatus::refused;
        emit(ClientEvent::Kind::refused, item.text, reason_for_close(item.close_code));
      } else {
        status = item.reconnecting ? ConnectionStatus::reconnecting : ConnectionStatus::stopped;
        emit(ClientEvent::Kind::disconnected, item.text, reason_for_close(item.close_code));
      }
    }
  }
  replica.end_batch();
  for (const auto& r : replica.take_local_rejections()) emit(ClientEvent::Kind::push_rejected, r.detail(), r.reason());
  // A server change that does not apply means our state is wrong: fetch it whole.
  if (replica.needs_resync() && !resync_requested && status == ConnectionStatus::connected && conn) {
    spdlog::error("pss-client: {}; reconnecting for a full snapshot", replica.last_error());
    emit(ClientEvent::Kind::error, "resynchronising: " + replica.last_error());
    resync_requested = true;
    conn->drop("resynchronising");
  }
  mailbox->hello_clock = replica.hello_clock();
}

void SyncClient::Impl::handle(const pb::ServerMessage& m, std::uint64_t item_epoch) {
  switch (m.body_case()) {
    case pb::ServerMessage::kWelcome: {
      const auto& w = m.welcome();
      replica.on_welcome(w);
      session_id = w.session_id();
      color = w.color();
      room = w.room();
      role = w.role();
      facilitation = w.facilitation();
      epoch = item_epoch;
      status = ConnectionStatus::connected;
      resync_requested = false;
      presence_dirty = presence.has_value();  // peers of the new session have not seen it
      peers.clear();
      for (const auto& p : w.peers())
        if (p.session_id() != session_id) peers[p.session_id()].peer = p;
      emit(ClientEvent::Kind::welcomed, "joined room " + room + " as session " + std::to_string(session_id) +
                                            (w.full() ? " (full snapshot)" : " (caught up)"));
      break;
    }
    case pb::ServerMessage::kPushResult:
      if (auto rejected = replica.on_push_result(m.push_result()))
        emit(ClientEvent::Kind::push_rejected, rejected->detail(), rejected->reason());
      break;
    case pb::ServerMessage::kPatch: replica.on_patch(m.patch()); break;
    case pb::ServerMessage::kPresence:
      for (const auto& pp : m.presence().peers()) {
        if (pp.session_id() == session_id) continue;
        PeerState& state = peers[pp.session_id()];
        state.peer.set_session_id(pp.session_id());
        state.presence = pp.presence();
      }
      break;
    case pb::ServerMessage::kPeerJoined: {
      const auto& p = m.peer_joined().peer();
      if (p.session_id() == session_id) break;
      peers[p.session_id()].peer = p;
      emit(ClientEvent::Kind::peer_joined, p.display_name() + " joined");
      break;
    }
    case pb::ServerMessage::kPeerLeft: {
      auto it = peers.find(m.peer_left().session_id());
      if (it == peers.end()) break;
      emit(ClientEvent::Kind::peer_left, it->second.peer.display_name() + " left");
      peers.erase(it);
      break;
    }
    case pb::ServerMessage::kFacilitation: facilitation = m.facilitation(); break;
    case pb::ServerMessage::kPeerUpdated: {
      const auto& p = m.peer_updated().peer();
      if (p.session_id() == session_id) {
        role = p.role();
        emit(ClientEvent::Kind::role_changed,
             std::string("the facilitator made you ") + (role == pb::OBSERVER ? "an observer" : "a participant"));
      } else if (auto it = peers.find(p.session_id()); it != peers.end()) {
        it->second.peer = p;
      }
      break;
    }
    case pb::ServerMessage::kError:
      emit(ClientEvent::Kind::error, std::string(reason_name(m.error().reason())) + ": " + m.error().detail(),
           m.error().reason());
      break;
    default: break;  // Pong (liveness is the network side's business), or newer messages
  }
}

void SyncClient::Impl::flush() {
  if (status != ConnectionStatus::connected || !replica.online() || !conn) return;
  const auto now = Clock::now();
  if (now < next_send) return;
  std::vector<std::string> out;
  for (auto& push : replica.take_unsent()) {
    pb::ClientMessage m;
    *m.mutable_push() = std::move(push);
    out.push_back(encode(m));
  }
  for (auto& c : commands) out.push_back(std::move(c));
  commands.clear();
  if (presence_dirty && presence) {
    pb::ClientMessage m;
    *m.mutable_presence() = *presence;
    out.push_back(encode(m));
    presence_dirty = false;
  }
  if (out.empty()) return;  // idle: the next edit goes out at once
  conn->send(epoch, std::move(out));
  next_send = now + options.send_interval;
}

SyncClient::SyncClient(ClientOptions options, asio::io_context* shared_io)
    : impl_(std::make_unique<Impl>(std::move(options), shared_io)) {}

SyncClient::~SyncClient() { stop(); }

void SyncClient::start() {
  Impl& s = *impl_;
  if (s.conn) return;
  if (!s.url) {
    s.status = ConnectionStatus::refused;
    s.emit(ClientEvent::Kind::refused, "'" + s.options.url + "' is not a room URL (ws[s]://HOST:PORT/rooms/ROOM)");
    return;
  }
  if (auto bad = check_display_name(s.options.display_name, Limits{})) {
    s.status = ConnectionStatus::refused;
    s.emit(ClientEvent::Kind::refused, bad->detail, bad->reason);
    return;
  }
  std::shared_ptr<boost::asio::ssl::context> tls;
  if (s.url->tls) {
    std::string error;
    tls = transport::client_tls_context(s.options.ca_file, &error);
    if (!tls) {
      s.status = ConnectionStatus::refused;
      s.emit(ClientEvent::Kind::refused, error);
      return;
    }
  }
  asio::io_context* io = s.shared_io;
  if (!io) {
    s.own_io = std::make_unique<asio::io_context>(1);
    s.work.emplace(asio::make_work_guard(*s.own_io));
    s.thread = std::thread([ctx = s.own_io.get()] { ctx->run(); });
    io = s.own_io.get();
  }
  detail::ConnectionConfig config;
  config.url = *s.url;
  config.ca_file = s.options.ca_file;
  config.tls = std::move(tls);
  config.hello.set_protocol_version(kProtocolVersion);
  config.hello.set_display_name(s.options.display_name);
  config.hello.set_token(s.options.token.empty() ? s.url->token : s.options.token);
  config.hello.set_client_id(s.options.client_id);
  config.hello.set_group(s.options.group);
  config.reconnect = s.options.reconnect;
  config.ping_interval = s.options.ping_interval;
  config.silence_timeout = s.options.silence_timeout;
  config.connect_timeout = s.options.connect_timeout;
  config.backoff_min = s.options.backoff_min;
  config.backoff_max = s.options.backoff_max;
  s.first_epoch = s.mailbox->epochs.load() + 1;
  s.mailbox->hello_clock = s.replica.hello_clock();
  s.conn = detail::make_connection(*io, std::move(config), s.mailbox);
  s.conn->start();
  s.status = ConnectionStatus::connecting;
}

void SyncClient::stop() {
  Impl& s = *impl_;
  if (!s.conn) return;
  auto conn = std::exchange(s.conn, nullptr);
  auto closed = std::make_shared<std::promise<void>>();
  auto done = closed->get_future();
  conn->stop([closed] { closed->set_value(); });
  conn.reset();
  asio::io_context* io = s.own_io ? s.own_io.get() : s.shared_io;
  // Waiting from inside the io_context's own thread would wait for ourselves.
  if (!io->get_executor().running_in_this_thread())
    done.wait_for(s.options.connect_timeout + std::chrono::milliseconds(500));
  if (s.own_io) {
    s.work.reset();
    s.own_io->stop();
    if (s.thread.joinable()) s.thread.join();
    s.own_io.reset();
  }
  s.process_inbox();  // what arrived before the close, and the close itself
  s.replica.on_disconnect();
  s.peers.clear();
  s.status = ConnectionStatus::stopped;
}

void SyncClient::drop_connection() {
  if (impl_->conn) impl_->conn->drop("connection dropped on request");
}

std::vector<ClientEvent> SyncClient::poll() {
  impl_->process_inbox();
  impl_->flush();
  return std::exchange(impl_->events, {});
}

Check SyncClient::edit(std::vector<pb::Op> ops, bool coalesce) { return impl_->replica.edit(std::move(ops), coalesce); }

Check SyncClient::set_presence(const pb::Presence& presence) {
  if (auto bad = check_presence(presence, Limits{})) return bad;
  impl_->presence = presence;
  impl_->presence_dirty = true;
  return std::nullopt;
}

void SyncClient::facilitate(const pb::Facilitate& command) {
  pb::ClientMessage m;
  *m.mutable_facilitate() = command;
  impl_->commands.push_back(encode(m));
}

void SyncClient::vote(const std::string& element_id, int delta) {
  pb::ClientMessage m;
  m.mutable_vote()->set_element(element_id);
  m.mutable_vote()->set_delta(delta);
  impl_->commands.push_back(encode(m));
}

pb::Role SyncClient::role() const { return impl_->role; }
const pb::FacilitationState& SyncClient::facilitation() const { return impl_->facilitation; }
const Replica& SyncClient::replica() const { return impl_->replica; }
const std::map<std::uint32_t, PeerState>& SyncClient::peers() const { return impl_->peers; }
ConnectionStatus SyncClient::status() const { return impl_->status; }
std::uint32_t SyncClient::session_id() const { return impl_->session_id; }
std::uint32_t SyncClient::color() const { return impl_->color; }
std::string SyncClient::room() const { return impl_->room; }
const std::string& SyncClient::client_id() const { return impl_->options.client_id; }

bool SyncClient::settled(std::chrono::milliseconds quiet) const {
  const Impl& s = *impl_;
  if (s.status != ConnectionStatus::connected || !s.replica.online() || s.replica.pending_count() != 0) return false;
  {
    std::lock_guard lock(s.mailbox->mu);
    if (!s.mailbox->inbox.empty()) return false;
  }
  const auto last = Clock::time_point(Clock::duration(s.mailbox->last_activity_ns.load()));
  return Clock::now() - last >= quiet;
}

}  // namespace pss::client
