#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace logsweep {

std::vector<std::string> split(std::string_view s, char sep);
std::string_view trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
// A-Z lowered, every other byte kept (no locale: UTF-8 bytes pass through unchanged).
std::string ascii_lower(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` by edit distance ("" if none is reasonably close).
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);
// "did you mean 'x'? valid: a, b, c"
std::string suggest(std::string_view word, const std::vector<std::string>& candidates);
// Printable, shortened copy of arbitrary (possibly binary) bytes for error messages.
std::string printable_prefix(std::string_view bytes, std::size_t max_len = 60);
// Text for a Markdown table cell: '|' escaped as '\|' so it cannot end the cell.
std::string markdown_cell(std::string_view text);

}  // namespace logsweep
