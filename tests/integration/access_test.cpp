// Roles and tokens against the real pss-server: the role comes from the token alone,
// tokens are stored only as hashes, one room's tokens open no other room, reissued
// tokens replace the old ones, and open join admits participants only where a room
// has no tokens.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "facilitation_fixture.h"

namespace pss::test {
namespace {

using AccessTest = Workshop;

CloseInfo refused_join(std::uint16_t port, const std::string& room, const std::string& token) {
  TestClient c(port);
  EXPECT_FALSE(c.join_with_token(room, "Mallory", token));
  return c.wait_closed();
}

TEST_F(AccessTest, TokensAreRandomAndStoredOnlyAsHashes) {
  std::set<std::string> distinct;
  for (const auto& [role, token] : tokens_) {
    EXPECT_EQ(token.size(), 32u) << role;
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos) << token;
    distinct.insert(token);
  }
  EXPECT_EQ(distinct.size(), 3u);
  std::ifstream file(std::filesystem::path(server_->data_dir()) / "access" / "workshop.tokens");
  std::stringstream content;
  content << file.rdbuf();
  ASSERT_FALSE(content.str().empty());
  for (const auto& [role, token] : tokens_) EXPECT_EQ(content.str().find(token), std::string::npos) << role;
}

TEST_F(AccessTest, RoleComesFromTheToken) {
  for (const auto& [role, token] : tokens_) {
    TestClient c(server_->port());
    auto welcome = c.join_with_token(kRoom, "Someone", token);
    ASSERT_TRUE(welcome) << role;
    EXPECT_EQ(pb::Role_Name(welcome->role()), role);
  }
}

TEST_F(AccessTest, RoomWithTokensRefusesNoTokenAndWrongToken) {
  auto none = refused_join(server_->port(), kRoom, "");
  EXPECT_EQ(none.code, 4403);
  EXPECT_NE(none.reason.find("token"), std::string::npos) << none.reason;
  auto wrong = refused_join(server_->port(), kRoom, std::string(32, 'a'));
  EXPECT_EQ(wrong.code, 4403);
  EXPECT_NE(wrong.reason.find("does not open"), std::string::npos) << wrong.reason;
}

TEST_F(AccessTest, TokensOfOneRoomDoNotOpenAnother) {
  ASSERT_EQ(room_tokens(server_->data_dir(), "other-room").size(), 3u);
  for (const auto& [role, token] : tokens_) {
    EXPECT_EQ(refused_join(server_->port(), "other-room", token).code, 4403) << role;
    // Nor a room without tokens, which would otherwise let anyone in as a participant.
    EXPECT_EQ(refused_join(server_->port(), "open-room", token).code, 4403) << role;
  }
}

TEST_F(AccessTest, ReissuedTokensReplaceTheOldOnes) {
  auto fresh = room_tokens(server_->data_dir(), kRoom, /*reissue=*/true);
  ASSERT_EQ(fresh.size(), 3u);
  EXPECT_EQ(refused_join(server_->port(), kRoom, tokens_.at("FACILITATOR")).code, 4403);
  TestClient c(server_->port());
  auto welcome = c.join_with_token(kRoom, "Fay", fresh.at("FACILITATOR"));
  ASSERT_TRUE(welcome);
  EXPECT_EQ(welcome->role(), pb::FACILITATOR);
}

TEST_F(AccessTest, CreatingARoomTwiceIsRefused) {
  int status = 0;
  run_server_command({"room", "create", kRoom, "--data", server_->data_dir()}, &status);
  EXPECT_EQ(status, 1);
}

TEST(OpenJoin, RoomsWithoutTokensAdmitParticipantsOnlyWhileOn) {
  ServerProcess open({"--tick-ms", "5"});
  TestClient c(open.port());
  auto welcome = c.join("drop-in", "Pat");
  ASSERT_TRUE(welcome);
  EXPECT_EQ(welcome->role(), pb::PARTICIPANT);
  pb::Facilitate f;
  f.set_phase(pb::RISK_REVIEW);
  ASSERT_TRUE(c.send(command(f)));
  auto error = c.next_of(pb::ServerMessage::kError);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->error().reason(), pb::FORBIDDEN);

  ServerProcess closed({"--no-open-join"});
  auto refused = refused_join(closed.port(), "drop-in", "");
  EXPECT_EQ(refused.code, 4403);
  EXPECT_NE(refused.reason.find("open join is off"), std::string::npos) << refused.reason;
  // A room with tokens still works.
  auto tokens = room_tokens(closed.data_dir(), "planned");
  TestClient p(closed.port());
  EXPECT_TRUE(p.join_with_token("planned", "Pat", tokens.at("PARTICIPANT")));
}

}  // namespace
}  // namespace pss::test
