#pragma once
// The HDF5 dataset cache: `prepare` writes one file per dataset holding each stage's output
// under its stage key; a later prepare reuses every stage whose key is unchanged.
//
// File <cache_dir>/<name>.h5 (documented in the README):
//   /parse    attrs key, source_path, lines, malformed, anomalous; datasets templates (strings),
//             line_event (int32), line_label (int8), line_time (int64)
//   /embed    attrs key, embedder; dataset embeddings (float32, templates x dim)
//   /windows  attrs key; datasets seq_offsets (int64), seq_events (int32), window_seq (int32),
//             window_label (int8), window_time (int64), window_role (int8)
#include <string>

#include "core/data/dataset.hpp"

namespace logsweep {

struct CacheReport {
  bool parse_reused = false, embed_reused = false, windows_reused = false;
  std::string file;
  double seconds = 0;
  std::string summary() const;  // "reused parse, embed; rebuilt windows"
};

// Loads the dataset from the cache, rebuilding and storing the stages whose key changed.
// A foreign/corrupt cache file is a StorageError (never silently overwritten).
PreparedDataset load_or_prepare(const DatasetSpec& spec, const Embedder& embedder,
                                const std::string& cache_dir, CacheReport* report = nullptr);

}  // namespace logsweep
