#include "ws_session.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "access.h"
#include "model/validation.h"
#include "room.h"
#include "wire.h"

namespace pss::server {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
// A session waits for its next message with a small buffer: most messages (a drag, a
// cursor) are under 100 bytes, and of 10,000 idle sessions each kept a page of a
// 64 KiB buffer resident. A longer message is read on in kReadChunk steps.
constexpr std::size_t kFirstRead = 1024;

bool is_routine_disconnect(beast::error_code ec) {
  return ec == net::error::operation_aborted || ec == websocket::error::closed || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe || ec == beast::error::timeout;
}

std::string body_name(const pb::ClientMessage& msg) {
  const auto* field = pb::ClientMessage::descriptor()->FindFieldByNumber(msg.body_case());
  return field ? field->name() : "no body";
}

}  // namespace

WsSession::WsSession(FlexStream&& stream, std::shared_ptr<ServerContext> ctx, std::string room_name,
                     ConnectionLimiter::Slot slot)
    : ws_(std::move(stream)),
      ctx_(std::move(ctx)),
      slot_(std::move(slot)),
      room_name_(std::move(room_name)),
      hello_timer_(ws_.get_executor()),
      close_timer_(ws_.get_executor()),
      throttle_timer_(ws_.get_executor()),
      push_bucket_(ctx_->options.max_pushes_per_second, 2 * ctx_->options.max_pushes_per_second),
      op_bucket_(ctx_->options.max_ops_per_second, 2 * ctx_->options.max_ops_per_second),
      presence_bucket_(ctx_->options.max_presence_per_second, 2 * ctx_->options.max_presence_per_second),
      queue_(ctx_->options.send_queue_bytes, ctx_->options.max_batch_bytes) {
  beast::error_code ec;
  const auto endpoint = beast::get_lowest_layer(ws_).socket().remote_endpoint(ec);
  remote_ = ec ? "?" : endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

WsSession::~WsSession() {
  ctx_->sessions.remove(this);
  // While stopping, the io_context may be tearing down: post nothing more to it.
  if (room_ && session_id_ != 0 && !ctx_->stopping) room_->leave(session_id_);
  spdlog::debug("{} session {} destroyed", remote_, session_id_);
}

void WsSession::run(http::request<http::string_body> request) {
  ctx_->sessions.add(shared_from_this());
  const auto& opt = ctx_->options;
  // Beast's own timers: upgrade and close handshakes, and idle detection with pings.
  websocket::stream_base::timeout timeouts{opt.handshake_timeout, opt.idle_timeout, true};
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "pss-server"); }));
  ws_.read_message_max(0);  // the limit is enforced in on_read, with a close reason
  ws_.binary(true);
  ws_.async_accept(request, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
}

void WsSession::on_accept(beast::error_code ec) {
  if (ec) return fail(ec, "accept");
  if (state_ != State::accepting) return;  // closed while the handshake ran
  state_ = State::awaiting_hello;
  spdlog::debug("{} websocket open for room {}", remote_, room_name_);
  if (close_pending_) return start_close(close_code_, close_reason_);
  if (ctx_->stopping) return start_close(CloseCode::going_away, "server shutting down");

  hello_timer_.expires_after(ctx_->options.handshake_timeout);
  hello_timer_.async_wait([self = shared_from_this()](beast::error_code timer_ec) {
    if (!timer_ec && self->state_ == State::awaiting_hello)
      self->start_close(CloseCode::timeout,
                        "no Hello within " + std::to_string(self->ctx_->options.handshake_timeout.count()) + " ms");
  });
  do_read();
}

void WsSession::do_read() {
  if (state_ != State::awaiting_hello && state_ != State::joined) return;
  if (room_backlog_ >= kMaxRoomBacklog) {
    read_paused_ = true;
    return;
  }
  if (TokenBucket::Clock::now() < throttled_until_) {  // over its rate: read again later
    if (!throttle_armed_) {
      throttle_armed_ = true;
      throttle_timer_.expires_at(throttled_until_);
      throttle_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        self->throttle_armed_ = false;
        if (!ec) self->do_read();
      });
    }
    return;
  }
  // Read at most one byte past the limit: enough to know the message is too big.
  const std::size_t limit =
      ctx_->options.max_message_bytes + 1 - std::min(buffer_.size(), ctx_->options.max_message_bytes);
  const std::size_t chunk = buffer_.size() == 0 ? kFirstRead : kReadChunk;
  ws_.async_read_some(buffer_, std::min(limit, chunk),
                      beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
}

