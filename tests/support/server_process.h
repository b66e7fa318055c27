// ServerProcess: runs the real pss-server binary as a child process for a test.
//
//   pss::test::ServerProcess server({"--tick-ms", "5"});   // throws if it cannot start
//   pss::test::TestClient c(server.port());
//   ...
//   // ~ServerProcess: SIGTERM, wait up to 3 s, then SIGKILL.
//
// The server is started with `--bind 127.0.0.1 --port 0 --log-level warn` followed by
// the extra arguments (later flags win, so extras may override these). Unless the
// extras name `--data` or `--in-memory`, it stores its rooms in a fresh temporary data
// directory, removed by the destructor. The port is
// learned from the one `listening on ADDR:PORT` line the server prints on stdout.
// The server's stderr (its log) goes to the test's stderr; set PSS_TEST_LOG_LEVEL=debug
// to see everything. The binary is PSS_SERVER_BINARY (compile definition set by
// pss_test_support), overridable with the environment variable of the same name.
// The child gets SIGKILL if the test process dies, so no server outlives a crash.
// With PSS_TEST_TLS=1 (test_tls.h) and no --tls-cert in the extras, it serves wss://
// with the test certificate.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pss::test {

// Path of the pss-server binary under test.
std::string server_binary();

// Runs `pss-server ARGS...` (a tool subcommand such as `room create NAME --data DIR`)
// to its end. Returns its stdout; `exit_status` gets its exit status (-1: no start).
std::string run_server_command(const std::vector<std::string>& args, int* exit_status = nullptr);

// `pss-server room create|tokens ROOM --data DIR`: the join tokens by role name
// ("FACILITATOR", "PARTICIPANT", "OBSERVER"); empty if the command failed.
std::map<std::string, std::string> room_tokens(const std::string& data_dir, const std::string& room,
                                               bool reissue = false);

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra_args = {},
                         std::chrono::milliseconds startup_timeout = std::chrono::seconds(10));
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  // The temporary data directory (empty when the caller chose --data or --in-memory).
  const std::string& data_dir() const { return own_data_dir_; }
  const std::string& host() const { return host_; }
  pid_t pid() const { return pid_; }
  // ws://HOST:PORT/rooms/ROOM, or wss:// when the server speaks TLS
  std::string url(std::string_view room) const;
  bool tls() const { return tls_; }

  // True while the child has not exited.
  bool running();
  // Sends `signal` (SIGTERM by default) and waits for the exit. Returns the exit status
  // (0..255), 128+N if killed by signal N, or -1 if it did not exit within `timeout`
  // (it is then killed with SIGKILL).
  int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(5), int signal = 15);

 private:
  bool reap(bool block);

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int exit_status_ = -1;
  std::uint16_t port_ = 0;
  std::string host_;
  std::string own_data_dir_;
  bool tls_ = false;
};

}  // namespace pss::test
