// LinkIndex: the arrows at each element and the arrow between each pair of ends, so
// removing a card finds its arrows and a new arrow finds its duplicate in one hash
// probe each, without a walk down trees of string keys.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/id_hash.h"

namespace pss {

class LinkIndex {
 public:
  void add(const std::string& id, const std::string& from, const std::string& to) {
    at_element_[from].push_back(id);
    at_element_[to].push_back(id);
    between_[Ends{from, to}] = id;
  }

  void remove(const std::string& id, const std::string& from, const std::string& to) {
    for (const std::string* end : {&from, &to}) {
      auto at = at_element_.find(*end);
      if (at == at_element_.end()) continue;
      auto& ids = at->second;
      if (auto it = std::find(ids.begin(), ids.end(), id); it != ids.end()) {
        *it = std::move(ids.back());
        ids.pop_back();
      }
      if (ids.empty()) at_element_.erase(at);
    }
    if (auto it = between_.find(EndsView{from, to}); it != between_.end() && it->second == id) between_.erase(it);
  }

  // Ids of the arrows that start or end at the element, sorted (replicas must agree
  // on the order in which a card's arrows are removed).
  std::vector<std::string> at(std::string_view element) const {
    auto it = at_element_.find(element);
    if (it == at_element_.end()) return {};
    std::vector<std::string> ids = it->second;
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // The id of the arrow from `from` to `to`, or null.
  const std::string* between(std::string_view from, std::string_view to) const {
    auto it = between_.find(EndsView{from, to});
    return it == between_.end() ? nullptr : &it->second;
  }

 private:
  using Ends = std::pair<std::string, std::string>;
  using EndsView = std::pair<std::string_view, std::string_view>;
  struct EndsHash {
    using is_transparent = void;
    std::size_t operator()(const EndsView& e) const { return IdHash{}(e.first) * 31 + IdHash{}(e.second); }
    std::size_t operator()(const Ends& e) const { return (*this)(EndsView{e.first, e.second}); }
  };
  struct EndsEqual {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return std::string_view(a.first) == std::string_view(b.first) &&
             std::string_view(a.second) == std::string_view(b.second);
    }
  };

  std::unordered_map<std::string, std::vector<std::string>, IdHash, std::equal_to<>> at_element_;
  std::unordered_map<Ends, std::string, EndsHash, EndsEqual> between_;
};

}  // namespace pss
