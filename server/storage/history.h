// read_history: one room's recording as a pb::History (proto/pss.proto, "recordings"),
// the form replay, export and the client's timeline all read. The map at from_clock
// is the base; every change after it follows, with the joins, leaves, presence samples
// and facilitator events recorded from that moment on.
#pragma once

#include <cstdint>

#include "model/limits.h"
#include "pss.pb.h"
#include "storage/result.h"
#include "storage/room_reader.h"

namespace pss::storage {

Result<pss::v1::History> read_history(RoomReader& reader, const std::string& room, const pss::Limits& limits,
                                      std::uint64_t from_clock = 0, std::uint64_t to_clock = RoomReader::kEnd);

// The conversions, for tools that read records one at a time.
pss::v1::RecordedChange to_recorded(const ChangeRecord& record);
pss::v1::RecordedSession to_recorded(const SessionEvent& event);
pss::v1::RecordedPresence to_recorded(const PresenceSample& sample);
pss::v1::RecordedEvent to_recorded(const FacilitationEvent& event);

}  // namespace pss::storage
