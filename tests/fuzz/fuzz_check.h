// require(): how fuzz targets report a broken invariant. It aborts, so libFuzzer
// stops and keeps the input like for any crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace pss::fuzz {

inline void require(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

}  // namespace pss::fuzz
