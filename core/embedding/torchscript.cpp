// A scripted sentence encoder given by path.
//
// Module contract: forward(x: Tensor) -> Tensor, where x is a 1-D int64 tensor holding one id
// per word of the (template_words-split) template, id = stable word hash mod 2^20, and the
// result is a 1-D float tensor (the template vector; any leading size-1 dimensions are
// squeezed). The dimension is read from the output for the probe word "log" at load time.
// A template with no words gets the zero vector without calling the module.
#include <torch/script.h>
#include <torch/torch.h>

#include "core/embedding/internal.hpp"
#include "core/util/errors.hpp"

namespace logsweep::embedding_detail {
constexpr std::int64_t kVocab = 1 << 20;
constexpr std::uint64_t kWordSalt = 0x746f726368ULL;  // "torch"

namespace {

class TorchScriptEmbedder : public Embedder {
 public:
  explicit TorchScriptEmbedder(const std::string& path) : path_(path) {
    digest_ = file_digest(path);  // also turns a missing file into an InputError
    try {
      module_ = torch::jit::load(path, torch::kCPU);
    } catch (const c10::Error& e) {
      throw InputError(std::string("not a loadable TorchScript module: ") + first_line(e.what()), where(path));
    }
    module_.eval();
    dim_ = static_cast<int>(run({"log"}).size());
    if (dim_ < 1) throw InputError("TorchScript module returned an empty vector", where(path));
  }

  Matrix embed(const std::vector<std::string>& templates) const override {
    Matrix out(templates.size(), static_cast<std::size_t>(dim_));
    for (std::size_t t = 0; t < templates.size(); ++t) {
      auto words = template_words(templates[t]);
      if (words.empty()) continue;
      auto v = run(words);
      if (static_cast<int>(v.size()) != dim_)
        throw InputError("TorchScript module returned " + std::to_string(v.size()) + " values for template '" +
                             templates[t] + "', expected " + std::to_string(dim_),
                         where(path_));
      std::copy(v.begin(), v.end(), out.row(t));
    }
    return out;
  }

  int dim() const override { return dim_; }
  std::string identity() const override { return "torchscript-v1:" + digest_; }

 private:
  static std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

  std::vector<float> run(const std::vector<std::string>& words) const {
    std::vector<std::int64_t> ids;
    ids.reserve(words.size());
    for (auto& w : words) ids.push_back(torchscript_word_id(w));
    torch::NoGradGuard no_grad;
    torch::Tensor y;
    try {
      auto x = torch::tensor(ids, torch::kInt64);
      y = module_.forward({x}).toTensor();
    } catch (const c10::Error& e) {
      throw InputError(std::string("TorchScript module failed: ") + first_line(e.what()), where(path_));
    }
    y = y.detach().to(torch::kFloat32).contiguous();
    while (y.dim() > 1 && y.size(0) == 1) y = y.squeeze(0);
    if (y.dim() != 1)
      throw InputError("TorchScript module must return a 1-D tensor, got " + std::to_string(y.dim()) + "-D",
                       where(path_));
    return std::vector<float>(y.data_ptr<float>(), y.data_ptr<float>() + y.numel());
  }

  std::string path_;
  std::string digest_;
  mutable torch::jit::Module module_;  // forward() is not const in the jit API; it holds no state here
  int dim_ = 0;
};

}  // namespace

}  // namespace logsweep::embedding_detail

namespace logsweep {
std::int64_t torchscript_word_id(const std::string& word) {
  return static_cast<std::int64_t>(embedding_detail::stable_hash(word, embedding_detail::kWordSalt) %
                                   static_cast<std::uint64_t>(embedding_detail::kVocab));
}
}  // namespace logsweep

namespace logsweep::embedding_detail {

std::unique_ptr<Embedder> make_torchscript(const std::string& path) {
  if (path.empty()) throw ConfigError("torchscript embedder needs a module file", config_field("path"));
  return std::make_unique<TorchScriptEmbedder>(path);
}

}  // namespace logsweep::embedding_detail
