// Small helpers over protocol records: building ops, looking records up by type and
// id, and comparing single fields (by field number, through protobuf reflection) so
// undo can tell whether a field still holds the value we set.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "model/strategy_map.h"
#include "pss.pb.h"

namespace pss::ui {

namespace pb = ::pss::v1;

pb::Op put_op(const pb::Element& e);
pb::Op put_op(const pb::Link& l);
pb::Op put_op(const pb::Record& r);
pb::Op remove_op(pb::RecordType type, const std::string& id);
// A patch setting `fields` of `value`'s record to the values in `value`.
pb::Op patch_op(const pb::Record& value, const std::vector<std::uint32_t>& fields);
pb::Op patch_op(const pb::Element& value, std::initializer_list<std::uint32_t> fields);

std::optional<pb::Record> find_record(const StrategyMap& map, pb::RecordType type, const std::string& id);

// Field numbers a client may change (what a patch may list, what undo compares).
std::vector<std::uint32_t> content_fields(pb::RecordType type);
bool field_equal(const pb::Record& a, const pb::Record& b, std::uint32_t field);
bool content_equal(const pb::Record& a, const pb::Record& b);

// Fresh record ids: kind letter, milliseconds since the epoch in fixed-width base 36
// (so ids sort by creation time and newer cards draw on top), a per-client tag and a
// counter (unique within the millisecond).
class IdSource {
 public:
  using Clock = std::function<std::uint64_t()>;  // milliseconds
  explicit IdSource(std::string client_tag, Clock now_ms = {});
  std::string next(char kind);
  static std::string random_tag();

 private:
  std::string tag_;
  Clock now_ms_;
  std::uint64_t counter_ = 0;
};

}  // namespace pss::ui
