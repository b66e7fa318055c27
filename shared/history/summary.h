// One recorded change in words, for the replay timeline's event list:
// "Ann moved 'Reduce smoking'", "Bob created process 'Outreach'", "Carol linked
// 'A' → 'B'", "Dan deleted 'Old idea'", "Eve moved 5 cards".
#pragma once

#include <string>

#include "model/strategy_map.h"
#include "pss.pb.h"

namespace pss::history {

// `before` is the map just before the change (it names what is removed or patched).
std::string summarize(const pb::RecordedChange& change, const StrategyMap& before);

}  // namespace pss::history
