// Internal to SyncClient: the network side of one participant. Owns the WebSocket,
// connects, says Hello, reads frames into the mailbox, pings, reconnects with backoff.
// Everything here runs on one strand of an io_context; the owner thread talks to it
// only through the thread-safe methods below and the Mailbox. No Beast in this header.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "client/core/sync_client.h"
#include "pss.pb.h"

namespace boost::asio::ssl {
class context;
}

namespace pss::client::detail {

// One thing that happened on the network, in order.
struct InboxItem {
  enum class Kind { opened, frame, closed } kind = Kind::frame;
  std::uint64_t epoch = 0;  // which connection attempt
  pb::ServerFrame frame;    // kind == frame
  // kind == closed:
  std::uint16_t close_code = 0;  // 0 when the socket failed without a close frame
  bool refused = false;          // a final refusal: no reconnect follows
  bool reconnecting = false;     // a new attempt follows after a backoff
  std::string text;              // why, for people
};

// The only state both threads touch.
struct Mailbox {
  std::mutex mu;
  std::deque<InboxItem> inbox;  // guarded by mu

  std::atomic<std::uint64_t> hello_clock{0};      // Hello.last_clock for the next connection
  std::atomic<std::int64_t> last_activity_ns{0};  // steady clock of the last Welcome/Patch/PushResult
  std::atomic<std::uint64_t> epochs{0};           // connection attempts so far, across restarts

  void post(InboxItem item) {
    std::lock_guard lock(mu);
    inbox.push_back(std::move(item));
  }
};

struct ConnectionConfig {
  ParsedUrl url;
  std::string ca_file;                             // named in certificate errors
  std::shared_ptr<boost::asio::ssl::context> tls;  // wss:// only: whom to trust
  pb::Hello hello;                                 // last_clock is filled in from Mailbox::hello_clock at each connect
  bool reconnect = true;
  std::chrono::milliseconds ping_interval{5000};
  std::chrono::milliseconds silence_timeout{10000};
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{5000};
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual void start() = 0;
  // Closes politely (bounded by connect_timeout), posts a `closed{stopped}` item, then
  // calls `done` on the network thread. No reconnect follows.
  virtual void stop(std::function<void()> done) = 0;
  // Sends encoded ClientMessages on connection `epoch`; dropped if that one is gone.
  virtual void send(std::uint64_t epoch, std::vector<std::string> messages) = 0;
  // Kills the current socket as a network failure would; reconnects as usual.
  virtual void drop(std::string why) = 0;
};

std::shared_ptr<Connection> make_connection(boost::asio::io_context& io, ConnectionConfig config,
                                            std::shared_ptr<Mailbox> mailbox);

// Close codes after which reconnecting cannot help.
bool is_final_refusal(std::uint16_t close_code);

}  // namespace pss::client::detail
