#include "access.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

namespace pss::server {
namespace {

constexpr std::array<pb::Role, 3> kRoles{pb::FACILITATOR, pb::PARTICIPANT, pb::OBSERVER};

std::string hex(const unsigned char* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

}  // namespace

std::string new_token() {
  std::random_device rd;  // the kernel's random source on Linux
  std::array<unsigned char, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const unsigned v = rd();
    for (std::size_t j = 0; j < 4; ++j) bytes[i + j] = static_cast<unsigned char>(v >> (8 * j));
  }
  return hex(bytes.data(), bytes.size());
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &len, EVP_sha256(), nullptr);
  return hex(digest.data(), len);
}

std::filesystem::path tokens_path(const std::filesystem::path& data_dir, const std::string& room) {
  return data_dir / "access" / (room + ".tokens");
}

std::map<pb::Role, std::string> issue_tokens(const std::filesystem::path& data_dir, const std::string& room,
                                             std::string* error) {
  const auto path = tokens_path(data_dir, room);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    *error = path.parent_path().string() + ": " + ec.message();
    return {};
  }
  std::map<pb::Role, std::string> tokens;
  std::ostringstream file;
  for (pb::Role role : kRoles) {
    tokens[role] = new_token();
    file << pb::Role_Name(role) << ' ' << sha256_hex(tokens[role]) << '\n';
  }
  const auto tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << file.str();
    out.close();
    if (!out) {
      *error = tmp + ": cannot write";
      return {};
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    *error = path.string() + ": " + ec.message();
    return {};
  }
  return tokens;
}

Admission admit(const std::filesystem::path& data_dir, const std::string& room, const std::string& token,
                bool open_join) {
  Admission a;
  std::ifstream in;
  if (!data_dir.empty()) in.open(tokens_path(data_dir, room));
  if (!in.is_open()) {
    if (!token.empty())
      a.refused = Rejection{pb::BAD_TOKEN, "room " + room + " has no tokens: this token is for another room"};
    else if (!open_join)
      a.refused = Rejection{pb::BAD_TOKEN, "room " + room + " needs a token (open join is off)"};
    else
      a.role = pb::PARTICIPANT;
    return a;
  }
  if (token.empty()) {
    a.refused = Rejection{pb::BAD_TOKEN, "room " + room + " needs a token: use the join link you were given"};
    return a;
  }
  const std::string hash = sha256_hex(token);
  std::string role_name, stored;
  while (in >> role_name >> stored) {
    pb::Role role{};
    if (stored == hash && pb::Role_Parse(role_name, &role)) {
      a.role = role;
      return a;
    }
  }
  a.refused = Rejection{pb::BAD_TOKEN, "this token does not open room " + room + " (or it was reissued)"};
  return a;
}

}  // namespace pss::server
