// Tombstones: the clock at which each recently removed record went, so a client
// reconnecting with an older clock learns what to delete (StrategyMap::changes_since).
// Hashed per record type: a put of a new record asks here first, so the lookup must
// cost one probe, not a walk down a tree of 100,000 (type, id) pairs.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/id_hash.h"
#include "pss.pb.h"

namespace pss {

namespace pb = ::pss::v1;

class Tombstones {
 public:
  std::optional<std::uint64_t> find(pb::RecordType type, const std::string& id) const {
    const auto& ids = of(type);
    auto it = ids.find(id);
    return it == ids.end() ? std::nullopt : std::optional(it->second);
  }
  void set(pb::RecordType type, const std::string& id, std::uint64_t clock) {
    auto [it, added] = of(type).try_emplace(id, clock);
    if (!added) it->second = clock;
    size_ += added;
  }
  void erase(pb::RecordType type, const std::string& id) { size_ -= of(type).erase(id); }
  std::size_t size() const { return size_; }

  // Ids of the records of `type` removed after `since`, sorted (replicas must agree).
  std::vector<std::string> removed_after(pb::RecordType type, std::uint64_t since) const {
    std::vector<std::string> ids;
    for (const auto& [id, clock] : of(type))
      if (clock > since) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // Forgets the oldest tenth when more than `max` are kept, so trimming stays rare.
  // Returns the clock at and before which deletes are no longer known, if it moved.
  std::optional<std::uint64_t> trim(std::size_t max) {
    if (size_ <= max) return std::nullopt;
    std::vector<std::uint64_t> clocks;
    clocks.reserve(size_);
    for (const auto& ids : by_type_)
      for (const auto& [id, clock] : ids) clocks.push_back(clock);
    const std::size_t drop = std::max<std::size_t>(1, size_ / 10);
    std::nth_element(clocks.begin(), clocks.begin() + static_cast<std::ptrdiff_t>(drop - 1), clocks.end());
    const std::uint64_t horizon = clocks[drop - 1];
    for (auto& ids : by_type_) size_ -= std::erase_if(ids, [&](const auto& kv) { return kv.second <= horizon; });
    return horizon;
  }

 private:
  using Ids = std::unordered_map<std::string, std::uint64_t, IdHash, std::equal_to<>>;
  Ids& of(pb::RecordType type) { return by_type_[index(type)]; }
  const Ids& of(pb::RecordType type) const { return by_type_[index(type)]; }
  static std::size_t index(pb::RecordType type) {
    const auto i = static_cast<std::size_t>(type);
    return i < by_type_size ? i : 0;  // unknown types share slot 0, never used otherwise
  }

  static constexpr std::size_t by_type_size = pb::RecordType_ARRAYSIZE;
  std::array<Ids, by_type_size> by_type_;
  std::size_t size_ = 0;
};

}  // namespace pss
