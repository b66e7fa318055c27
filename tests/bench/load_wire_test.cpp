// pss-load's encodings: what it sends can be read back by its own scanners (the
// relay hands the same bytes on), and the pss bytes are what pss-server expects.
#include <gtest/gtest.h>

#include <vector>

#include "protocol/protocol.h"
#include "wire.h"

namespace pss::load {
namespace {

std::vector<DragKey> drags_in_client_message(const std::string& bytes) {
  std::vector<DragKey> keys;
  Received got;
  EXPECT_TRUE(scan_client_message(bytes, got, [&](DragKey k) { keys.push_back(k); }));
  return keys;
}

TEST(LoadWire, DragCarriesItsKey) {
  // seq 0 is x = 0, which proto3 does not encode: still a drag, of seq 0.
  const auto first = drags_in_client_message(pss_drag({9, 0}, 1));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].dragger, 9u);
  EXPECT_EQ(first[0].seq, 0u);

  const auto keys = drags_in_client_message(pss_drag({42, 1234}, 7));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].dragger, 42u);
  EXPECT_EQ(keys[0].seq, 1234u);

  pb::ClientMessage m;  // and it is the Push a real client would send
  ASSERT_TRUE(m.ParseFromString(pss_drag({42, 1234}, 7)));
  ASSERT_EQ(m.push().ops_size(), 1);
  EXPECT_EQ(m.push().client_seq(), 7u);
  EXPECT_EQ(m.push().ops(0).patch().value().element().id(), "d42");
  EXPECT_EQ(m.push().ops(0).patch().fields(0), pb::Element::kPositionFieldNumber);
}

TEST(LoadWire, ServerPatchFrameIsScanned) {
  // Two changes in one Patch, batched with a presence and a push result.
  pb::ClientMessage a, b;
  ASSERT_TRUE(a.ParseFromString(pss_drag({3, 10}, 1)));
  ASSERT_TRUE(b.ParseFromString(pss_drag({5, 11}, 1)));
  pb::ServerMessage patch;
  for (const auto* m : {&a, &b}) *patch.mutable_patch()->add_changes()->add_ops() = m->push().ops(0);
  pb::ServerMessage presence;
  presence.mutable_presence()->add_peers()->set_session_id(1);
  presence.mutable_presence()->add_peers()->set_session_id(2);
  pb::ServerMessage result;
  result.mutable_push_result()->set_committed(false);
  std::string frame;
  for (const auto* m : {&patch, &presence, &result}) append_frame(*m, frame);

  std::vector<DragKey> keys;
  Received got;
  ASSERT_TRUE(scan_server_frame(frame, got, [&](DragKey k) { keys.push_back(k); }));
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].dragger, 3u);
  EXPECT_EQ(keys[1].seq, 11u);
  EXPECT_EQ(got.presence, 2);
  EXPECT_EQ(got.rejected_pushes, 1);
  EXPECT_FALSE(got.welcome);
}

TEST(LoadWire, GarbageIsRefusedNotTrusted) {
  Received got;
  int calls = 0;
  EXPECT_FALSE(scan_server_frame("\x0a\x7f\x01", got, [&](DragKey) { ++calls; }));  // length past the end
  EXPECT_FALSE(scan_client_message("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", got, [&](DragKey) { ++calls; }));
  EXPECT_EQ(calls, 0);
}

TEST(LoadWire, YjsUpdateHeaderCarriesTheKey) {
  // The server re-encodes what it applies, but the struct header (client, clock) it
  // relays is the one sent: dragger + 1, seq.
  for (std::uint64_t seq : {0u, 1u, 300u}) {
    std::vector<DragKey> keys;
    Received got;
    ASSERT_TRUE(scan_yjs_message(yjs_drag({7, seq}, 1.5), got, [&](DragKey k) { keys.push_back(k); }));
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].dragger, 7u);
    EXPECT_EQ(keys[0].seq, seq);
  }
  Received got;
  EXPECT_TRUE(scan_yjs_message(yjs_awareness(3, 1, 10, 20), got, [](DragKey) {}));
  EXPECT_EQ(got.presence, 1);
}

}  // namespace
}  // namespace pss::load
