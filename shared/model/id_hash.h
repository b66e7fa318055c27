// The hash of record ids for the model's hash indexes. Inline and word-at-a-time,
// because every op hashes its id and ids are short; seeded once per process, so a
// client cannot choose ids that all land in one probe run of the server's index
// (the tables' order is never visible: walks go over the sorted record maps).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace pss {

namespace id_hash_detail {
inline std::uint64_t fmix64(std::uint64_t x) {  // MurmurHash3's finaliser
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
std::uint64_t process_seed();  // random, fixed for the life of the process
}  // namespace id_hash_detail

inline std::uint64_t id_hash(std::string_view s) {
  static const std::uint64_t seed = id_hash_detail::process_seed();
  constexpr std::uint64_t k = 0x9e3779b97f4a7c15ULL;
  auto load = [](const char* p, std::size_t n) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, n);
    return v;
  };
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t h = seed ^ (n * k);
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      h = (h ^ load(p + i, 8)) * k;
      h ^= h >> 31;
    }
    if (n % 8 != 0) h = (h ^ load(p + n - 8, 8)) * k;  // the last 8 bytes, overlapping
  } else if (n >= 4) {
    h = (h ^ (load(p, 4) | load(p + n - 4, 4) << 32)) * k;
  } else if (n > 0) {
    h = (h ^ (std::uint64_t(std::uint8_t(p[0])) | std::uint64_t(std::uint8_t(p[n / 2])) << 8 |
              std::uint64_t(std::uint8_t(p[n - 1])) << 16)) *
        k;
  }
  return id_hash_detail::fmix64(h);
}

// For unordered containers keyed by id: looks up by std::string or string_view alike.
struct IdHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return static_cast<std::size_t>(id_hash(s)); }
};

}  // namespace pss
