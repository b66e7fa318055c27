// IdIndex: finds the node of a record by its id with one probe into a flat array.
//
// Every op looks its record up by id, and replay applies millions of ops a second,
// so the lookup is the model's hottest path. A node-based hash map costs a cache miss
// for the bucket, one for its chain node and one for the key; here a slot holds the
// full hash and the node, so a lookup costs the slot and the node it needs anyway.
// Open addressing with linear probing, at most half full, deletion by backward shift
// (no tombstones, so lookups never slow down after many removals).
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "model/id_hash.h"

namespace pss {

// Node: anything copyable whose `->first` is the id (a std::map iterator). The
// index never owns what it points to; the owner keeps the nodes alive and still.
template <class Node>
class IdIndex {
 public:
  Node* find(std::string_view id) {
    if (slots_.empty()) return nullptr;
    const std::uint64_t h = hash(id);
    for (std::size_t i = h & mask();; i = (i + 1) & mask()) {
      Slot& s = slots_[i];
      if (s.hash == kEmpty) return nullptr;
      if (s.hash == h && s.node->first == id) return &s.node;
    }
  }
  const Node* find(std::string_view id) const { return const_cast<IdIndex*>(this)->find(id); }

  // Adds a node whose id is not in the index yet.
  void insert(Node node) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    place(hash(node->first), node);
    ++size_;
  }

  // Removes the id; returns its node, or nullopt when the id is not indexed.
  std::optional<Node> erase(std::string_view id) {
    if (slots_.empty()) return std::nullopt;
    const std::uint64_t h = hash(id);
    std::size_t i = h & mask();
    while (slots_[i].hash != kEmpty && !(slots_[i].hash == h && slots_[i].node->first == id)) i = (i + 1) & mask();
    if (slots_[i].hash == kEmpty) return std::nullopt;
    const Node removed = slots_[i].node;
    // Backward shift: pull later members of the probe run into the hole, so no
    // lookup ever passes an empty slot before reaching its key.
    for (std::size_t j = (i + 1) & mask();; j = (j + 1) & mask()) {
      if (slots_[j].hash == kEmpty) break;
      const std::size_t home = slots_[j].hash & mask();
      // Slot j may move to i only if its home is not in (i, j] (cyclically).
      const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (stays) continue;
      slots_[i] = slots_[j];
      i = j;
    }
    slots_[i] = Slot{};
    --size_;
    return removed;
  }

  void clear() {
    slots_.clear();
    size_ = 0;
  }
  void reserve(std::size_t n) {
    while (2 * n > slots_.size()) grow();
  }
  std::size_t size() const { return size_; }

 private:
  static constexpr std::uint64_t kEmpty = 0;
  struct Slot {
    std::uint64_t hash = kEmpty;
    Node node{};
  };

  static std::uint64_t hash(std::string_view id) {
    const std::uint64_t h = id_hash(id);
    return h == kEmpty ? 1 : h;  // 0 marks an empty slot
  }
  std::size_t mask() const { return slots_.size() - 1; }

  void place(std::uint64_t h, Node node) {
    std::size_t i = h & mask();
    while (slots_[i].hash != kEmpty) i = (i + 1) & mask();
    slots_[i] = Slot{h, node};
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(16, std::bit_ceil(old.size() * 2)), Slot{});
    for (const Slot& s : old)
      if (s.hash != kEmpty) place(s.hash, s.node);
  }

  std::vector<Slot> slots_;  // size 0 or a power of two
  std::size_t size_ = 0;
};

}  // namespace pss
