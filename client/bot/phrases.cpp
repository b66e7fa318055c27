#include "phrases.h"

namespace pss::bot {
namespace {

template <std::size_t N>
std::string pick(const char* const (&list)[N], std::mt19937_64& rng) {
  return list[rng() % N];
}

constexpr const char* kKey[] = {"Fewer people smoke",          "Healthier local population",
                                "Reduced health inequalities", "Fewer hospital admissions",
                                "Safer neighbourhoods",        "More people in work",
                                "Children ready for school",   "Older people live independently"};
constexpr const char* kUser[] = {"Service users feel listened to", "Easy to get an appointment",
                                 "Carers feel supported",          "Residents trust the service",
                                 "Quicker help in a crisis",       "Partners share information",
                                 "Clients set their own goals"};
constexpr const char* kFinancial[] = {"Lower cost per quit",        "Value for money for the council",
                                      "Fewer repeat referrals",     "Reduced agency spend",
                                      "Savings reinvested locally", "Budget balanced each year"};
constexpr const char* kProcess[] = {
    "Stop-smoking clinics", "Outreach in GP surgeries", "Single point of referral",       "Follow-up calls at 4 weeks",
    "Joint case reviews",   "Online self-referral",     "Home visits for frail patients", "Peer support groups"};
constexpr const char* kLeadership[] = {"Clear shared vision", "Board sponsors the programme",
                                       "Managers remove barriers", "Decisions made close to users"};
constexpr const char* kPeople[] = {"Trained advisers",          "Partnership with pharmacies", "Volunteers recruited",
                                   "Staff wellbeing programme", "Joint team with the NHS",     "Community champions"};
constexpr const char* kResources[] = {"Shared case records",     "Nicotine replacement stock",
                                      "Clinic rooms in schools", "Mobile outreach van",
                                      "Data dashboard",          "Multi-year funding"};
constexpr const char* kCulture[] = {"Learning, not blame", "Try small pilots first", "Listen to service users",
                                    "Celebrate what works", "Share lessons across teams"};
constexpr const char* kRationale[] = {"evidence from the 2023 pilot",
                                      "users said so in the workshop",
                                      "NICE guidance",
                                      "local audit",
                                      "partners agree",
                                      ""};

}  // namespace

std::string pick_title(const std::string& row_id, std::mt19937_64& rng) {
  if (row_id == "key-outcomes") return pick(kKey, rng);
  if (row_id == "user-outcomes") return pick(kUser, rng);
  if (row_id == "financial-outcomes") return pick(kFinancial, rng);
  if (row_id == "processes") return pick(kProcess, rng);
  if (row_id == "leadership") return pick(kLeadership, rng);
  if (row_id == "people") return pick(kPeople, rng);
  if (row_id == "resources") return pick(kResources, rng);
  return pick(kCulture, rng);
}

std::string pick_rationale(std::mt19937_64& rng) { return pick(kRationale, rng); }

}  // namespace pss::bot
