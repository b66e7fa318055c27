#include "storage/history.h"

namespace pss::storage {

pss::v1::RecordedChange to_recorded(const ChangeRecord& record) {
  pss::v1::RecordedChange out;
  out.set_clock(record.clock);
  out.set_wall_ms(record.wall_ms);
  out.set_session_id(record.session_id);
  out.set_author(record.author);
  out.set_client_id(record.client_id);
  out.set_client_seq(record.client_seq);
  *out.mutable_ops() = record.change.ops();
  return out;
}

pss::v1::RecordedSession to_recorded(const SessionEvent& event) {
  pss::v1::RecordedSession out;
  out.set_kind(event.kind == SessionEventKind::join ? pss::v1::RecordedSession::JOIN : pss::v1::RecordedSession::LEAVE);
  out.set_wall_ms(event.wall_ms);
  out.set_clock(event.clock);
  out.set_session_id(event.session_id);
  out.set_display_name(event.display_name);
  out.set_group(event.group);
  return out;
}

pss::v1::RecordedPresence to_recorded(const PresenceSample& sample) {
  pss::v1::RecordedPresence out;
  out.set_wall_ms(sample.wall_ms);
  out.set_session_id(sample.session_id);
  out.mutable_cursor()->set_x(sample.x);
  out.mutable_cursor()->set_y(sample.y);
  out.set_cursor_visible(sample.visible);
  for (const auto& id : sample.selection) out.add_selection(id);
  return out;
}

pss::v1::RecordedEvent to_recorded(const FacilitationEvent& event) {
  pss::v1::RecordedEvent out;
  out.set_wall_ms(event.wall_ms);
  out.set_clock(event.clock);
  out.set_session_id(event.session_id);
  out.set_kind(event.kind);
  out.set_payload(event.payload);
  return out;
}

Result<pss::v1::History> read_history(RoomReader& reader, const std::string& room, const pss::Limits& limits,
                                      std::uint64_t from_clock, std::uint64_t to_clock) {
  auto base = reader.state_at(from_clock, limits);
  if (!base) return Error{base.error()};
  pss::v1::History history;
  history.set_room(room);
  *history.mutable_base() = base->snapshot();

  // Recordings start at the wall time of the base: the first change after it, or the
  // beginning when the base is the empty room.
  std::int64_t from_ms = 0;
  std::int64_t to_ms = RoomReader::kForever;
  Status status = reader.changes(from_clock + 1, to_clock, [&](const ChangeRecord& record) {
    if (history.changes_size() == 0 && from_clock > 0) from_ms = record.wall_ms;
    *history.add_changes() = to_recorded(record);
    return true;
  });
  if (!status) return Error{status.error()};
  if (to_clock != RoomReader::kEnd && history.changes_size() > 0) {
    to_ms = history.changes(history.changes_size() - 1).wall_ms() + 1;
  }

  status = reader.session_events(from_ms, to_ms, [&](const SessionEvent& e) {
    *history.add_sessions() = to_recorded(e);
    return true;
  });
  if (!status) return Error{status.error()};
  status = reader.presence(from_ms, to_ms, [&](const PresenceSample& s) {
    *history.add_presence() = to_recorded(s);
    return true;
  });
  if (!status) return Error{status.error()};
  status = reader.events(from_ms, to_ms, [&](const FacilitationEvent& e) {
    *history.add_events() = to_recorded(e);
    return true;
  });
  if (!status) return Error{status.error()};
  return history;
}

}  // namespace pss::storage
