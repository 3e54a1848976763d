// The pure prepare stages: read + Drain, embed, window + split.
#include "core/data/dataset.hpp"
#include "core/logs/utf8.hpp"
#include "core/util/errors.hpp"

namespace logsweep {

ParsedLog parse_log(const DatasetSpec& spec, Drain* drain_out) {
  auto reader = open_reader(spec.reader);
  Drain drain(spec.drain);
  const bool keep_sessions = spec.window.kind == "session";
  ParsedLog out;
  SessionInterner sessions(out.lines);
  LogRecord rec;
  while (reader->next(rec)) {
    out.lines.event.push_back(drain.add(rec.content));
    out.lines.label.push_back(rec.label);
    out.lines.time.push_back(rec.timestamp);
    if (keep_sessions) sessions.push(rec.session);
  }
  out.stats = reader->stats();
  if (out.lines.event.empty()) {
    Location where;
    where.file = spec.reader.path;
    throw InputError("no usable log lines (" + std::to_string(out.stats.lines) + " lines read, " +
                         std::to_string(out.stats.malformed) + " malformed)",
                     where);
  }
  // Event ids are final, but a cluster's template may have generalised after its first lines:
  // take the templates at the end.
  out.templates = drain.templates();
  // Escaped here, not only when stored, so that a fresh run and one that reuses the cache embed
  // and show the same text. Distinct ids stay distinct even if two escaped texts coincide.
  for (auto& t : out.templates) t = utf8_escaped(t);
  for (auto& name : out.lines.session_names) name = utf8_escaped(name);
  if (drain_out) *drain_out = std::move(drain);
  return out;
}

Matrix embed_templates(const std::vector<std::string>& templates, const Embedder& embedder) {
  Matrix m = embedder.embed(templates);
  if (m.rows != templates.size() || m.cols != static_cast<std::size_t>(embedder.dim()))
    throw Error("embedder returned a " + std::to_string(m.rows) + "x" + std::to_string(m.cols) + " matrix for " +
                std::to_string(templates.size()) + " templates of dimension " + std::to_string(embedder.dim()));
  return m;
}

WindowSet make_windows(const LineEvents& lines, const DatasetSpec& spec) {
  WindowSet w = cut_windows(lines, spec.window);
  assign_split(w, spec.split);
  w.finish();
  return w;
}

PreparedDataset prepare_uncached(const DatasetSpec& spec, const Embedder& embedder) {
  try {
    PreparedDataset d;
    d.name = spec.name;
    d.cache_key = stage_keys(spec, embedder).all;
    ParsedLog parsed = parse_log(spec);
    d.embeddings = embed_templates(parsed.templates, embedder);
    d.windows = make_windows(parsed.lines, spec);
    d.templates = std::move(parsed.templates);
    d.lines = std::move(parsed.lines);
    d.lines.session.clear();
    d.lines.session.shrink_to_fit();
    d.lines.session_names.clear();
    d.lines.session_names.shrink_to_fit();
    d.read_stats = std::move(parsed.stats);
    return d;
  } catch (Error& e) {
    e.add_context("while preparing dataset '" + spec.name + "'");
    throw;
  }
}

}  // namespace logsweep
