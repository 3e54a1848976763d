// A detector directory: writing it at the end of a session, loading it to score new logs
// (detector.hpp).
#include "runner/service/detector.hpp"

#include <fmt/format.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

#include "core/logs/utf8.hpp"
#include "runner/service/key_file.hpp"

namespace fs = std::filesystem;

namespace logsweep {
namespace {

constexpr const char* kDetectorFormat = "logsweep-detector 1";

KeyEntries manifest_entries(const DetectorManifest& m) {
  KeyEntries e = {{"logsweep", m.version},
                  {"config", m.config},
                  {"config_digest", m.config_digest},
                  {"job", m.job},
                  {"method", m.method},
                  {"source", m.source},
                  {"target", m.target},
                  {"budget", fmt::format("{}", m.budget)},
                  {"seed", std::to_string(m.seed)},
                  {"labels", std::to_string(m.labels)},
                  {"reader.format", m.reader.format},
                  {"reader.line_format", m.reader.line_format},
                  {"reader.label_field", m.reader.label_field},
                  {"reader.label_regex", m.reader.label_regex},
                  {"reader.trained_on", m.reader.path},
                  {"window.kind", m.window.kind},
                  {"window.size", std::to_string(m.window.size)},
                  {"window.step", std::to_string(m.window.step)},
                  {"window.max_len", std::to_string(m.window.max_len)},
                  {"embedder.kind", m.embedder.kind},
                  {"embedder.path", m.embedder.path},
                  {"embedder.dim", std::to_string(m.embedder.dim)},
                  {"embedder.interpretations", m.embedder.interpretations},
                  {"embedder.identity", m.embedder_identity},
                  {"networks", "networks.pt"},
                  {"drain", "drain.txt"},
                  {"templates", "templates.txt"},
                  {"embeddings", "embeddings.pt"}};
  for (std::size_t i = 0; i < m.summary.size(); ++i) e.emplace_back(fmt::format("summary.{}", i + 1), m.summary[i]);
  return e;
}

DetectorManifest read_manifest(const std::string& dir) {
  const auto f = KeyFile::read(dir + "/manifest.txt", kDetectorFormat,
                               "not a detector directory: `logsweep label finish SESSION` writes SESSION/detector");
  DetectorManifest m;
  m.version = f.same_version("logsweep", fmt::format("finish the session again with this version (`logsweep label "
                                                     "finish`), or detect with logsweep {}",
                                                     f.text("logsweep")));
  m.config = f.text("config"), m.config_digest = f.text("config_digest"), m.job = f.text("job");
  m.method = f.text("method"), m.source = f.text("source"), m.target = f.text("target");
  m.budget = f.number("budget");
  m.seed = static_cast<std::uint64_t>(f.integer("seed"));
  m.labels = f.integer("labels");
  m.reader.format = f.text("reader.format"), m.reader.line_format = f.text("reader.line_format");
  m.reader.label_field = f.text("reader.label_field"), m.reader.label_regex = f.text("reader.label_regex");
  m.reader.path = f.text("reader.trained_on");
  m.window.kind = f.text("window.kind");
  m.window.size = static_cast<int>(f.integer("window.size"));
  m.window.step = static_cast<int>(f.integer("window.step"));
  m.window.max_len = static_cast<int>(f.integer("window.max_len"));
  if (m.window.kind == "time")
    throw InputError("detect cuts fixed and session windows; this detector was trained on time windows, which need "
                     "the lines in time order (a stream does not give them)",
                     f.where("window.kind"));
  if ((m.window.kind != "fixed" && m.window.kind != "session") || m.window.size < 1 || m.window.step < 1)
    throw InputError(fmt::format("'{}' windows of size {} step {} are no windows detect can cut", m.window.kind,
                                 m.window.size, m.window.step),
                     f.where("window.kind"));
  m.embedder.kind = f.text("embedder.kind"), m.embedder.path = f.text("embedder.path");
  m.embedder.dim = static_cast<int>(f.integer("embedder.dim"));
  m.embedder.interpretations = f.text("embedder.interpretations");
  m.embedder_identity = f.text("embedder.identity");
  for (int i = 1; f.has(fmt::format("summary.{}", i)); ++i) m.summary.push_back(f.text(fmt::format("summary.{}", i)));
  return m;
}

std::vector<std::string> read_templates(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("cannot open the detector's templates", Location::in_file(path));
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

void write_detector(const std::string& dir, const DetectorManifest& m, const Drain& drain,
                    const std::vector<std::string>& templates, const Matrix& embeddings) {
  fs::create_directories(dir);
  drain.save_file(dir + "/drain.txt");
  {
    std::ofstream t(dir + "/templates.txt", std::ios::trunc);
    for (const auto& tpl : templates) t << tpl << "\n";
    if (!t.flush()) throw StorageError("cannot write the templates", Location::in_file(dir + "/templates.txt"));
  }
  auto table = torch::from_blob(const_cast<float*>(embeddings.data.data()),
                                {static_cast<std::int64_t>(embeddings.rows), static_cast<std::int64_t>(embeddings.cols)},
                                torch::kFloat32);
  try {
    torch::save(table, dir + "/embeddings.pt");
  } catch (const c10::Error& e) {
    throw StorageError(fmt::format("cannot write the embeddings: {}", e.what_without_backtrace()),
                       Location::in_file(dir + "/embeddings.pt"));
  }
  write_key_file(dir + "/manifest.txt", kDetectorFormat, manifest_entries(m));
}

Detector Detector::open(const std::string& dir) {
  Detector d;
  d.manifest_ = read_manifest(dir);
  d.drain_ = std::make_unique<Drain>(Drain::load_file(dir + "/drain.txt"));
  d.trained_templates_ = read_templates(dir + "/templates.txt");
  d.known_ = d.trained_templates_.size();
  const auto emb_path = dir + "/embeddings.pt";
  torch::Tensor table;
  try {
    torch::load(table, emb_path);
  } catch (const c10::Error& e) {
    throw InputError(fmt::format("not a readable embeddings file: {}", e.what_without_backtrace()),
                     Location::in_file(emb_path));
  }
  if (table.dim() != 2 || table.size(0) != static_cast<std::int64_t>(d.known_) ||
      d.drain_->size() != d.known_)
    throw InputError(fmt::format("the detector's files disagree: {} templates, {} Drain clusters, embeddings of shape "
                                 "{}",
                                 d.known_, d.drain_->size(), fmt::join(table.sizes().vec(), "x")),
                     Location::in_file(emb_path));
  table = table.to(torch::kFloat32).contiguous();
  d.data_.name = d.manifest_.target;
  d.data_.templates = d.trained_templates_;
  d.data_.embeddings = Matrix(static_cast<std::size_t>(table.size(0)), static_cast<std::size_t>(table.size(1)));
  std::copy_n(table.data_ptr<float>(), table.numel(), d.data_.embeddings.data.data());
  d.scorer_ = std::make_unique<LogActionScorer>(dir + "/networks.pt");
  if (d.scorer_->input_dim() != table.size(1))
    throw InputError(fmt::format("the networks read {}-wide embeddings, the detector's are {} wide",
                                 d.scorer_->input_dim(), table.size(1)),
                     Location::in_file(dir + "/networks.pt"));
  try {
    d.embedder_ = make_embedder(d.manifest_.embedder);
  } catch (Error& e) {
    e.add_context("while loading the embedder the detector names (" + dir + "/manifest.txt, embedder.*)");
    throw;
  }
  if (d.embedder_->identity() != d.manifest_.embedder_identity)
    throw InputError(fmt::format("the embedder changed since the detector was trained: it was '{}', it is now '{}' "
                                 "(new templates would be embedded differently)",
                                 d.manifest_.embedder_identity, d.embedder_->identity()),
                     Location::in_file(dir + "/manifest.txt", 0, "embedder.identity"));
  return d;
}

std::int32_t Detector::event_of(std::string_view content) {
  std::int32_t id = drain_->match(content);
  if (id < 0) id = drain_->add(content);
  if (static_cast<std::size_t>(id) >= data_.templates.size()) embed_new(id);
  return id;
}

// As the batch path embeds a system's templates (one embed() call over them, so IDF is over the
// system), with the corpus the networks were trained on plus the new template: its row does not
// depend on which other new templates came first.
void Detector::embed_new(std::int32_t id) {
  auto text = utf8_escaped(drain_->templates()[static_cast<std::size_t>(id)]);
  auto corpus = trained_templates_;
  corpus.push_back(text);
  const Matrix m = embed_templates(corpus, *embedder_);
  auto& e = data_.embeddings;
  e.data.insert(e.data.end(), m.row(m.rows - 1), m.row(m.rows - 1) + m.cols);
  ++e.rows;
  data_.templates.push_back(std::move(text));
}

std::vector<double> Detector::score(const std::vector<std::vector<std::int32_t>>& windows, std::size_t remember) {
  std::vector<double> out(windows.size(), -1.0);
  std::vector<std::string> keys(windows.size());
  std::vector<std::size_t> fresh;  // windows whose sequence is not remembered
  data_.windows = WindowSet{};
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const auto& w = windows[i];
    if (remember) {
      keys[i].assign(reinterpret_cast<const char*>(w.data()), w.size() * sizeof(std::int32_t));
      if (auto it = remembered_.find(keys[i]); it != remembered_.end()) {
        out[i] = it->second;
        continue;
      }
    }
    fresh.push_back(i);
    ids.push_back(static_cast<std::int64_t>(data_.windows.size()));
    data_.windows.add(w.data(), w.size(), 0, 0);
  }
  data_.windows.finish();
  if (fresh.empty()) return out;
  const auto p = scorer_->probability(data_, ids);
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    out[fresh[k]] = p[k];
    if (!remember) continue;
    if (remembered_.size() >= remember) remembered_.clear();
    remembered_.emplace(std::move(keys[fresh[k]]), p[k]);
  }
  return out;
}

}  // namespace logsweep
