// What the real pss-server checks at the door: TLS (wss://) with a certificate made at
// test time, and the Origin allow-list. Each refusal is clear, and the server stays up
// and keeps serving the clients it should.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "client/core/history_fetch.h"
#include "client/core/sync_client.h"
#include "ops.h"
#include "server_process.h"
#include "test_client.h"
#include "test_tls.h"

namespace pss::test {
namespace {

using namespace std::chrono_literals;

ServerProcess tls_server(std::vector<std::string> extra = {}) {
  extra.insert(extra.end(), {"--tls-cert", tls_files().cert, "--tls-key", tls_files().key, "--tick-ms", "5"});
  return ServerProcess(extra);
}
ClientTls trusting() { return {true, tls_files().cert}; }

// One edit from one client reaches another: the room works for these two.
void expect_room_works(TestClient& a, TestClient& b, const std::string& room) {
  ASSERT_TRUE(a.join(room, "Ann"));
  ASSERT_TRUE(b.join(room, "Bob"));
  ASSERT_TRUE(a.send_push(1, {put_element("card-1")}));
  auto patch = b.next_of(pb::ServerMessage::kPatch);
  ASSERT_TRUE(patch);
  EXPECT_EQ(patch->patch().changes(0).ops(0).put().element().id(), "card-1");
}

void expect_healthy(const ServerProcess& server, ClientTls tls) {
  const HttpReply health = http_get(server.port(), "/healthz", "127.0.0.1", kTimeout, tls);
  EXPECT_EQ(health.status, 200) << health.error;
}

// Runs a client SyncClient until it is connected or refused; returns its events.
std::vector<client::ClientEvent> run_until_settled(client::SyncClient& c) {
  std::vector<client::ClientEvent> events;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    for (auto& e : c.poll()) events.push_back(std::move(e));
    if (c.status() == client::ConnectionStatus::refused || c.replica().online()) break;
    std::this_thread::sleep_for(5ms);
  }
  return events;
}

client::ClientOptions sync_options(const std::string& url, std::string ca_file) {
  client::ClientOptions o;
  o.url = url;
  o.display_name = "Sync";
  o.ca_file = std::move(ca_file);
  o.backoff_min = 20ms;
  o.backoff_max = 100ms;
  return o;
}

TEST(Tls, WssClientsTrustingTheCaShareARoom) {
  ServerProcess server = tls_server();
  ASSERT_TRUE(server.tls());
  EXPECT_TRUE(server.url("r").starts_with("wss://"));
  TestClient a(server.port(), "127.0.0.1", trusting()), b(server.port(), "127.0.0.1", trusting());
  expect_room_works(a, b, "tls-room");
  expect_healthy(server, trusting());
}

TEST(Tls, SyncClientJoinsOverWss) {
  ServerProcess server = tls_server();
  client::SyncClient c(sync_options(server.url("sync"), tls_files().cert));
  c.start();
  run_until_settled(c);
  EXPECT_TRUE(c.replica().online());
  EXPECT_EQ(c.status(), client::ConnectionStatus::connected);
}

TEST(Tls, RecordingIsFetchedOverHttps) {
  ServerProcess server = tls_server();
  TestClient a(server.port(), "127.0.0.1", trusting()), b(server.port(), "127.0.0.1", trusting());
  expect_room_works(a, b, "recorded");
  ASSERT_TRUE(a.push_result(1));  // committed, so on disk
  auto fetch = [&](const std::string& ca) {
    client::HistoryFetch f(server.url("recorded"), 5s, ca);
    const auto deadline = std::chrono::steady_clock::now() + 6s;
    while (!f.finished() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    return f.take().value_or(client::HistoryResult{std::nullopt, "no result in time"});
  };
  const client::HistoryResult trusted = fetch(tls_files().cert);
  EXPECT_TRUE(trusted.timeline) << trusted.error;
  const client::HistoryResult stranger = fetch("");
  EXPECT_FALSE(stranger.timeline);
  EXPECT_NE(stranger.error.find("certificate of 127.0.0.1:"), std::string::npos) << stranger.error;
}

TEST(Tls, ClientWithoutTheCaIsRefusedWithACertificateError) {
  ServerProcess server = tls_server();
  TestClient stranger(server.port(), "127.0.0.1", ClientTls{true, ""});  // trusts the system's CAs only
  const std::string error = stranger.connect("/rooms/x");
  EXPECT_TRUE(error.starts_with("TLS certificate refused: ")) << error;
  EXPECT_NE(error.find("self-signed"), std::string::npos) << error;

  client::SyncClient c(sync_options(server.url("x"), ""));
  c.start();
  const auto events = run_until_settled(c);
  ASSERT_EQ(c.status(), client::ConnectionStatus::refused) << "retrying instead of refusing";
  ASSERT_FALSE(events.empty());
  EXPECT_NE(events.back().text.find("TLS certificate of 127.0.0.1:"), std::string::npos) << events.back().text;
  EXPECT_NE(events.back().text.find("--ca-file"), std::string::npos) << events.back().text;
  // No silent retry loop: still refused after many backoff periods.
  std::this_thread::sleep_for(300ms);
  c.poll();
  EXPECT_EQ(c.status(), client::ConnectionStatus::refused);

  ASSERT_TRUE(server.running());
  TestClient a(server.port(), "127.0.0.1", trusting()), b(server.port(), "127.0.0.1", trusting());
  expect_room_works(a, b, "after-refusal");
}

TEST(Tls, CertificateForAnotherHostIsRefused) {
  const std::string dir = std::filesystem::path(tls_files().cert).parent_path().string();
  const TlsFiles other = make_certificate(dir, "elsewhere", "DNS:board.example");
  ServerProcess server({"--tls-cert", other.cert, "--tls-key", other.key});
  TestClient c(server.port(), "127.0.0.1", ClientTls{true, other.cert});  // trusted, but not for 127.0.0.1
  const std::string error = c.connect("/rooms/x");
  EXPECT_TRUE(error.starts_with("TLS certificate refused: ")) << error;
  EXPECT_NE(error.find("mismatch"), std::string::npos) << error;
  const HttpReply https = http_get(server.port(), "/healthz", "127.0.0.1", kTimeout, ClientTls{true, other.cert});
  EXPECT_EQ(https.status, 0);
  EXPECT_NE(https.error.find("mismatch"), std::string::npos) << https.error;
  EXPECT_TRUE(server.running());
}

TEST(Tls, PlainClientOnTheTlsPortGetsAClearRefusal) {
  ServerProcess server = tls_server();
  TestClient plain(server.port(), "127.0.0.1", ClientTls{});
  const std::string error = plain.connect("/rooms/x");
  EXPECT_TRUE(error.starts_with("HTTP 400: this server speaks TLS only")) << error;

  client::SyncClient c(sync_options("ws://127.0.0.1:" + std::to_string(server.port()) + "/rooms/x", ""));
  c.start();
  const auto events = run_until_settled(c);
  ASSERT_EQ(c.status(), client::ConnectionStatus::refused);
  ASSERT_FALSE(events.empty());
  EXPECT_NE(events.back().text.find("wss://"), std::string::npos) << events.back().text;

  const HttpReply http = http_get(server.port(), "/healthz", "127.0.0.1", kTimeout, ClientTls{});
  EXPECT_EQ(http.status, 400);
  ASSERT_TRUE(server.running());
  expect_healthy(server, trusting());
}

TEST(Tls, WssClientOnAPlainPortFailsCleanly) {
  ServerProcess server({"--tick-ms", "5"}, std::chrono::seconds(10));
  if (server.tls()) GTEST_SKIP() << "this run serves wss:// everywhere";
  TestClient c(server.port(), "127.0.0.1", trusting());
  const std::string error = c.connect("/rooms/x");
  EXPECT_TRUE(error.starts_with("TLS handshake: ")) << error;
  TestClient a(server.port(), "127.0.0.1", ClientTls{}), b(server.port(), "127.0.0.1", ClientTls{});
  expect_room_works(a, b, "plain");
}

TEST(Tls, UnusableCertificateStopsTheServerWithAReason) {
  const std::string cmd = server_binary() + " --port 0 --in-memory --tls-cert " + tls_files().key + " --tls-key " +
                          tls_files().key + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buf[1024];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << output;
  EXPECT_NE(output.find("cannot use TLS certificate " + tls_files().key), std::string::npos) << output;
}

class Origin : public ::testing::Test {
 protected:
  ServerProcess server{{"--allow-origin", "https://board.example", "--allow-origin", "http://localhost:8000"}};
  std::uint16_t port() const { return server.port(); }
};

TEST_F(Origin, DisallowedBrowserOriginGets403WithAReason) {
  TestClient c(port());
  c.set_origin("https://evil.example");
  const std::string error = c.connect("/rooms/o");
  EXPECT_TRUE(error.starts_with("HTTP 403: origin not allowed: https://evil.example")) << error;
  ASSERT_TRUE(server.running());
}

TEST_F(Origin, ListedOriginsAnyCaseAndNoOriginAreAllowed) {
  TestClient listed(port()), upper(port()), desktop(port());
  listed.set_origin("http://localhost:8000");
  upper.set_origin("HTTPS://Board.Example");
  EXPECT_TRUE(listed.join("o", "Listed"));
  EXPECT_TRUE(upper.join("o", "Upper"));
  EXPECT_TRUE(desktop.join("o", "Desktop"));  // no Origin header at all
}

TEST_F(Origin, APortIsPartOfTheOrigin) {
  TestClient c(port());
  c.set_origin("http://localhost:9000");
  EXPECT_TRUE(c.connect("/rooms/o").starts_with("HTTP 403")) << "only :8000 is listed";
}

TEST(OriginDefault, WithoutAListAnyOriginMayConnect) {
  ServerProcess server;
  TestClient c(server.port());
  c.set_origin("https://anywhere.example");
  EXPECT_TRUE(c.join("o", "Browser"));
}

}  // namespace
}  // namespace pss::test
