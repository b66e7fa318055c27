#include "text/text_wrap.h"

namespace pss::text {

std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// Longest prefix of `word` (whole characters, at least one) no wider than max_width.
std::size_t fitting_prefix(std::string_view word, double max_width, const MeasureText& measure) {
  std::size_t cut = std::min(word.size(), utf8_length(static_cast<unsigned char>(word[0])));
  while (cut < word.size()) {
    const std::size_t next = std::min(word.size(), cut + utf8_length(static_cast<unsigned char>(word[cut])));
    if (measure(word.substr(0, next)) > max_width) break;
    cut = next;
  }
  return cut;
}

void pop_char(std::string& s) {
  std::size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;  // continuation bytes
  s.resize(i > 0 ? i - 1 : 0);
}

}  // namespace

std::vector<std::string> wrap_text(std::string_view text, double max_width, int max_lines,
                                   const MeasureText& measure) {
  std::vector<std::string> lines;
  if (text.empty() || max_lines <= 0) return lines;
  const auto full = [&] { return static_cast<int>(lines.size()) >= max_lines; };
  bool truncated = false;
  std::string line;
  const auto paragraphs = split(text, '\n');
  for (std::size_t p = 0; p < paragraphs.size() && !truncated; ++p) {
    for (std::string_view word : split(paragraphs[p], ' ')) {
      if (word.empty()) continue;
      std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
      if (measure(candidate) <= max_width) {
        line = std::move(candidate);
        continue;
      }
      if (!line.empty()) {
        lines.push_back(std::move(line));
        line.clear();
        if (full()) {
          truncated = true;
          break;
        }
      }
      while (measure(word) > max_width) {
        const std::size_t cut = fitting_prefix(word, max_width, measure);
        if (cut >= word.size()) break;
        lines.emplace_back(word.substr(0, cut));
        word.remove_prefix(cut);
        if (full()) {
          truncated = true;
          break;
        }
      }
      if (truncated) break;
      line = std::string(word);
    }
    if (truncated) break;
    lines.push_back(std::move(line));
    line.clear();
    if (full() && p + 1 < paragraphs.size()) truncated = true;
  }
  if (truncated && !lines.empty()) {
    std::string& last = lines.back();
    while (!last.empty() && (last.back() == ' ' || measure(last + std::string(kEllipsis)) > max_width)) pop_char(last);
    last += kEllipsis;
  }
  return lines;
}

}  // namespace pss::text
