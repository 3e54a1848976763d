// load_or_prepare: the cache around the pure prepare stages of core/data.
#include "results/store/dataset_cache.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "results/store/dataset_cache_layout.hpp"
#include "results/store/files.hpp"

namespace logsweep {

namespace {
// A cache write that was killed leaves "<name>.h5.tmp-<pid>". Another host sharing the cache
// directory may be writing one right now under a pid this host cannot check: only temps
// untouched for a minute go.
constexpr double kCacheTempMinAgeSeconds = 60;

void remove_stale_cache_temps(const std::string& file) {
  const std::filesystem::path p(file);
  for (const auto& t : remove_dead_temps(p.parent_path().string(), p.filename().string() + ".tmp-",
                                         kCacheTempMinAgeSeconds))
    std::fprintf(stderr, "logsweep: removed %s: temporary file of a cache write its process (dead) never finished\n",
                 t.c_str());
}
}  // namespace

PreparedDataset load_or_prepare(const DatasetSpec& spec, const Embedder& embedder, const std::string& cache_dir,
                                CacheReport* report) {
  auto start = std::chrono::steady_clock::now();
  ensure_directory(cache_dir);  // before the keys: it holds their file-digest record
  const StageKeys keys = stage_keys(spec, embedder, cache_dir);
  const std::string file = cache_file_path(cache_dir, spec.name);
  remove_stale_cache_temps(file);

  ParsedLog parsed;
  Matrix embeddings;
  WindowSet windows;
  bool parse_ok = false, embed_ok = false, windows_ok = false;
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    // Refuses a foreign file before anything is computed or written.
    h5::File f = cache_layout::open_cache(file);
    h5::Group root = f.root();
    // Each later stage's key covers the parse key, so they can only match if parse does.
    parse_ok = cache_layout::stored_key(root, "parse") == keys.parse;
    if (parse_ok) {
      parsed = cache_layout::read_parse(root);
      embed_ok = cache_layout::stored_key(root, "embed") == keys.embed;
      windows_ok = cache_layout::stored_key(root, "windows") == keys.windows;
      if (embed_ok) embeddings = cache_layout::read_embed(root, parsed.templates.size());
      if (windows_ok) windows = cache_layout::read_windows(root, parsed.lines.event.size(), parsed.templates.size());
    }
  }
  if (!parse_ok) parsed = parse_log(spec);
  if (!embed_ok) embeddings = embed_templates(parsed.templates, embedder);
  if (!windows_ok) windows = make_windows(parsed.lines, spec);

  PreparedDataset d;
  d.name = spec.name;
  d.cache_key = keys.all;
  d.templates = std::move(parsed.templates);
  d.embeddings = std::move(embeddings);
  d.lines = std::move(parsed.lines);
  d.windows = std::move(windows);
  d.read_stats = std::move(parsed.stats);
  if (!(parse_ok && embed_ok && windows_ok)) {
    write_dataset_cache(file, d, keys, embedder.identity(), spec.reader.path);
  }
  // Sessions only serve to cut session windows; like prepare_uncached, do not carry them on.
  std::vector<std::int32_t>().swap(d.lines.session);
  std::vector<std::string>().swap(d.lines.session_names);
  if (report) {
    report->parse_reused = parse_ok;
    report->embed_reused = embed_ok;
    report->windows_reused = windows_ok;
    report->file = file;
    report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return d;
}

}  // namespace logsweep
