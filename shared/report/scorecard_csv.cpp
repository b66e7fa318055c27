#include <charconv>

#include "method/measure.h"
#include "report/formats.h"

namespace pss::report {
namespace {

// RFC 4180: quote a field holding a comma, quote or line break; double its quotes.
std::string field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::string();
}

}  // namespace

std::string scorecard_csv(const StrategyMap& map) {
  std::string out =
      "row,element,measure,unit,baseline,target,latest_date,latest_value,status,trend,owner,frequency,data_source\r\n";
  for (const auto& r : method::scorecard(map)) {
    const pb::Measure& m = *r.measure;
    const std::string cells[] = {
        field(r.row ? r.row->label() : ""),
        field(r.element->title()),
        field(m.name()),
        field(m.unit()),
        number(m.baseline()),
        m.has_target() ? number(m.target()) : "",
        r.latest ? r.latest->date() : "",
        r.latest ? number(r.latest->value()) : "",
        std::string(method::rag_name(r.status)),
        std::string(method::trend_name(r.trend)),
        field(m.owner()),
        field(m.frequency()),
        field(m.data_source()),
    };
    for (std::size_t i = 0; i < std::size(cells); ++i) out += (i ? "," : "") + cells[i];
    out += "\r\n";
  }
  return out;
}

}  // namespace pss::report
