// Pretrained word vectors (GloVe / word2vec text format, or wink-embeddings JSON) pooled with
// TF-IDF, as MetaLog does: V_e = sum_w tf(w) * idf(w) * vec(w) (paper Eq. 1 without its extra
// 1/n_e factor, which only rescales every template of a length alike). Words missing from the
// file are skipped; a template with no known word gets the zero vector. Vectors are not
// normalised (Eq. 1).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <unordered_map>

#include "core/embedding/internal.hpp"
#include "core/embedding/wink_vectors.hpp"
#include "core/util/errors.hpp"
#include "core/util/hash.hpp"
#include "core/util/strings.hpp"

namespace logsweep::embedding_detail {
namespace {

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t b = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > b) out.push_back(line.substr(b, i - b));
  }
  return out;
}

bool is_integer(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// TF-IDF pooling over a fixed vocabulary, whatever file holds the vectors.
class PooledVectorsEmbedder : public Embedder {
 public:
  Matrix embed(const std::vector<std::string>& templates) const override {
    Matrix out(templates.size(), static_cast<std::size_t>(dim()));
    auto weighted = tfidf_words(templates);
    std::unordered_map<std::string, std::size_t> row_of;  // known word -> row of `vectors`
    std::vector<std::string> words;
    for (const auto& ww : weighted)
      for (const auto& [word, weight] : ww)
        if (has_word(word) && row_of.emplace(word, words.size()).second) words.push_back(word);
    const std::vector<float> vectors = vectors_of(words);
    const auto d = static_cast<std::size_t>(dim());
    for (std::size_t t = 0; t < templates.size(); ++t) {
      float* row = out.row(t);
      for (const auto& [word, weight] : weighted[t]) {
        auto it = row_of.find(word);
        if (it == row_of.end()) continue;
        const float* v = vectors.data() + it->second * d;
        for (std::size_t k = 0; k < d; ++k) row[k] += weight * v[k];
      }
    }
    return out;
  }

  std::optional<VocabularyCoverage> coverage(const std::vector<std::string>& templates) const override {
    return measure_coverage(templates, [this](const std::string& w) { return has_word(w); });
  }

 protected:
  virtual bool has_word(const std::string& word) const = 0;
  // The vectors of `words` (all known), dim() values each, row after row.
  virtual std::vector<float> vectors_of(const std::vector<std::string>& words) const = 0;
};

// The text format, loaded whole.
class GloveTextEmbedder : public PooledVectorsEmbedder {
 public:
  explicit GloveTextEmbedder(const std::string& path) { load(path); }

  int dim() const override { return dim_; }
  std::string identity() const override { return "glove-v1:" + digest_ + ":dim=" + std::to_string(dim_); }

 protected:
  bool has_word(const std::string& word) const override { return index_.count(word) != 0; }
  std::vector<float> vectors_of(const std::vector<std::string>& words) const override {
    const auto d = static_cast<std::size_t>(dim_);
    std::vector<float> out;
    out.reserve(words.size() * d);
    for (const auto& w : words) {
      const float* v = vectors_.data() + index_.at(w) * d;
      out.insert(out.end(), v, v + d);
    }
    return out;
  }

 private:
  void load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read word vectors file", where(path));
    Hasher content;
    std::string line;
    std::uint64_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      content.add(std::string_view(line));
      auto f = fields(line);
      if (f.empty()) continue;
      // word2vec's optional "count dim" header line.
      if (line_no == 1 && f.size() == 2 && is_integer(f[0]) && is_integer(f[1])) continue;
      add_vector(f, path, line_no);
    }
    if (in.bad()) throw InputError("error while reading word vectors", where(path, line_no));
    if (index_.empty()) throw InputError("no word vectors in file", where(path));
    digest_ = content.hex();
  }

  void add_vector(const std::vector<std::string>& f, const std::string& path, std::uint64_t line_no) {
    const int n = static_cast<int>(f.size()) - 1;
    if (n < 1) throw InputError("word vector line has a word but no numbers", where(path, line_no));
    if (dim_ == 0) dim_ = n;
    if (n != dim_)
      throw InputError("word vector has " + std::to_string(n) + " numbers, expected " + std::to_string(dim_) +
                           " (the first vector's length)",
                       where(path, line_no));
    std::size_t row = index_.size();
    if (!index_.emplace(f[0], row).second) return;  // a repeated word keeps its first vector, as gensim does
    for (int k = 1; k <= n; ++k) {
      const char* s = f[k].c_str();
      char* end = nullptr;
      errno = 0;
      float v = std::strtof(s, &end);
      if (end == s || *end != '\0' || (errno == ERANGE && std::isinf(v)))
        throw InputError("not a number: '" + printable_prefix(f[k], 30) + "'",
                         Location{path, line_no, 0, "component " + std::to_string(k)});
      vectors_.push_back(v);
    }
  }

  int dim_ = 0;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<float> vectors_;
  std::string digest_;
};

// The wink-embeddings JSON format: indexed at construction, a vector parsed only when a
// template uses its word (the 307 MB file of GloVe 6B 100d holds 341,479 words; logs use a
// few thousand).
class GloveJsonEmbedder : public PooledVectorsEmbedder {
 public:
  explicit GloveJsonEmbedder(const std::string& path) : path_(path), index_(index_wink_file(path)) {}

  int dim() const override { return index_.dim; }
  std::string identity() const override {
    return "glove-json-v1:" + index_.digest + ":dim=" + std::to_string(index_.dim);
  }

 protected:
  bool has_word(const std::string& word) const override { return index_.offsets.count(word) != 0; }
  std::vector<float> vectors_of(const std::vector<std::string>& words) const override {
    return read_wink_vectors(path_, index_, words);
  }

 private:
  std::string path_;
  WinkIndex index_;
};

}  // namespace

std::unique_ptr<Embedder> make_glove(const std::string& path) {
  if (path.empty()) throw ConfigError("glove embedder needs a vectors file", config_field("path"));
  if (looks_like_json_object(path)) return std::make_unique<GloveJsonEmbedder>(path);
  return std::make_unique<GloveTextEmbedder>(path);
}

}  // namespace logsweep::embedding_detail
