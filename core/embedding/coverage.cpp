// Vocabulary coverage of template words (see coverage.hpp).
#include "core/embedding/coverage.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/embedding/embedder.hpp"

namespace logsweep {
namespace {

std::string percent(std::size_t part, std::size_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buf;
}

std::vector<std::pair<std::string, std::size_t>> most_frequent(const std::map<std::string, std::size_t>& counts,
                                                               std::size_t top) {
  std::vector<std::pair<std::string, std::size_t>> all(counts.begin(), counts.end());
  // stable_sort keeps the map's byte order among equal counts.
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (all.size() > top) all.resize(top);
  return all;
}

}  // namespace

VocabularyCoverage measure_coverage(const std::vector<std::string>& texts,
                                    const std::function<bool(const std::string&)>& known, std::size_t top) {
  VocabularyCoverage c;
  std::map<std::string, std::size_t> unknown;
  std::map<std::string, bool> seen;  // one vocabulary query per distinct word
  for (const auto& text : texts) {
    ++c.templates;
    bool any = false;
    for (const auto& w : template_words(text)) {
      auto it = seen.find(w);
      if (it == seen.end()) it = seen.emplace(w, known(w)).first;
      ++c.words;
      if (it->second) {
        ++c.covered_words;
        any = true;
      } else {
        ++unknown[w];
      }
    }
    c.covered_templates += any;
  }
  c.top_unknown = most_frequent(unknown, top);
  return c;
}

std::string describe_coverage(const VocabularyCoverage& c) {
  std::string s = "vocabulary: " + std::to_string(c.covered_words) + "/" + std::to_string(c.words) +
                  " template words known (" + percent(c.covered_words, c.words) + "), " +
                  std::to_string(c.covered_templates) + "/" + std::to_string(c.templates) +
                  " templates with a known word (" + percent(c.covered_templates, c.templates) + ")";
  if (c.top_unknown.empty()) return s + "; no unknown words";
  s += "; most frequent unknown:";
  for (std::size_t i = 0; i < c.top_unknown.size(); ++i)
    s += (i ? ", " : " ") + c.top_unknown[i].first + " " + std::to_string(c.top_unknown[i].second);
  return s;
}

}  // namespace logsweep
