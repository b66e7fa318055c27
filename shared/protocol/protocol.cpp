#include "protocol/protocol.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

namespace pss {

CloseCode close_code_for(pb::Reason reason) {
  switch (reason) {
    case pb::VERSION_TOO_OLD: return CloseCode::version_too_old;
    case pb::FORBIDDEN: return CloseCode::forbidden;
    case pb::BAD_TOKEN: return CloseCode::forbidden;
    case pb::REMOVED: return CloseCode::forbidden;
    case pb::ROOM_FULL: return CloseCode::room_full;
    case pb::RATE_LIMITED: return CloseCode::rate_limited;
    case pb::TOO_SLOW: return CloseCode::too_slow;
    case pb::SHUTTING_DOWN: return CloseCode::going_away;
    case pb::UNAVAILABLE: return CloseCode::server_error;
    default: return CloseCode::bad_request;
  }
}

std::string_view reason_name(pb::Reason reason) {
  const std::string& name = pb::Reason_Name(reason);
  return name.empty() ? std::string_view("UNKNOWN") : std::string_view(name);
}

std::string room_from_target(std::string_view target) {
  if (auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
  if (!target.starts_with(kRoomPathPrefix)) return {};
  std::string_view name = target.substr(kRoomPathPrefix.size());
  if (name.empty() || name.size() > 64) return {};
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.';
    if (!ok) return {};
  }
  return std::string(name);
}

void append_frame(const pb::ServerMessage& message, std::string& out) {
  // ServerFrame field 1, length-delimited: tag byte 0x0A, varint length, bytes.
  const std::size_t body = message.ByteSizeLong();
  const std::size_t start = out.size();
  out.resize(start + 1 + google::protobuf::io::CodedOutputStream::VarintSize64(body) + body);
  auto* p = reinterpret_cast<std::uint8_t*>(out.data() + start);
  *p++ = 0x0A;
  p = google::protobuf::io::CodedOutputStream::WriteVarint64ToArray(body, p);
  message.SerializeWithCachedSizesToArray(p);
}

std::string encode_frame(const pb::ServerMessage& message) {
  std::string out;
  append_frame(message, out);
  return out;
}

std::string encode(const pb::ClientMessage& message) {
  std::string out;
  message.SerializeToString(&out);
  return out;
}

}  // namespace pss