void WsSession::on_read(beast::error_code ec, std::size_t) {
  if (ec) return fail(ec, "read");
  if (state_ != State::awaiting_hello && state_ != State::joined) return;
  if (ws_.got_text())
    return start_close(CloseCode::unsupported_data, "text frames are not accepted: send binary protobuf ClientMessage");
  if (buffer_.size() > ctx_->options.max_message_bytes)
    return start_close(CloseCode::too_big,
                       "message larger than " + std::to_string(ctx_->options.max_message_bytes) + " bytes");
  if (!ws_.is_message_done()) return do_read();

  const auto data = buffer_.cdata();
  on_message(std::string_view(static_cast<const char*>(data.data()), data.size()));
  buffer_.consume(buffer_.size());
  if (buffer_.capacity() > kFirstRead) buffer_.shrink_to_fit();  // idle sessions keep little memory
  do_read();
}

void WsSession::on_message(std::string_view bytes) {
  auto msg = std::make_shared<pb::ClientMessage>();
  if (!msg->ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return start_close(CloseCode::bad_request,
                       "could not decode ClientMessage (" + std::to_string(bytes.size()) + " bytes)");
  spdlog::debug("{} session {}: {} ({} bytes)", remote_, session_id_, body_name(*msg), bytes.size());

  if (msg->body_case() == pb::ClientMessage::kHello) {
    if (state_ != State::awaiting_hello) return start_close(CloseCode::bad_request, "second Hello on one connection");
    return on_hello(std::move(msg));
  }
  if (msg->body_case() == pb::ClientMessage::BODY_NOT_SET)
    return start_close(CloseCode::bad_request, "ClientMessage has no body this server knows");
  if (state_ != State::joined) return start_close(CloseCode::bad_request, "Hello must be the first message");

  switch (msg->body_case()) {
    case pb::ClientMessage::kPush: {
      const auto now = TokenBucket::Clock::now();
      const auto wait = std::max(push_bucket_.take(1, now), op_bucket_.take(msg->push().ops_size(), now));
      if (wait > TokenBucket::Clock::duration::zero()) throttled_until_ = now + wait;
      ++room_backlog_;
      room_->push(shared_from_this(), session_id_, std::move(msg));
      break;
    }
    case pb::ClientMessage::kPresence:
      if (!presence_bucket_.try_take(TokenBucket::Clock::now())) {
        if (presence_dropped_++ % 1000 == 0)
          spdlog::debug("{} session {}: presence over the rate limit dropped", remote_, session_id_);
        break;
      }
      // Validated here, off the room strand; a bad presence is answered, not fatal.
      if (auto bad = check_presence(msg->presence(), ctx_->limits)) {
        enqueue(Chunk::whole(encode_error(bad->reason, "presence: " + bad->detail)));
      } else {
        ++room_backlog_;
        room_->presence(shared_from_this(), session_id_, std::move(msg));
      }
      break;
    case pb::ClientMessage::kPing: enqueue(Chunk::whole(encode_pong(msg->ping().nonce()))); break;
    case pb::ClientMessage::kFacilitate:
    case pb::ClientMessage::kVote:
      // Rare and small; the push rate limit covers them too, so they cannot flood the room.
      if (!push_bucket_.try_take(TokenBucket::Clock::now())) {
        enqueue(Chunk::whole(encode_error(pb::RATE_LIMITED, "too many facilitation messages; slow down")));
        break;
      }
      ++room_backlog_;
      room_->facilitate(shared_from_this(), session_id_, std::move(msg));
      break;
    default: break;
  }
  if (!writing_) do_write();
}

void WsSession::on_hello(std::shared_ptr<pb::ClientMessage> msg) {
  const pb::Hello& hello = msg->hello();
  if (hello.protocol_version() < kMinProtocolVersion || hello.protocol_version() > kProtocolVersion)
    return start_close(CloseCode::version_too_old, "protocol version " + std::to_string(hello.protocol_version()) +
                                                       " not supported; server speaks " +
                                                       std::to_string(kMinProtocolVersion) + ".." +
                                                       std::to_string(kProtocolVersion));
  if (auto bad = check_display_name(hello.display_name(), ctx_->limits))
    return start_close(CloseCode::bad_request, "display name: " + bad->detail);
  if (!hello.client_id().empty())
    if (auto bad = check_id(hello.client_id(), ctx_->limits, "client_id"))
      return start_close(CloseCode::bad_request, bad->detail);
  if (!pb::StakeholderGroup_IsValid(hello.group()))
    return start_close(CloseCode::bad_request, "unknown stakeholder group");

  // The role comes from the token alone (access.h).
  const Admission admission = admit(ctx_->options.data_dir, room_name_, hello.token(), ctx_->options.open_join);
  if (admission.refused) return start_close(close_code_for(admission.refused->reason), admission.refused->detail);

  hello_timer_.cancel();
  std::string error;
  room_ = ctx_->registry.get_or_create(room_name_, &error);
  if (!room_) return start_close(CloseCode::server_error, error);
  state_ = State::joined;
  session_id_ = room_->allocate_session_id();
  ++room_backlog_;
  room_->join(shared_from_this(), session_id_, std::move(msg), admission.role);
}

void WsSession::on_room_done() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    --self->room_backlog_;
    if (self->read_paused_ && self->room_backlog_ <= kMaxRoomBacklog / 2) {
      self->read_paused_ = false;
      self->do_read();
    }
  });
}

