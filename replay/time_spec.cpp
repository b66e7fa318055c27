#include "time_spec.h"

#include <cctype>
#include <charconv>
#include <vector>

namespace pss::replay {
namespace {

// Digits with an optional fraction ("12", "2.5") as milliseconds of `unit_ms`.
std::optional<std::int64_t> amount(std::string_view digits, std::int64_t unit_ms) {
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size() || value < 0) return std::nullopt;
  return static_cast<std::int64_t>(value * static_cast<double>(unit_ms) + 0.5);
}

// "1h2m3s", "90s", "250ms": numbers with units, largest first.
std::optional<std::int64_t> units(std::string_view s) {
  std::int64_t total = 0;
  std::int64_t last_unit = INT64_MAX;
  while (!s.empty()) {
    std::size_t n = 0;
    while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.')) ++n;
    std::size_t u = n;
    while (u < s.size() && std::isalpha(static_cast<unsigned char>(s[u]))) ++u;
    const auto unit = s.substr(n, u - n);
    const std::int64_t unit_ms = unit == "h"    ? 3600000
                                 : unit == "m"  ? 60000
                                 : unit == "s"  ? 1000
                                 : unit == "ms" ? 1
                                                : 0;
    if (unit_ms == 0 || unit_ms >= last_unit) return std::nullopt;
    auto ms = amount(s.substr(0, n), unit_ms);
    if (!ms) return std::nullopt;
    total += *ms;
    last_unit = unit_ms;
    s.remove_prefix(u);
  }
  return total;
}

// "0:01:30" or "1:30" (the last part may have a fraction).
std::optional<std::int64_t> colons(std::string_view s) {
  std::vector<std::string_view> parts;
  for (std::size_t at; (at = s.find(':')) != std::string_view::npos; s.remove_prefix(at + 1))
    parts.push_back(s.substr(0, at));
  parts.push_back(s);
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  std::int64_t total = 0;
  std::int64_t unit = parts.size() == 3 ? 3600000 : 60000;
  for (std::size_t i = 0; i < parts.size(); ++i, unit /= 60) {
    const bool last = i + 1 == parts.size();
    if (!last && parts[i].find('.') != std::string_view::npos) return std::nullopt;
    if (i > 0 && (parts[i].size() < 2 || parts[i][0] > '5')) return std::nullopt;  // mm and ss: 00..59
    auto ms = amount(parts[i], unit);
    if (!ms) return std::nullopt;
    total += *ms;
  }
  return total;
}

}  // namespace

std::optional<TimeSpec> parse_time_spec(std::string_view text, std::string* error) {
  std::optional<std::int64_t> ms;
  if (text.size() > 1 && text[0] == 'c') {
    std::uint64_t clock = 0;
    auto [end, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), clock);
    if (ec == std::errc{} && end == text.data() + text.size()) return TimeSpec{TimeSpec::Kind::clock, clock, 0};
  } else if (text.find(':') != std::string_view::npos) {
    ms = colons(text);
  } else if (!text.empty()) {
    ms = units(text);
  }
  if (ms) return TimeSpec{TimeSpec::Kind::offset, 0, *ms};
  if (error) {
    *error = "'" + std::string(text) +
             "' is not a moment of the recording: use a clock (c1200) or a time from its start (90s, 1m30s, 0:01:30)";
  }
  return std::nullopt;
}

}  // namespace pss::replay
