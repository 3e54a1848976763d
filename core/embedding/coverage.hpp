#pragma once
// How much of a dataset's template words a fixed vocabulary (a GloVe file) knows, counted on the
// words the embedder itself sees: template_words() (punctuation, "<*>" and digits dropped,
// camelCase and snake_case split, lower-cased). A word the vocabulary lacks adds nothing to its
// template's vector, so a low share says the vectors do not suit these logs.
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace logsweep {

struct VocabularyCoverage {
  std::size_t templates = 0;          // templates measured
  std::size_t covered_templates = 0;  // of them, with at least one known word
  std::size_t words = 0;              // words of all templates, a word repeated in a template counted each time
  std::size_t covered_words = 0;      // of them, known
  // The most frequent unknown words with their counts (as in `words`), most frequent first,
  // ties in byte order of the word.
  std::vector<std::pair<std::string, std::size_t>> top_unknown;
};

// Counts over `texts` (one per template; each counted once, whatever its line count).
VocabularyCoverage measure_coverage(const std::vector<std::string>& texts,
                                    const std::function<bool(const std::string&)>& known, std::size_t top = 10);

// One line: "vocabulary: 412/450 template words known (91.6%), 105/108 templates with a known
// word (97.2%); most frequent unknown: rts 12, ciod 8" ("; no unknown words" when none).
std::string describe_coverage(const VocabularyCoverage& c);

}  // namespace logsweep
