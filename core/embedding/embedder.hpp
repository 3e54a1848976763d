#pragma once
// Event embedding into one semantic space shared by all systems: the same words give the same
// vector whatever system they come from, so a model trained on one system reads another.
//
// Implementations:
//   hashed      default, weight-free: TF-IDF-weighted hashed word + character n-gram vectors
//               of the camelCase/punctuation-split template (deterministic).
//   glove       word vectors from a GloVe/word2vec text file aggregated with TF-IDF (MetaLog).
//   torchscript a scripted sentence encoder given by path.
// An optional interpretation file (template<TAB>text per line) replaces a template by its
// natural-language interpretation before embedding (LogSynergy's LEI).
#include <map>
#include <memory>
#include <string>
#include <vector>

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

class Embedder {
 public:
  virtual ~Embedder() = default;
  // One row per template. IDF is computed over `templates` (per system, as MetaLog does).
  virtual Matrix embed(const std::vector<std::string>& templates) const = 0;
  virtual int dim() const = 0;
  // Stable text naming everything that determines the vectors (kind, file hash, dim...): part of
  // the dataset cache key.
  virtual std::string identity() const = 0;
};

// Throws InputError for a missing/unreadable/malformed vectors, module or interpretation file
// (naming file and line), ConfigError for an unknown kind.
std::unique_ptr<Embedder> make_embedder(const EmbedSpec& spec);

// Reads "template<TAB>interpretation" lines; InputError with file:line on a malformed line.
std::map<std::string, std::string> load_interpretations(const std::string& path);

}  // namespace logsweep
