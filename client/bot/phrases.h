// Realistic card titles for simulated PSS workshops, per row of the default map.
#pragma once

#include <random>
#include <string>

namespace pss::bot {

// A title suitable for a card in row `row_id` (a default row id); any row works.
std::string pick_title(const std::string& row_id, std::mt19937_64& rng);
// A short rationale for an arrow ("contributes to").
std::string pick_rationale(std::mt19937_64& rng);

}  // namespace pss::bot
