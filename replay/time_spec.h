// A moment of a recording on the command line (--at, --from, --to): a room clock
// ("c1200") or a time from the start of the recording ("90s", "1m30s", "1h5m",
// "0:01:30", "1:30", "2.5s").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pss::replay {

struct TimeSpec {
  enum class Kind { clock, offset } kind = Kind::clock;
  std::uint64_t clock = 0;     // kind == clock
  std::int64_t offset_ms = 0;  // kind == offset
};

// nullopt with `error` set when `text` is neither form.
std::optional<TimeSpec> parse_time_spec(std::string_view text, std::string* error);

}  // namespace pss::replay
