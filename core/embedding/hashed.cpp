// The weight-free default embedder: fastText-like hashed subword vectors, TF-IDF pooled.
//
// A word's vector is the sum of signed one-hot vectors of the word itself and of its character
// 3..5-grams (with "<" ">" boundary markers), each feature hashed to one dimension and sign.
// Words sharing subwords ("disconnect"/"disconnected") share most features, so their vectors
// are close; the hash is stable, so the same word gets the same vector in every system.
#include <unordered_map>

#include "core/embedding/internal.hpp"
#include "core/util/errors.hpp"

namespace logsweep::embedding_detail {
namespace {

constexpr std::uint64_t kFeatureSalt = 0x6c6f6773776565ULL;  // "logswee": versioned with identity()

std::vector<std::string> word_features(const std::string& word) {
  std::vector<std::string> f{word};
  const std::string marked = "<" + word + ">";
  for (std::size_t n = 3; n <= 5; ++n) {
    if (marked.size() < n) break;
    // '#' keeps the n-gram "abc" apart from the word "abc".
    for (std::size_t i = 0; i + n <= marked.size(); ++i) f.push_back("#" + marked.substr(i, n));
  }
  return f;
}

class HashedEmbedder : public Embedder {
 public:
  explicit HashedEmbedder(int dim) : dim_(dim) {}

  Matrix embed(const std::vector<std::string>& templates) const override {
    Matrix out(templates.size(), static_cast<std::size_t>(dim_));
    std::unordered_map<std::string, std::vector<float>> cache;
    auto weighted = tfidf_words(templates);
    for (std::size_t t = 0; t < templates.size(); ++t) {
      float* row = out.row(t);
      for (auto& [word, weight] : weighted[t]) {
        auto it = cache.find(word);
        if (it == cache.end()) it = cache.emplace(word, word_vector(word)).first;
        for (int k = 0; k < dim_; ++k) row[k] += weight * it->second[k];
      }
      l2_normalise(row, out.cols);
    }
    return out;
  }

  int dim() const override { return dim_; }
  std::string identity() const override { return "hashed-v1:dim=" + std::to_string(dim_) + ":ngrams=3-5"; }

 private:
  std::vector<float> word_vector(const std::string& word) const {
    std::vector<float> v(static_cast<std::size_t>(dim_), 0.0f);
    for (auto& f : word_features(word)) {
      std::uint64_t h = stable_hash(f, kFeatureSalt);
      v[h % static_cast<std::uint64_t>(dim_)] += (h >> 63) ? -1.0f : 1.0f;
    }
    l2_normalise(v.data(), v.size());
    return v;
  }

  int dim_;
};

}  // namespace

std::unique_ptr<Embedder> make_hashed(int dim) {
  if (dim < 1) throw ConfigError("hashed embedder needs dim >= 1, got " + std::to_string(dim), config_field("dim"));
  return std::make_unique<HashedEmbedder>(dim);
}

}  // namespace logsweep::embedding_detail
