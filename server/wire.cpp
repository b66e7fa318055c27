#include "wire.h"

#include <google/protobuf/io/coded_stream.h>

namespace pss::server {
namespace {

using google::protobuf::io::CodedOutputStream;

void put_varint(std::uint64_t value, std::string& out) {
  std::uint8_t buf[10];
  const std::uint8_t* end = CodedOutputStream::WriteVarint64ToArray(value, buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(end - buf));
}

std::size_t varint_size(std::uint64_t value) { return CodedOutputStream::VarintSize64(value); }

// Tags of the length-delimited fields we splice: ServerFrame.messages (1),
// ServerMessage.welcome (1), Welcome.snapshot (5).
constexpr char kFrameMessagesTag = 0x0A;
constexpr char kWelcomeTag = 0x0A;
constexpr char kSnapshotTag = 0x2A;

}  // namespace

std::string encode_welcome(const pb::Welcome& welcome, const std::string* snapshot_bytes) {
  const std::string head = welcome.SerializeAsString();
  std::size_t welcome_len = head.size();
  if (snapshot_bytes) welcome_len += 1 + varint_size(snapshot_bytes->size()) + snapshot_bytes->size();
  const std::size_t message_len = 1 + varint_size(welcome_len) + welcome_len;

  std::string out;
  out.reserve(1 + varint_size(message_len) + message_len);
  out.push_back(kFrameMessagesTag);
  put_varint(message_len, out);
  out.push_back(kWelcomeTag);
  put_varint(welcome_len, out);
  out += head;
  if (snapshot_bytes) {
    out.push_back(kSnapshotTag);
    put_varint(snapshot_bytes->size(), out);
    out += *snapshot_bytes;
  }
  return out;
}

std::string encode_error(pb::Reason reason, std::string_view detail) {
  pb::ServerMessage m;
  m.mutable_error()->set_reason(reason);
  m.mutable_error()->set_detail(std::string(detail));
  return encode_frame(m);
}

std::string encode_pong(std::uint64_t nonce) {
  pb::ServerMessage m;
  m.mutable_pong()->set_nonce(nonce);
  return encode_frame(m);
}

std::string encode_push_result(const pb::PushResult& result) {
  pb::ServerMessage m;
  *m.mutable_push_result() = result;
  return encode_frame(m);
}

std::string close_reason_text(std::string_view reason) {
  constexpr std::size_t kMax = 123;
  if (reason.size() <= kMax) return std::string(reason);
  std::size_t n = kMax;
  // Back up over continuation bytes so a multi-byte character is not split.
  while (n > 0 && (static_cast<unsigned char>(reason[n]) & 0xC0) == 0x80) --n;
  return std::string(reason.substr(0, n));
}

}  // namespace pss::server