void WsSession::deliver(Chunk chunk) {
  net::post(ws_.get_executor(), [self = shared_from_this(), chunk = std::move(chunk)]() mutable {
    if (self->enqueue(std::move(chunk)) && !self->writing_) self->do_write();
  });
}

void WsSession::deliver(std::vector<Chunk> chunks) {
  net::post(ws_.get_executor(), [self = shared_from_this(), chunks = std::move(chunks)]() mutable {
    for (Chunk& c : chunks)
      if (!self->enqueue(std::move(c))) return;
    if (!self->writing_) self->do_write();
  });
}

bool WsSession::enqueue(Chunk chunk) {
  if (state_ != State::awaiting_hello && state_ != State::joined) return false;
  if (queue_.push(std::move(chunk)) == SendQueue::Result::overflow) {
    start_close(CloseCode::too_slow, "too slow: over " + std::to_string(ctx_->options.send_queue_bytes) +
                                         " bytes waiting to be sent; reconnect to catch up");
    return false;
  }
  return true;
}

void WsSession::do_write() {
  if (writing_ || !queue_.ready()) return;
  writing_ = true;
  write_buffers_.clear();
  for (const Chunk& c : queue_.start_batch()) write_buffers_.emplace_back(c.data->data() + c.offset, c.size);
  ws_.async_write(write_buffers_, beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
}

void WsSession::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  queue_.finish_batch();
  if (ec) {
    if (!is_routine_disconnect(ec)) spdlog::debug("{} session {} write: {}", remote_, session_id_, ec.message());
    finish();  // the connection is broken, whatever we were doing
    beast::get_lowest_layer(ws_).close();
    return;
  }
  if (state_ == State::closing) return do_close();
  if (state_ == State::done) return;
  do_write();
}

void WsSession::close(CloseCode code, std::string reason) {
  net::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
    self->start_close(code, std::move(reason));
  });
}

void WsSession::start_close(CloseCode code, std::string reason) {
  if (state_ == State::closing || state_ == State::done) return;
  close_code_ = code;
  close_reason_ = close_reason_text(reason);
  if (state_ == State::accepting) {  // the handshake is running: close right after it
    close_pending_ = true;
    return;
  }
  state_ = State::closing;
  const auto level =
      code == CloseCode::going_away || code == CloseCode::normal ? spdlog::level::debug : spdlog::level::info;
  spdlog::log(level, "{} session {} room {}: closing {}: {}", remote_, session_id_, room_name_, static_cast<int>(code),
              close_reason_);
  hello_timer_.cancel();
  throttle_timer_.cancel();
  queue_.clear_waiting();
  // A client that reads nothing can block the write in flight forever: cut it off.
  close_timer_.expires_after(ctx_->options.handshake_timeout);
  close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec && self->state_ != State::done) {
      spdlog::debug("{} close handshake timed out", self->remote_);
      self->finish();
      beast::get_lowest_layer(self->ws_).close();
    }
  });
  if (!writing_) do_close();
}

void WsSession::do_close() {
  ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(close_code_), close_reason_),
                  beast::bind_front_handler(&WsSession::on_closed, shared_from_this()));
}

void WsSession::on_closed(beast::error_code ec) {
  if (ec && !is_routine_disconnect(ec)) spdlog::debug("{} close: {}", remote_, ec.message());
  finish();
}

void WsSession::finish() {
  state_ = State::done;
  hello_timer_.cancel();
  close_timer_.cancel();
  throttle_timer_.cancel();
}

void WsSession::fail(beast::error_code ec, const char* what) {
  if (!is_routine_disconnect(ec)) spdlog::debug("{} session {} {}: {}", remote_, session_id_, what, ec.message());
  if (state_ == State::accepting) state_ = State::done;
  // While closing, the close operation (or its timer) decides when we are done.
  if (state_ == State::closing) return;
  finish();
  beast::get_lowest_layer(ws_).close();  // ends the other direction's operation too
}

}  // namespace pss::server
