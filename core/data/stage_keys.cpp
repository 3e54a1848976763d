// Cache keys of the prepare stages: each key hashes its own inputs plus its parent's key.
#include "core/data/dataset.hpp"
#include "core/data/file_digest.hpp"
#include "core/util/hash.hpp"

namespace logsweep {
namespace {

// Bumped when a stage's output for the same inputs changes (a new field, a fixed bug).
// parse-v2: files by content (was path + mtime), templates as valid UTF-8, malformed-line examples.
constexpr const char* kParseVersion = "parse-v2";
constexpr const char* kEmbedVersion = "embed-v1";
constexpr const char* kWindowsVersion = "windows-v1";

std::string parse_key(const DatasetSpec& spec, const std::string& memo_dir) {
  Hasher h;
  h.add(kParseVersion);
  const ReaderSpec& r = spec.reader;
  h.add(r.format).add(r.line_format).add(r.label_field).add(r.label_regex);
  h.add(static_cast<std::int64_t>(r.strict)).add(static_cast<std::int64_t>(r.max_lines));
  h.add(static_cast<std::int64_t>(r.skip_lines));
  h.add(static_cast<std::int64_t>(r.give_up_after));
  // By content only: the same bytes under another path or with another mtime parse the same.
  h.add(file_digest(r.path, "log file", memo_dir));
  if (r.label_file.empty())
    h.add("no-label-file");
  else
    h.add(file_digest(r.label_file, "label file", memo_dir));
  const DrainParams& d = spec.drain;
  h.add(static_cast<std::int64_t>(d.depth)).add(d.sim_threshold).add(static_cast<std::int64_t>(d.max_children));
  h.add(static_cast<std::int64_t>(d.masks.size()));
  for (auto& m : d.masks) h.add(m);
  h.add(d.delimiters);
  // Sessions are kept only when session windows need them, so that changes the parse output.
  h.add(static_cast<std::int64_t>(spec.window.kind == "session"));
  return h.hex();
}

std::string windows_key(const std::string& parse, const DatasetSpec& spec) {
  Hasher h;
  h.add(kWindowsVersion).add(parse);
  const WindowSpec& w = spec.window;
  h.add(w.kind).add(static_cast<std::int64_t>(w.size)).add(static_cast<std::int64_t>(w.step));
  h.add(w.span).add(w.time_step).add(static_cast<std::int64_t>(w.max_len));
  const SplitSpec& s = spec.split;
  h.add(s.kind).add(s.train_ratio).add(s.gap_ratio).add(s.pretrain_ratio).add(s.max_windows);
  h.add(s.scan_windows);
  return h.hex();
}

}  // namespace

StageKeys stage_keys(const DatasetSpec& spec, const Embedder& embedder, const std::string& memo_dir) {
  StageKeys k;
  k.parse = parse_key(spec, memo_dir);
  k.embed = Hasher().add(kEmbedVersion).add(k.parse).add(embedder.identity()).hex();
  k.windows = windows_key(k.parse, spec);
  k.all = Hasher().add(k.embed).add(k.windows).hex();
  return k;
}

}  // namespace logsweep
