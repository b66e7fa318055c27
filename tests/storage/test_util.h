// Helpers for storage tests: a temporary data directory and a synchronous append.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <future>
#include <memory>
#include <string>

#include "storage/store.h"
#include "workload.h"

namespace pss::storage::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pss-storage-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& p) const { return path_ / p; }

 private:
  std::filesystem::path path_;
};

inline StoreOptions options_for(const std::filesystem::path& dir) {
  StoreOptions o;
  o.dir = dir;
  return o;
}

inline std::unique_ptr<Store> open_store(StoreOptions options) {
  auto store = Store::open(std::move(options));
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error());
  return store.ok() ? std::move(store).value() : nullptr;
}

inline std::unique_ptr<Store> open_store(const std::filesystem::path& dir) { return open_store(options_for(dir)); }

// Appends `count` workload changes, taking snapshots when the store says so, and waits
// until all are durable.
inline void append_changes(Store& store, const std::string& room, Workload& work, int count) {
  std::promise<void> done;
  auto left = std::make_shared<std::atomic<int>>(count);
  for (int i = 0; i < count; ++i) {
    auto rec = work.next();
    const auto clock = rec.clock;
    const bool due = store.append(room, std::move(rec), [&done, left](const Status& s) {
      EXPECT_TRUE(s.ok()) << s.error();
      if (--*left == 0) done.set_value();
    });
    if (due) store.write_snapshot(room, clock, work.map().snapshot_bytes());
  }
  if (count > 0) done.get_future().wait();
}

inline LoadedRoom load(Store& store, const std::string& room) {
  auto loaded = store.load_room(room, pss::Limits{});
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error());
  if (!loaded.ok()) return LoadedRoom{pss::StrategyMap::with_default_rows(), {}, 0, 0, false, {}};
  return std::move(loaded).value();
}

}  // namespace pss::storage::testing
