// parse_url: ws[s]://HOST[:PORT]/rooms/ROOM[?query]. Kept strict: a typo in a room URL
// should fail at once with a clear message, not connect somewhere unexpected.
#include <algorithm>
#include <cctype>

#include "client/core/sync_client.h"
#include "protocol/protocol.h"

namespace pss::client {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool valid_port(std::string_view p) {
  if (p.empty() || p.size() > 5) return false;
  unsigned value = 0;
  for (char c : p) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value >= 1 && value <= 65535;
}

bool valid_host(std::string_view h) {
  if (h.empty()) return false;
  return std::all_of(h.begin(), h.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == ':';  // ':' only inside [v6]
  });
}

}  // namespace

std::optional<ParsedUrl> parse_url(const std::string& url) {
  ParsedUrl out;
  const auto sep = url.find("://");
  if (sep == std::string::npos) return std::nullopt;
  const std::string scheme = lower(std::string_view(url).substr(0, sep));
  if (scheme == "ws")
    out.tls = false;
  else if (scheme == "wss")
    out.tls = true;
  else
    return std::nullopt;

  std::string_view rest = std::string_view(url).substr(sep + 3);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view authority = rest.substr(0, slash);
  out.target = std::string(rest.substr(slash));
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no credentials in URLs

  std::string_view host, port;
  if (authority.starts_with('[')) {  // [IPv6]:port
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
      if (port.empty()) return std::nullopt;
    }
  } else {
    const auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return std::nullopt;
    }
    if (host.find(':') != std::string_view::npos) return std::nullopt;  // bare IPv6 needs brackets
  }
  if (!valid_host(host)) return std::nullopt;
  if (!port.empty() && !valid_port(port)) return std::nullopt;
  out.host = std::string(host);
  out.port = port.empty() ? (out.tls ? "443" : "80") : std::string(port);

  out.room = room_from_target(out.target);
  if (out.room.empty()) return std::nullopt;
  // A join link carries its token in the query; it goes in the Hello, not in the
  // request line (which proxies and servers log).
  if (const auto q = out.target.find('?'); q != std::string::npos) {
    std::string_view query = std::string_view(out.target).substr(q + 1);
    while (!query.empty()) {
      const auto amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      if (pair.starts_with("token=")) out.token = std::string(pair.substr(6));
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    out.target.resize(q);
  }
  return out;
}

}  // namespace pss::client
