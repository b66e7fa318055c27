// The room database file: its name, its schema, how it is created and how an existing
// file is recognised. One file per room (DIR/rooms/<room>.sqlite): a room is the unit
// of ownership, so a room can be copied, archived or moved to another process alone,
// and rooms never share a lock or a WAL.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "storage/result.h"
#include "storage/sqlite.h"

namespace pss::storage::schema {

inline constexpr std::int32_t kApplicationId = 0x50535342;  // "PSSB" in the file header
inline constexpr std::int32_t kVersion = 1;                 // PRAGMA user_version
inline constexpr std::string_view kRoomSuffix = ".sqlite";

// Room names as the protocol allows them: 1-64 of [A-Za-z0-9_.-]. With the suffix
// appended even "." and ".." make plain file names.
bool valid_room_name(std::string_view room);
std::filesystem::path room_file(const std::filesystem::path& rooms_dir, std::string_view room);
// The room a directory entry belongs to, if it is a room database.
std::optional<std::string> room_of(const std::filesystem::path& file);
std::filesystem::path wal_of(const std::filesystem::path& file);

// Creates a room file holding the schema and `base_snapshot` at clock 0, atomically:
// written under a temporary name, synced, then renamed, so a crash leaves either no
// room or a complete empty one (never a half-made file that would look corrupt).
// Costs two fsyncs: callers keep it off the writer thread when they can.
Status create_room_file(const std::filesystem::path& file, std::string_view room, std::string_view base_snapshot,
                        std::int64_t now_ms);
// Temporaries of creations that a crash interrupted (safe to delete: never acknowledged).
bool is_creation_leftover(const std::filesystem::path& file);

// Is this one of our room files, at a schema version we understand? Reads the header
// and the table list only; does not scan the data.
Status check(sql::Db& db);
// PRAGMA quick_check: structure of every page. O(file size).
Status quick_check(sql::Db& db);

// WAL, the chosen synchronous level, and settings for a long-lived writer connection.
Status configure_writer(sql::Db& db, bool sync_full);

}  // namespace pss::storage::schema
