// The records of one type: sorted by id, because snapshots and every walk over the map
// must be the same on every replica, plus a flat hash index on the id (id_index.h),
// because each op looks its record up and a tree of 10,000 ids costs a dozen cache
// misses per lookup.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "model/id_index.h"

namespace pss {

template <class T>
class RecordTable {
 public:
  using Map = std::map<std::string, T>;

  RecordTable() = default;
  // A copy indexes its own nodes; a move keeps the nodes, so the index stays true.
  RecordTable(const RecordTable& other) : map_(other.map_) { reindex(); }
  RecordTable& operator=(const RecordTable& other) {
    if (this != &other) {
      map_ = other.map_;
      reindex();
    }
    return *this;
  }
  RecordTable(RecordTable&&) noexcept = default;
  RecordTable& operator=(RecordTable&&) noexcept = default;

  const Map& map() const { return map_; }
  std::size_t size() const { return map_.size(); }
  bool contains(std::string_view id) const { return index_.find(id) != nullptr; }

  T* find(std::string_view id) {
    auto* node = index_.find(id);
    return node ? &(*node)->second : nullptr;
  }
  const T* find(std::string_view id) const {
    auto* node = index_.find(id);
    return node ? &(*node)->second : nullptr;
  }

  // Adds a record whose id is not in the table yet.
  T& insert(std::string id, T record) {
    auto it = map_.emplace(std::move(id), std::move(record)).first;
    index_.insert(it);
    return it->second;
  }

  void erase(std::string_view id) {
    // The index forgets the id before the node its key lives in goes.
    if (auto node = index_.erase(id)) map_.erase(*node);
  }

 private:
  void reindex() {
    index_.clear();
    index_.reserve(map_.size());
    for (auto it = map_.begin(); it != map_.end(); ++it) index_.insert(it);
  }

  Map map_;
  IdIndex<typename Map::iterator> index_;  // points into map_'s nodes
};

}  // namespace pss
