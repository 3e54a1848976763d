#pragma once
// Pieces shared by the embedder implementations (not part of the module's contract).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/embedding/embedder.hpp"
#include "core/util/errors.hpp"

namespace logsweep::embedding_detail {

inline Location where(const std::string& file, std::uint64_t line = 0) {
  Location l;
  l.file = file;
  l.line = line;
  return l;
}
inline Location config_field(const std::string& field) {
  Location l;
  l.field = field;
  return l;
}

// Per template, its distinct words with weight tf(w) * idf(w): tf = count / words in the
// template, idf = log((1 + N) / (1 + df)) + 1 over the N given templates (smoothed, as
// scikit-learn does, so a word present everywhere still counts).
using WeightedWords = std::vector<std::pair<std::string, float>>;
std::vector<WeightedWords> tfidf_words(const std::vector<std::string>& templates);

// Stable across hosts and builds (FNV-1a then a splitmix64 finaliser for well-mixed low bits).
std::uint64_t stable_hash(const std::string& s, std::uint64_t salt = 0);

// Hex digest of a file's bytes; InputError when it cannot be read.
std::string file_digest(const std::string& path);

void l2_normalise(float* v, std::size_t n);

std::unique_ptr<Embedder> make_hashed(int dim);
std::unique_ptr<Embedder> make_glove(const std::string& path);
std::unique_ptr<Embedder> make_torchscript(const std::string& path);
std::unique_ptr<Embedder> with_interpretations(std::unique_ptr<Embedder> base, const std::string& path);

}  // namespace logsweep::embedding_detail
