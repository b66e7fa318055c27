#include "model/id_hash.h"

#include <random>

namespace pss::id_hash_detail {

std::uint64_t process_seed() {
  std::random_device random;
  return (static_cast<std::uint64_t>(random()) << 32) ^ random();
}

}  // namespace pss::id_hash_detail
