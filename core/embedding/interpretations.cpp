// Template interpretations (LogSynergy's LEI, offline): a user file maps a template to the
// natural-language text that is embedded in its place.
#include <fstream>

#include "core/embedding/internal.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep {

std::map<std::string, std::string> load_interpretations(const std::string& path) {
  using embedding_detail::where;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read interpretations file", where(path));
  std::map<std::string, std::string> out;
  std::map<std::string, std::uint64_t> first_seen;
  std::string line;
  std::uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos)
      throw InputError("expected 'template<TAB>interpretation', found no tab: '" + printable_prefix(line) + "'",
                       where(path, line_no));
    std::string tmpl = line.substr(0, tab);
    std::string text(trim(std::string_view(line).substr(tab + 1)));
    if (trim(tmpl).empty()) throw InputError("empty template before the tab", where(path, line_no));
    if (text.empty()) throw InputError("empty interpretation after the tab", where(path, line_no));
    auto [it, fresh] = first_seen.emplace(tmpl, line_no);
    if (!fresh && out[tmpl] != text)
      throw InputError("template interpreted twice differently (first at line " + std::to_string(it->second) + ")",
                       where(path, line_no));
    out[tmpl] = text;
  }
  if (in.bad()) throw InputError("error while reading interpretations", where(path, line_no));
  return out;
}

namespace embedding_detail {
namespace {

// Decorator: swaps each template for its interpretation (when it has one), then embeds.
class InterpretingEmbedder : public Embedder {
 public:
  InterpretingEmbedder(std::unique_ptr<Embedder> base, const std::string& path)
      : base_(std::move(base)), table_(load_interpretations(path)), digest_(file_digest(path)) {}

  Matrix embed(const std::vector<std::string>& templates) const override { return base_->embed(texts_of(templates)); }
  // Coverage of what is embedded: the interpretations, not the templates.
  std::optional<VocabularyCoverage> coverage(const std::vector<std::string>& templates) const override {
    return base_->coverage(texts_of(templates));
  }

  int dim() const override { return base_->dim(); }
  std::string identity() const override { return base_->identity() + "+interpretations:" + digest_; }

 private:
  std::vector<std::string> texts_of(const std::vector<std::string>& templates) const {
    std::vector<std::string> texts;
    texts.reserve(templates.size());
    for (auto& t : templates) {
      auto it = table_.find(t);
      texts.push_back(it == table_.end() ? t : it->second);
    }
    return texts;
  }

  std::unique_ptr<Embedder> base_;
  std::map<std::string, std::string> table_;
  std::string digest_;
};

}  // namespace

std::unique_ptr<Embedder> with_interpretations(std::unique_ptr<Embedder> base, const std::string& path) {
  return std::make_unique<InterpretingEmbedder>(std::move(base), path);
}

}  // namespace embedding_detail

std::unique_ptr<Embedder> make_embedder(const EmbedSpec& spec) {
  using namespace embedding_detail;
  std::unique_ptr<Embedder> base;
  if (spec.kind == "hashed")
    base = make_hashed(spec.dim);
  else if (spec.kind == "glove")
    base = make_glove(spec.path);
  else if (spec.kind == "torchscript")
    base = make_torchscript(spec.path);
  else
    throw ConfigError("unknown embedder kind '" + spec.kind + "'; " +
                          suggest(spec.kind, {"hashed", "glove", "torchscript"}),
                      config_field("kind"));
  if (!spec.interpretations.empty()) base = with_interpretations(std::move(base), spec.interpretations);
  return base;
}

}  // namespace logsweep
