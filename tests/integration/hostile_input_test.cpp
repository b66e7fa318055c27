// The hostile-input catalogue, continued (bad_input_test.cpp has the first rows):
// tables of pushes the server must reject with a given reason and of messages it must
// close with a given code, then floods, a slowloris upgrade, a client that never
// reads, a 10,000-link cycle and the room's element limit. After every row the
// fixture checks the server is up and the room still serves well-behaved clients.
#include <gtest/gtest.h>
#include <poll.h>

#include <boost/asio.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <thread>

#include "bad_input_fixture.h"

namespace pss::test {
namespace {

using namespace std::chrono_literals;

// ---------------------------------------------------------------- rejected pushes

struct RejectedPush {
  const char* name;
  std::function<std::vector<pb::Op>()> ops;
  pb::Reason reason;
};

pb::Op put_with(const std::function<void(pb::Element&)>& change) {
  pb::Element e = element("e1");
  change(e);
  return put(e);
}

const RejectedPush kRejectedPushes[] = {
    {"Coordinate1e308", [] { return std::vector{put_element("e1", 1e308, 0)}; }, pb::OUT_OF_BOUNDS},
    {"NegativeWidth", [] { return std::vector{put_with([](pb::Element& e) { e.mutable_size()->set_x(-160); })}; },
     pb::OUT_OF_BOUNDS},
    {"HugeHeight", [] { return std::vector{put_with([](pb::Element& e) { e.mutable_size()->set_y(1e12); })}; },
     pb::OUT_OF_BOUNDS},
    {"NanWidth", [] { return std::vector{put_with([](pb::Element& e) { e.mutable_size()->set_x(std::nan("")); })}; },
     pb::INVALID_VALUE},
    {"UnknownKind",
     [] { return std::vector{put_with([](pb::Element& e) { e.set_kind(static_cast<pb::ElementKind>(99)); })}; },
     pb::INVALID_VALUE},
    {"UnknownStatus",
     [] { return std::vector{put_with([](pb::Element& e) { e.set_status(static_cast<pb::ReviewStatus>(77)); })}; },
     pb::INVALID_VALUE},
    {"OverLongTitle", [] { return std::vector{put_with([](pb::Element& e) { e.set_title(std::string(600, 't')); })}; },
     pb::TOO_LONG},
    {"OverLongId", [] { return std::vector{put_element(std::string(100, 'i'))}; }, pb::TOO_LONG},
    {"IdWithSpace", [] { return std::vector{put_element("two words")}; }, pb::INVALID_VALUE},
    {"TooManyOpsInOnePush",
     [] {
       std::vector<pb::Op> ops;
       for (int i = 0; i < 1001; ++i) ops.push_back(put_element("e" + std::to_string(i)));
       return ops;
     },
     pb::TOO_MANY},
    {"DuplicateArrow",
     [] {
       return std::vector{put_element("a"), put_element("b"), put_link("l1", "a", "b"), put_link("l2", "a", "b")};
     },
     pb::DUPLICATE},
    {"PatchOfServerStampedAuthor",
     [] {
       pb::Element e;
       e.set_id("e1");
       e.set_author("Someone else");
       return std::vector{put_element("e1"), ops::patch(e, {pb::Element::kAuthorFieldNumber})};
     },
     pb::READ_ONLY_FIELD},
    {"RemoveOfMissing", [] { return std::vector{remove_element("ghost")}; }, pb::NOT_FOUND},
};

class RejectedPushes : public BadInput, public ::testing::WithParamInterface<RejectedPush> {};

TEST_P(RejectedPushes, AreRejectedWithTheirReason) { expect_rejected(push_once(GetParam().ops()), GetParam().reason); }

INSTANTIATE_TEST_SUITE_P(Catalogue, RejectedPushes, ::testing::ValuesIn(kRejectedPushes),
                         [](const auto& info) { return std::string(info.param.name); });

// ---------------------------------------------------------------- closing messages

struct ClosingMessage {
  const char* name;
  std::function<std::string()> bytes;
  CloseCode code;
};

const ClosingMessage kClosingMessages[] = {
    // Field 2 (push), length-delimited, declaring 2 GiB that never come.
    {"HugeDeclaredLength", [] { return std::string("\x12\xff\xff\xff\xff\x07\x08\x01", 8); }, CloseCode::bad_request},
    // Groups nested 10,000 deep in an unknown field: the parser's depth limit, not the stack.
    {"DeeplyNestedGroups", [] { return std::string(10000, '\x7b'); }, CloseCode::bad_request},
    {"RepeatedHelloFields",
     [] {
       pb::ClientMessage m;
       m.mutable_hello()->set_display_name("again");
       std::string one = encode(m), all;
       while (all.size() < 60000) all += one;
       return all;
     },
     CloseCode::bad_request},
    // proto3 strings must be UTF-8: the message does not even decode.
    {"InvalidUtf8Title",
     [] {
       pb::ClientMessage m;
       m.mutable_push()->set_client_seq(1);
       pb::Element e = element("e1");
       e.set_title("ok \xc3\x28 bad");
       *m.mutable_push()->add_ops() = put(e);
       return encode(m);
     },
     CloseCode::bad_request},
    {"TenMegabytes", [] { return std::string(10 << 20, '\x01'); }, CloseCode::too_big},
};

class ClosingMessages : public BadInput, public ::testing::WithParamInterface<ClosingMessage> {};

TEST_P(ClosingMessages, CloseTheConnectionWithTheirCode) {
  expect_close(close_after(GetParam().bytes()), GetParam().code);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, ClosingMessages, ::testing::ValuesIn(kClosingMessages),
                         [](const auto& info) { return std::string(info.param.name); });

// ---------------------------------------------------------------- the rest

// A line of /proc/PID/status in KiB: "VmRSS:" now, "VmHWM:" the peak so far.
std::size_t status_kib(pid_t pid, std::string_view field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with(field)) return std::stoul(line.substr(field.size()));
  return 0;
}
std::size_t rss_kib(pid_t pid) { return status_kib(pid, "VmRSS:"); }

// Under a sanitizer RSS measures the sanitizer, not the server: AddressSanitizer pads
// every block and keeps freed ones in a 256 MB quarantine, ThreadSanitizer's shadow is
// several times the memory it watches. The bounds are checked in the plain build; the
// sanitizer builds check that the same floods touch no freed memory and race nowhere.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kRssIsServerMemory = false;
#elif defined(__has_feature)
constexpr bool kRssIsServerMemory = !__has_feature(address_sanitizer) && !__has_feature(thread_sanitizer);
#else
constexpr bool kRssIsServerMemory = true;
#endif

void expect_rss_below(std::size_t kib, std::size_t bound_kib, const char* what) {
  if (kRssIsServerMemory) {
    EXPECT_LT(kib, bound_kib) << "server memory grew with " << what;
  }
}

// Server memory across a flood: printed (docs/security.md quotes it) and bounded.
struct MemoryProbe {
  pid_t pid;
  std::size_t before = rss_kib(pid);
  void expect_bounded(const char* what, std::size_t bound_kib) const {
    const std::size_t after = rss_kib(pid), peak = status_kib(pid, "VmHWM:");
    std::printf("server RSS: %zu KiB before, %zu KiB after %s (peak of the run so far %zu KiB)\n", before, after, what,
                peak);
    expect_rss_below(after, before + bound_kib, what);
  }
};

TEST_F(BadInput, ClientThatNeverReadsIsCutOffAndOthersKeepUp) {
  TestClient writer(port()), reader(port()), sloth(port());
  ASSERT_TRUE(writer.join(room(), "Writer"));
  ASSERT_TRUE(reader.join(room(), "Reader"));
  ASSERT_EQ(sloth.connect("/rooms/" + room(), 4096), "");
  ASSERT_TRUE(sloth.send_hello("Sloth"));  // joins, then never reads again
  const std::size_t before = rss_kib(server_->pid());

  // 8 MB of patches: far more than the sloth's queue (256 KiB) and socket buffers.
  constexpr int kPushes = 140;
  std::vector<pb::Op> cards;
  for (int i = 0; i < 6; ++i) {
    pb::Element e = element("big" + std::to_string(i));
    e.set_description(std::string(9000, 'd'));
    cards.push_back(put(e));
  }
  ASSERT_TRUE(writer.send_push(1, cards));
  ASSERT_TRUE(writer.push_result(1)->committed());
  int received = 0;
  for (int seq = 2; seq <= kPushes; ++seq) {
    std::vector<pb::Op> ops;
    for (int i = 0; i < 6; ++i) {
      pb::Element e;
      e.set_id("big" + std::to_string(i));
      e.set_description(std::string(9000, static_cast<char>('a' + seq % 26)));
      ops.push_back(ops::patch(e, {pb::Element::kDescriptionFieldNumber}));
    }
    ASSERT_TRUE(writer.send_push(seq, ops));
    ASSERT_TRUE(writer.push_result(seq)) << "the writer was held up at push " << seq;
    // The reader gets each change before the next push, however slow this process is
    // (a sanitizer build): it must not fall behind by more than its own send queue.
    while (received < seq) {
      auto m = reader.next_of(pb::ServerMessage::kPatch, 3s);
      ASSERT_TRUE(m) << "the reader stopped receiving after " << received << " changes"
                     << (reader.closed() ? ", closed: " + std::to_string(reader.close_info().code) + " " +
                                               reader.close_info().reason
                                         : "");
      received += m->patch().changes_size();
    }
  }
  EXPECT_EQ(received, kPushes);
  const std::size_t during = rss_kib(server_->pid());

  const CloseInfo closed = sloth.wait_closed(5s);
  EXPECT_TRUE(closed.closed) << "a client that does not read was kept";
  // Its close frame may be cut off with it (it did not read), so the code is not checked
  // here; the server logs 4413.
  std::printf("server RSS: %zu KiB before, %zu KiB after 8 MB of patches to a client that never reads (peak %zu KiB)\n",
              before, during, status_kib(server_->pid(), "VmHWM:"));
  expect_rss_below(during, before + 64 * 1024, "the unread queue");
}

TEST_F(BadInput, PresenceFloodIsThrottledAndTheFlooderStaysServed) {
  TestClient flooder(port()), observer(port());
  ASSERT_TRUE(flooder.join(room(), "Flooder"));
  ASSERT_TRUE(observer.join(room(), "Observer"));
  const MemoryProbe memory{server_->pid()};
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(flooder.send_presence(cursor_at(i % 1000, 0)));
  ASSERT_TRUE(flooder.send_ping(7));
  auto pong = flooder.next_of(pb::ServerMessage::kPong, 3s);
  ASSERT_TRUE(pong);
  EXPECT_FALSE(flooder.closed());
  std::size_t updates = 0;
  for (const auto& m : observer.drain(100ms))
    if (m.has_presence()) updates += m.presence().peers_size();
  EXPECT_LE(updates, 1000u) << "presence was relayed unthrottled";
  memory.expect_bounded("5,000 presence updates", 16 * 1024);
}

TEST_F(BadInput, PushFloodDoesNotDelayOthers) {
  TestClient flooder(port()), other(port());
  ASSERT_TRUE(flooder.join(room(), "Flooder"));
  ASSERT_TRUE(other.join(room(), "Other"));
  const MemoryProbe memory{server_->pid()};
  for (int i = 1; i <= 2000; ++i) ASSERT_TRUE(flooder.send_push(i, {move("nowhere", i, i)}));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(other.send_push(1, {put_element("mine")}));
  auto result = other.push_result(1, 3s);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->committed());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  memory.expect_bounded("a flood of 2,000 pushes", 16 * 1024);
}

