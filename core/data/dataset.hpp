#pragma once
// A prepared dataset: everything a method needs about one system, produced by
// logs -> events (Drain) -> embeddings -> windows -> split, and cached in HDF5 by results/.
#include <cstdint>
#include <string>
#include <vector>

#include "core/embedding/embedder.hpp"
#include "core/logs/reader.hpp"
#include "core/parsing/drain.hpp"
#include "core/util/matrix.hpp"
#include "core/windows/windows.hpp"

namespace logsweep {

struct DatasetSpec {
  std::string name;   // user-facing name ("BGL", "synthA"...)
  ReaderSpec reader;
  DrainParams drain;
  WindowSpec window;
  SplitSpec split;
};

struct PreparedDataset {
  std::string name;
  std::string cache_key;                 // hash of everything that produced it
  std::vector<std::string> templates;    // event id -> template text
  Matrix embeddings;                     // templates.size() x dim, shared semantic space
  LineEvents lines;                      // per-line event id, label, time (session not kept)
  WindowSet windows;
  ReadStats read_stats;
};

// Stage keys: each covers its inputs plus the previous stage's key, so a changed window
// parameter rebuilds windows only, a changed embedder re-embeds only.
struct StageKeys {
  // reader spec + content (size and hash of the bytes, see file_digest.hpp; not the path, not
  // the mtime) of the log and label files + drain params + whether sessions are kept (they are
  // only for session windows)
  std::string parse;
  std::string embed;    // parse + embedder identity
  std::string windows;  // parse + window spec + split spec
  std::string all;      // embed + windows
};
// 16 hex digits each. Throws InputError naming the file when the log or label file is missing.
// `memo_dir` (the cache directory; "" = none) holds the side record that spares re-hashing
// unchanged files (file_digest.hpp); the keys never depend on it.
StageKeys stage_keys(const DatasetSpec& spec, const Embedder& embedder, const std::string& memo_dir = "");

// The pure stages (no caching; results/store/dataset_cache.hpp adds the cache around them).
struct ParsedLog {
  std::vector<std::string> templates;
  LineEvents lines;
  ReadStats stats;
};
// Reads every record through Drain; lines.session is filled only for session windows;
// templates are taken after the last line. Templates and session names are valid UTF-8 (bytes
// that are not are written "\xNN", core/logs/utf8.hpp): what a run computes on is what the
// cache file can hold. InputError when no line is usable. `drain_out`, when given, receives the
// Drain after the last line: a detector continues parsing new lines from it (`logsweep detect`).
ParsedLog parse_log(const DatasetSpec& spec, Drain* drain_out = nullptr);
Matrix embed_templates(const std::vector<std::string>& templates, const Embedder& embedder);
WindowSet make_windows(const LineEvents& lines, const DatasetSpec& spec);

// All stages at once, uncached (tests, benchmarks). cache_key = stage_keys(...).all; lines keep
// no sessions. Errors get the context "while preparing dataset '<name>'".
PreparedDataset prepare_uncached(const DatasetSpec& spec, const Embedder& embedder);

}  // namespace logsweep
