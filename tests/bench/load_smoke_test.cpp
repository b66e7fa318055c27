// pss-load against the real pss-server on an ephemeral port, a few seconds, ~20
// clients: the tooling works end to end and nothing is lost. Speed is not checked
// here (scripts/bench measures it); only that latencies were measured at all.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "server_process.h"

namespace {

struct LoadRun {
  int exit_code = -1;
  std::string json;  // the one-line result (stdout)
};

LoadRun run_load(const std::vector<std::string>& args) {
  std::string command = PSS_LOAD_BINARY;
  for (const auto& a : args) command += " '" + a + "'";
  LoadRun run;
  FILE* out = popen(command.c_str(), "r");  // the human summary goes to the test's stderr
  if (!out) return run;
  std::array<char, 4096> buf;
  while (std::fgets(buf.data(), buf.size(), out)) run.json += buf.data();
  const int status = pclose(out);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// A number from the flat JSON result; NaN if the key is missing.
double field(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return std::nan("");
  return std::strtod(json.c_str() + at + key.size() + 3, nullptr);
}

std::vector<std::string> base_args(const pss::test::ServerProcess& server) {
  return {
      "--port", std::to_string(server.port()), "--server-pid", std::to_string(server.pid()), "--ramp", "0.2", "--drain",
      "5"};
}

TEST(LoadSmoke, WorkshopOnRealServerLosesNothing) {
  pss::test::ServerProcess server;
  auto args = base_args(server);
  args.insert(args.end(), {"--preset", "workshop", "--clients", "20", "--duration", "2", "--presence-hz", "5"});
  const LoadRun run = run_load(args);
  ASSERT_EQ(run.exit_code, 0) << run.json;
  EXPECT_EQ(field(run.json, "connected"), 20) << run.json;
  EXPECT_EQ(field(run.json, "connection_errors"), 0) << run.json;
  // 20 draggers at 30 Hz for 2 s, each drag to 19 peers.
  EXPECT_GT(field(run.json, "drags_sent"), 20 * 30) << run.json;
  EXPECT_EQ(field(run.json, "expected_deliveries"), field(run.json, "drags_sent") * 19) << run.json;
  EXPECT_EQ(field(run.json, "deliveries"), field(run.json, "expected_deliveries")) << run.json;
  EXPECT_EQ(field(run.json, "lost"), 0) << run.json;
  EXPECT_EQ(field(run.json, "unknown_deliveries"), 0) << run.json;
  EXPECT_EQ(field(run.json, "rejected_pushes"), 0) << run.json;
  EXPECT_EQ(field(run.json, "decode_errors"), 0) << run.json;
  EXPECT_GT(field(run.json, "presence_received"), 0) << run.json;
  EXPECT_GT(field(run.json, "p50_ms"), 0) << run.json;
  EXPECT_GE(field(run.json, "max_ms"), field(run.json, "p99_ms")) << run.json;
  EXPECT_GT(field(run.json, "server_cpu_s"), 0) << run.json;
  EXPECT_GT(field(run.json, "server_rss_kib"), 0) << run.json;
}

TEST(LoadSmoke, RoomsAreSeparate) {
  // 3 rooms of 4, one dragger each: each drag reaches the 3 others of its room only.
  pss::test::ServerProcess server;
  auto args = base_args(server);
  args.insert(args.end(), {"--clients", "12", "--rooms", "3", "--draggers", "1", "--drag-hz", "20", "--duration", "1"});
  const LoadRun run = run_load(args);
  ASSERT_EQ(run.exit_code, 0) << run.json;
  EXPECT_EQ(field(run.json, "expected_deliveries"), field(run.json, "drags_sent") * 3) << run.json;
  EXPECT_EQ(field(run.json, "deliveries"), field(run.json, "expected_deliveries")) << run.json;
  EXPECT_EQ(field(run.json, "connection_errors"), 0) << run.json;
}

TEST(LoadSmoke, JoinStormMeasuresJoins) {
  pss::test::ServerProcess server;
  auto args = base_args(server);
  args.insert(args.end(), {"--preset", "join-storm", "--clients", "10", "--map-elements", "1500"});
  const LoadRun run = run_load(args);
  ASSERT_EQ(run.exit_code, 0) << run.json;
  EXPECT_EQ(field(run.json, "joins"), 10) << run.json;
  EXPECT_EQ(field(run.json, "connection_errors"), 0) << run.json;
  EXPECT_GT(field(run.json, "join_p50_ms"), 0) << run.json;
  // /proc counts CPU in 10 ms ticks: ten small joins may round to 0, but it was read.
  EXPECT_GE(field(run.json, "server_cpu_s"), 0) << run.json;
  EXPECT_GE(field(run.json, "server_ms_per_join"), 0) << run.json;
}

TEST(LoadSmoke, UnreachableServerIsReportedNotHung) {
  std::uint16_t port = 0;
  {
    pss::test::ServerProcess gone;  // a port that was just free
    port = gone.port();
  }
  const LoadRun run = run_load({"--port", std::to_string(port), "--clients", "3", "--duration", "1"});
  EXPECT_EQ(run.exit_code, 1) << run.json;
  EXPECT_EQ(field(run.json, "connection_errors"), 3) << run.json;
  EXPECT_EQ(field(run.json, "connected"), 0) << run.json;
}

TEST(LoadSmoke, BadFlagsAreRefused) {
  EXPECT_EQ(run_load({"--port", "1", "--clients", "2", "--rooms", "5"}).exit_code, 2);
  EXPECT_NE(run_load({"--port", "1", "--preset", "no-such"}).exit_code, 0);
  EXPECT_EQ(run_load({"--port", "1", "--target", "yjs", "--map-elements", "10"}).exit_code, 2);
}

}  // namespace
