// Server: the io_context, its threads, the listener, and an orderly shutdown.
// N threads run one io_context; concurrency comes from strands (one per connection,
// one per room), not from locks.
//
// Shutdown (SIGINT, SIGTERM or stop()): stop accepting, close every WebSocket with
// 1001 and a reason, wait up to kShutdownGrace for the close handshakes, then stop;
// then snapshot every moved room and write everything queued to disk.
#pragma once

#include <chrono>
#include <memory>

#include "listener.h"
#include "net.h"
#include "server_context.h"
#include "server_options.h"

namespace pss::server {

class Server {
 public:
  static constexpr std::chrono::milliseconds kShutdownGrace{2000};

  // Binds and listens at once; throws boost::system::system_error if that fails.
  explicit Server(ServerOptions options);
  ~Server();

  tcp::endpoint endpoint() const { return listener_->local_endpoint(); }
  RoomRegistry& registry() { return ctx_->registry; }
  net::io_context& io_context() { return ioc_; }
  // Runs options.threads threads (the caller's included) until the server has stopped.
  void run();
  // Thread-safe: begins the orderly shutdown described above.
  void stop();

 private:
  void wait_for_signal();
  void begin_shutdown();
  void poll_shutdown(std::chrono::steady_clock::time_point deadline);

  net::io_context ioc_;
  std::shared_ptr<ServerContext> ctx_;
  std::shared_ptr<Listener> listener_;
  Strand control_;  // signals and the shutdown sequence
  net::signal_set signals_;
  net::steady_timer shutdown_timer_;
};

}  // namespace pss::server