TEST_F(BadInput, SlowlorisUpgradeIsDroppedAtTheHandshakeTimeout) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port()});
  const std::string request = "GET /rooms/" + room() +
                              " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  const auto start = std::chrono::steady_clock::now();
  bool dropped = false;
  for (std::size_t i = 0; i < request.size() && !dropped; ++i) {
    boost::system::error_code ec;
    boost::asio::write(socket, boost::asio::buffer(&request[i], 1), ec);
    if (ec) break;
    pollfd p{socket.native_handle(), POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {  // readable: only an answer or the end can arrive
      char buf[512];
      const auto n = socket.read_some(boost::asio::buffer(buf), ec);
      dropped = ec || n == 0 || std::string_view(buf, n).find("408") != std::string_view::npos;
    }
  }
  EXPECT_TRUE(dropped) << "the dribbling connection was kept";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST_F(BadInput, CycleOfTenThousandLinksIsAcceptedAndTheRoomStaysResponsive) {
  // Cycles are for the map checks to point out, not an error; the room must cope.
  TestClient c(port());
  ASSERT_TRUE(c.join(room(), "Cycler"));
  constexpr int kN = 10000, kPerPush = 500;
  std::uint64_t seq = 0;
  // Each push's result is awaited, so the pusher reads its own patches as it goes.
  auto commit = [&](std::vector<pb::Op> ops) {
    ASSERT_TRUE(c.send_push(++seq, std::move(ops)));
    auto result = c.push_result(seq, 10s);
    ASSERT_TRUE(result) << "push " << seq;
    ASSERT_TRUE(result->committed()) << result->detail();
  };
  for (int base = 0; base < kN; base += kPerPush) {
    std::vector<pb::Op> ops;
    for (int i = base; i < base + kPerPush; ++i) ops.push_back(put_element("n" + std::to_string(i), i % 1000, 0));
    commit(std::move(ops));
  }
  for (int base = 0; base < kN; base += kPerPush) {
    std::vector<pb::Op> ops;
    for (int i = base; i < base + kPerPush; ++i)
      ops.push_back(put_link("k" + std::to_string(i), "n" + std::to_string(i), "n" + std::to_string((i + 1) % kN)));
    commit(std::move(ops));
  }
  TestClient joiner(port());
  auto w = joiner.join(room(), "Joiner");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->snapshot().links_size(), kN);
}

TEST(HostileInput, MoreElementsThanTheRoomLimitAreRejected) {
  ServerProcess server({"--max-elements", "5"});
  TestClient c(server.port());
  ASSERT_TRUE(c.join("limited", "Filler"));
  std::vector<pb::Op> five;
  for (int i = 0; i < 5; ++i) five.push_back(put_element("e" + std::to_string(i)));
  ASSERT_TRUE(c.send_push(1, five));
  ASSERT_TRUE(c.push_result(1)->committed());
  ASSERT_TRUE(c.send_push(2, {put_element("one-too-many")}));
  const auto result = c.push_result(2);
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->committed());
  EXPECT_EQ(result->reason(), pb::TOO_MANY) << result->detail();
}

}  // namespace
}  // namespace pss::test
