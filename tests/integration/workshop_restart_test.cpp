// Facilitation state survives a restart of the real pss-server (clean SIGTERM and
// SIGKILL): private cards stay withheld, locks still refuse, phase and hidden votes are
// kept. And presence never names a private card to someone who may not see it.
#include <signal.h>
#include <stdlib.h>

#include <filesystem>

#include "facilitation_fixture.h"

namespace pss::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class RestartWorkshop : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    std::string d = (fs::temp_directory_path() / "pss-restart.XXXXXX").string();
    ASSERT_TRUE(mkdtemp(d.data()));
    top_ = d;
    dir_ = top_ + "/data";  // the server makes it a data directory
    start();
    tokens_ = room_tokens(dir_, kRoom);
    ASSERT_EQ(tokens_.size(), 3u);
  }
  void TearDown() override {
    server_.reset();
    std::error_code ignored;
    fs::remove_all(top_, ignored);
  }
  void start() {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--data", dir_, "--tick-ms", "5"});
  }
  std::unique_ptr<TestClient> join(const std::string& role, const std::string& name,
                                   std::optional<pb::Welcome>* welcome = nullptr) {
    auto c = std::make_unique<TestClient>(server_->port());
    auto w = c->join_with_token(kRoom, name, tokens_.at(role), name);
    EXPECT_TRUE(w) << name;
    if (welcome) *welcome = w;
    return c;
  }
  pb::FacilitationState accepted(TestClient& c, const pb::Facilitate& f) {
    c.drain(20ms);
    EXPECT_TRUE(c.send(command(f)));
    while (auto m = c.next()) {
      EXPECT_FALSE(m->has_error()) << m->error().detail();
      if (m->has_facilitation()) return m->facilitation();
    }
    ADD_FAILURE() << "no facilitation state after " << f.ShortDebugString();
    return {};
  }

  static constexpr const char* kRoom = "restart";
  std::string top_, dir_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(RestartWorkshop, PrivateCardsLocksPhaseAndVotesSurviveARestart) {
  const std::string secret = "Secret-after-restart-91c2";
  {
    auto fay = join("FACILITATOR", "Fay");
    auto ann = join("PARTICIPANT", "Ann");
    ASSERT_TRUE(fay->send_push(1, {put_element("public")}));
    ASSERT_TRUE(fay->push_result(1)->committed());
    accepted(*fay, phase(pb::RISK_REVIEW));
    accepted(*fay, lock_element("public"));
    accepted(*fay, vote_on_row("processes", 2));
    accepted(*fay, private_mode(true));
    ann->drain(50ms);
    ASSERT_TRUE(ann->send(cast_vote("public")));
    pb::Element card = element("ann-1", 500);
    card.set_title(secret);
    // Acknowledged after the vote and the commands: all of them are on disk with it.
    ASSERT_TRUE(ann->send_push(1, {put(card)}));
    auto result = ann->push_result(1);
    ASSERT_TRUE(result);
    ASSERT_TRUE(result->committed()) << result->detail();
  }
  const int exit_status = server_->terminate(std::chrono::seconds(5), GetParam());
  EXPECT_EQ(exit_status, GetParam() == SIGKILL ? 128 + SIGKILL : 0);
  start();

  std::optional<pb::Welcome> welcome;
  auto bob = join("PARTICIPANT", "Bob", &welcome);
  ASSERT_TRUE(welcome);
  std::string bytes = welcome->SerializeAsString() + received_bytes(*bob);
  EXPECT_EQ(bytes.find(secret), std::string::npos);
  EXPECT_EQ(bytes.find("ann-1"), std::string::npos);
  const pb::FacilitationState& state = welcome->facilitation();
  EXPECT_EQ(state.phase(), pb::RISK_REVIEW);
  EXPECT_TRUE(state.private_mode());
  EXPECT_EQ(state.private_withheld(), 1u);
  ASSERT_EQ(state.locks().elements_size(), 1);
  EXPECT_EQ(state.locks().elements(0), "public");
  ASSERT_TRUE(state.has_vote());
  EXPECT_EQ(state.vote().ballots_cast(), 1u);
  EXPECT_EQ(state.vote().mine_size(), 0);  // Ann's dot stays hers

  ASSERT_TRUE(bob->send_push(1, {move("public", 40, 40)}));
  EXPECT_EQ(bob->push_result(1)->reason(), pb::LOCKED);
  ASSERT_TRUE(bob->send_push(2, {remove_element("ann-1")}));
  EXPECT_EQ(bob->push_result(2)->reason(), pb::PRIVATE);

  // Ann, back with the same client id, still owns her card and her vote.
  std::optional<pb::Welcome> own;
  auto ann = join("PARTICIPANT", "Ann", &own);
  ASSERT_TRUE(own);
  EXPECT_NE(own->SerializeAsString().find(secret), std::string::npos);
  ASSERT_EQ(own->facilitation().own_private_size(), 1);
  ASSERT_EQ(own->facilitation().vote().mine_size(), 1);
  EXPECT_EQ(own->facilitation().vote().mine(0).element(), "public");

  // The reveal still works after the restart, and reaches Bob.
  bob->drain(50ms);
  auto fay = join("FACILITATOR", "Fay");
  accepted(*fay, private_mode(false));
  auto patch = bob->next_of(pb::ServerMessage::kPatch);
  ASSERT_TRUE(patch);
  EXPECT_NE(patch->SerializeAsString().find(secret), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(CleanAndKilled, RestartWorkshop, ::testing::Values(SIGTERM, SIGKILL),
                         [](const auto& info) { return info.param == SIGKILL ? "Sigkill" : "Sigterm"; });

using PresenceWorkshop = Workshop;

// Ann selects and drags her private card next to a public one: the others get her
// presence without the private id; she keeps seeing her own.
TEST_F(PresenceWorkshop, PresenceDoesNotNameAnotherPersonsPrivateCard) {
  auto fay = join("FACILITATOR", "Fay");
  auto ann = join("PARTICIPANT", "Ann");
  auto bob = join("PARTICIPANT", "Bob");
  ASSERT_TRUE(fay->send_push(1, {put_element("public")}));
  ASSERT_TRUE(fay->push_result(1)->committed());
  accepted(*fay, private_mode(true));
  ASSERT_TRUE(ann->send_push(1, {put_element("ann-private-1", 400)}));
  ASSERT_TRUE(ann->push_result(1)->committed());
  bob->drain(50ms);
  fay->drain(50ms);

  pb::Presence p = cursor_at(10, 20);
  p.add_selection("public");
  p.add_selection("ann-private-1");
  p.add_dragging("ann-private-1");
  ASSERT_TRUE(ann->send_presence(p));
  for (TestClient* c : {bob.get(), fay.get()}) {
    auto got = c->next_of(pb::ServerMessage::kPresence);
    ASSERT_TRUE(got);
    ASSERT_EQ(got->presence().peers_size(), 1);
    const pb::Presence& seen = got->presence().peers(0).presence();
    EXPECT_EQ(got->presence().peers(0).session_id(), session_ids_.at("Ann"));
    ASSERT_EQ(seen.selection_size(), 1);
    EXPECT_EQ(seen.selection(0), "public");
    EXPECT_EQ(seen.dragging_size(), 0);
    EXPECT_DOUBLE_EQ(seen.cursor().x(), 10);
    EXPECT_EQ(received_bytes(*c).find("ann-private-1"), std::string::npos);
  }
  // After the reveal the same selection reaches everyone whole.
  accepted(*fay, private_mode(false));
  bob->drain(50ms);
  ASSERT_TRUE(ann->send_presence(p));
  auto whole = bob->next_of(pb::ServerMessage::kPresence);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->presence().peers(0).presence().selection_size(), 2);
}

}  // namespace
}  // namespace pss::test
