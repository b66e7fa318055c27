#include "server_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "test_tls.h"

#ifndef PSS_SERVER_BINARY
#define PSS_SERVER_BINARY "pss-server"
#endif

namespace pss::test {
namespace {

using Clock = std::chrono::steady_clock;

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string server_binary() {
  if (const char* env = std::getenv("PSS_SERVER_BINARY"); env && *env) return env;
  return PSS_SERVER_BINARY;
}

std::string run_server_command(const std::vector<std::string>& args, int* exit_status) {
  std::string command = server_binary();
  for (const auto& a : args) command += " '" + a + "'";  // test-made arguments: no quotes inside
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) {
    if (exit_status) *exit_status = -1;
    return out;
  }
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  const int status = ::pclose(pipe);
  if (exit_status) *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::map<std::string, std::string> room_tokens(const std::string& data_dir, const std::string& room, bool reissue) {
  int status = -1;
  const std::string out =
      run_server_command({"room", reissue ? "tokens" : "create", room, "--data", data_dir}, &status);
  std::map<std::string, std::string> tokens;
  if (status != 0) return tokens;
  // Lines "ROLE  ws://HOST:PORT/rooms/ROOM?token=HEX".
  std::size_t pos = 0;
  while (pos < out.size()) {
    const std::size_t end = std::min(out.find('\n', pos), out.size());
    const std::string line = out.substr(pos, end - pos);
    pos = end + 1;
    const auto space = line.find(' ');
    const auto token = line.find("?token=");
    if (space != std::string::npos && token != std::string::npos)
      tokens[line.substr(0, space)] = line.substr(token + 7);
  }
  return tokens;
}

ServerProcess::ServerProcess(std::vector<std::string> extra_args, std::chrono::milliseconds startup_timeout) {
  const char* level = std::getenv("PSS_TEST_LOG_LEVEL");
  std::vector<std::string> args = {
      server_binary(), "--bind", "127.0.0.1", "--port", "0", "--log-level", level && *level ? level : "warn"};
  const auto has = [&](std::string_view flag) {
    return std::find(extra_args.begin(), extra_args.end(), flag) != extra_args.end();
  };
  if (!has("--data") && !has("--in-memory")) {
    std::string dir = (std::filesystem::temp_directory_path() / "pss-test-data.XXXXXX").string();
    if (!mkdtemp(dir.data())) throw std::runtime_error("mkdtemp failed");
    own_data_dir_ = dir;
    args.insert(args.end(), {"--data", dir});
  }
  // Two I/O threads whatever the machine (the default is one on 2 cores), so every
  // integration test crosses threads and ThreadSanitizer sees the hand-offs.
  if (!has("--threads") && std::filesystem::path(args[0]).filename() == "pss-server")
    args.insert(args.end(), {"--threads", "2"});
  if (tls_by_default() && !has("--tls-cert")) {
    const TlsFiles& tls = tls_files();
    args.insert(args.end(), {"--tls-cert", tls.cert, "--tls-key", tls.key});
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  tls_ = std::find(args.begin(), args.end(), "--tls-cert") != args.end();

  std::vector<char*> argv;  // built before fork: the child may only exec
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl
    dup2(fds[1], STDOUT_FILENO);          // dup2 clears O_CLOEXEC on the copy
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  stdout_fd_ = fds[0];

  // Read stdout up to the "listening on ADDR:PORT" line.
  std::string out;
  const auto deadline = Clock::now() + startup_timeout;
  while (out.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{stdout_fd_, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) {
      terminate(std::chrono::seconds(1), SIGKILL);
      throw std::runtime_error("pss-server did not print 'listening on' in time: " + args[0]);
    }
    char buf[256];
    const ssize_t n = read(stdout_fd_, buf, sizeof buf);
    if (n <= 0) {
      terminate(std::chrono::seconds(1), SIGKILL);
      throw std::runtime_error("pss-server exited before listening (" + args[0] + "): '" + out + "'");
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  const std::string line = out.substr(0, out.find('\n'));
  const std::string prefix = "listening on ";
  const auto colon = line.rfind(':');
  if (line.rfind(prefix, 0) != 0 || colon == std::string::npos) {
    terminate(std::chrono::seconds(1), SIGKILL);
    throw std::runtime_error("unexpected first line from pss-server: '" + line + "'");
  }
  host_ = line.substr(prefix.size(), colon - prefix.size());
  port_ = static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    // A server still running at the end of a test must shut down cleanly: an error
    // exit here is a sanitizer's report (a leak, a race) or a crash on shutdown.
    const int status = terminate(std::chrono::seconds(10));
    if (status > 0 && status != 128 + SIGKILL)
      ADD_FAILURE() << "pss-server exited with status " << status
                    << " when stopped at the end of the test (see its output above)";
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  std::error_code ignored;
  if (!own_data_dir_.empty()) std::filesystem::remove_all(own_data_dir_, ignored);
}

std::string ServerProcess::url(std::string_view room) const {
  return (tls_ ? "wss://" : "ws://") + host_ + ":" + std::to_string(port_) + "/rooms/" + std::string(room);
}

bool ServerProcess::reap(bool block) {
  if (pid_ <= 0) return true;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r == pid_) {
    exit_status_ = decode_status(status);
    pid_ = -1;
    return true;
  }
  return r < 0;  // not our child any more: treat as gone
}

bool ServerProcess::running() { return !reap(false); }

int ServerProcess::terminate(std::chrono::milliseconds timeout, int signal) {
  if (pid_ <= 0) return exit_status_;
  kill(pid_, signal);
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (reap(false)) return exit_status_;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid_, SIGKILL);
  reap(true);
  return -1;
}

}  // namespace pss::test
