// Server-side encoding helpers on top of shared/protocol: the spliced Welcome, short
// builders for the messages the server sends, and close-reason trimming.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/protocol.h"

namespace pss::server {

// A one-message ServerFrame holding `welcome` plus, when `snapshot_bytes` is given,
// Welcome.snapshot = those bytes (an encoded pb::Snapshot). Splicing lets every joiner
// at the same clock share one snapshot serialization: protobuf accepts fields in any
// order, so the frame decodes exactly as if snapshot had been set.
std::string encode_welcome(const pb::Welcome& welcome, const std::string* snapshot_bytes);

std::string encode_error(pb::Reason reason, std::string_view detail);
std::string encode_pong(std::uint64_t nonce);
std::string encode_push_result(const pb::PushResult& result);

// WebSocket close reasons are at most 123 bytes; cut at a UTF-8 boundary.
std::string close_reason_text(std::string_view reason);

}  // namespace pss::server
