#pragma once
// The HDF5 dataset cache: `prepare` writes one file per dataset holding each stage's output
// under its stage key; a later prepare reuses every stage whose key is unchanged.
//
// File <cache_dir>/<name>.h5 (documented in the README); root attrs format="logsweep-dataset-cache",
// format_version, name, key (= StageKeys::all of the stored stages):
//   /parse    attrs key, source_path, lines, records, malformed, anomalous; datasets templates (strings),
//             line_event (int32), line_label (int8), line_time (int64); when the reader gives
//             sessions also session_names (strings) + line_session (int32 index into them), so
//             session windows can be re-cut without re-parsing; when lines were malformed, the
//             first ones the reader kept (ReadStats::examples): malformed_line (uint64),
//             malformed_reason, malformed_prefix (strings)
//   /embed    attrs key, embedder; dataset embeddings (float32, templates x dim)
//   /windows  attrs key; datasets seq_offsets (int64), seq_events (int32), window_seq (int32),
//             window_label (int8), window_time (int64), window_role (int8)
// The file is always rewritten whole, from an in-memory image (checked write + fsync + rename): a
// crash or a full disk never leaves a half-written cache under the final name. The temporary file
// of a killed write ("<name>.h5.tmp-<pid>") is removed by a later load_or_prepare once its pid is
// dead on this host and it is a minute old. Every string is stored as valid UTF-8 (invalid bytes
// as "\xNN", core/logs/utf8.hpp); source_path is where the log was read when the parse stage was
// built (informative only: the keys cover the file's content, not its path).
#include <string>

#include "core/data/dataset.hpp"

namespace logsweep {

struct CacheReport {
  bool parse_reused = false, embed_reused = false, windows_reused = false;
  std::string file;
  double seconds = 0;
  std::string summary() const;  // "reused parse, embed; rebuilt windows"
};

// Loads the dataset from the cache, rebuilding and storing the stages whose key changed. The
// keys come from stage_keys(spec, embedder, cache_dir): cache_dir also holds the record that
// spares re-hashing unchanged log files (core/data/file_digest.hpp); it is created if missing.
// A foreign/corrupt cache file is a StorageError (never silently overwritten).
PreparedDataset load_or_prepare(const DatasetSpec& spec, const Embedder& embedder,
                                const std::string& cache_dir, CacheReport* report = nullptr);

// ---- The file layout alone (no stage computation): used by load_or_prepare, tools and tests.

constexpr const char* kDatasetCacheFormat = "logsweep-dataset-cache";
constexpr int kDatasetCacheFormatVersion = 1;

// <cache_dir>/<name>.h5, with characters other than [A-Za-z0-9._-] in name replaced by '_'.
std::string cache_file_path(const std::string& cache_dir, const std::string& name);
// Stage keys stored in `file` ("" for an absent stage). StorageError for a non-HDF5 or foreign
// file (one without format="logsweep-dataset-cache").
StageKeys read_cache_keys(const std::string& file);
// Writes all three stages of `d` under `keys` (in-memory image, tmp + fsync + rename). StorageError
// "cannot write dataset cache <file> (disk full?): ..." leaves `file` as it was.
void write_dataset_cache(const std::string& file, const PreparedDataset& d, const StageKeys& keys,
                         const std::string& embedder_identity, const std::string& source_path);
// Reads all three stages; PreparedDataset::cache_key = the stored root key.
PreparedDataset read_dataset_cache(const std::string& file);

}  // namespace logsweep
