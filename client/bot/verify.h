// pss-bot --verify: every participant's view and confirmed map against a fresh joiner.
#pragma once

#include <memory>
#include <ostream>
#include <vector>

#include "participant.h"

namespace pss::bot {

// Prints "converged <hash>" (as the last line on `out`) and returns 0, or prints what
// differs and returns 1.
int verify(std::vector<std::unique_ptr<Participant>>& people, const BotOptions& options, boost::asio::io_context& io,
           std::ostream& out, std::ostream& err);

// "12 elements, 5 links, clock 80" and the first ids where two maps differ.
std::string describe(const StrategyMap& map);
std::string first_differences(const StrategyMap& a, const StrategyMap& b, std::size_t max = 5);

}  // namespace pss::bot
