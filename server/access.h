// Room access: one secret token per role and room, made by `pss-server room create` /
// `room tokens` and stored only as SHA-256 hashes in DIR/access/ROOM.tokens (one
// "role hash" line each). A session's role comes from the token in its Hello, never
// from anything else the client says. Rooms without a tokens file admit everyone as a
// participant while open join is on (the demo's default), and nobody when it is off.
//
// The file is read at every join, so reissued tokens take effect at once: the old ones
// stop working without a restart.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "model/validation.h"
#include "pss.pb.h"

namespace pss::server {

// 128 random bits as 32 hex digits.
std::string new_token();
std::string sha256_hex(std::string_view data);

std::filesystem::path tokens_path(const std::filesystem::path& data_dir, const std::string& room);

// Makes fresh tokens for the three roles and replaces the room's tokens file with their
// hashes (written to a temporary file, then renamed). Returns role -> token, or an
// empty map with `error` set.
std::map<pb::Role, std::string> issue_tokens(const std::filesystem::path& data_dir, const std::string& room,
                                             std::string* error);

struct Admission {
  pb::Role role = pb::ROLE_UNSPECIFIED;
  Check refused;  // BAD_TOKEN with a reason the client shows
};

// `data_dir` empty: an in-memory server, where no room has tokens.
Admission admit(const std::filesystem::path& data_dir, const std::string& room, const std::string& token,
                bool open_join);

}  // namespace pss::server
