#include <gtest/gtest.h>
#include <torch/script.h>
#include <torch/torch.h>

#include "core/embedding/embedder.hpp"
#include "core/util/errors.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

// A scripted module built here: returns [w * n_words, first word id] (dim 3 + 1).
std::string write_module(const TempDir& d) {
  torch::set_num_threads(1);
  torch::jit::Module m("m");
  m.register_parameter("w", torch::tensor({1.0f, 2.0f, 3.0f}), false);
  m.define(R"(
def forward(self, x):
    n = float(x.size(0))
    return torch.cat([self.w * n, x[:1].float()])
)");
  auto path = d.file("enc.pt");
  m.save(path);
  return path;
}

std::unique_ptr<Embedder> torchscript(const std::string& path) {
  EmbedSpec s;
  s.kind = "torchscript";
  s.path = path;
  return make_embedder(s);
}

TEST(TorchScriptEmbedder, RoundTripsAScriptedModule) {
  TempDir d;
  auto e = torchscript(write_module(d));
  EXPECT_EQ(e->dim(), 4);
  auto m = e->embed({"diskFailure on <*>", "<*> 12"});
  // "disk", "failure", "on": 3 words, first id = torchscript_word_id("disk").
  EXPECT_EQ(std::vector<float>(m.row(0), m.row(0) + 4),
            (std::vector<float>{3, 6, 9, static_cast<float>(torchscript_word_id("disk"))}));
  EXPECT_EQ(std::vector<float>(m.row(1), m.row(1) + 4), (std::vector<float>{0, 0, 0, 0}));
}

TEST(TorchScriptEmbedder, WordIdsAreStableAndBelowTwoToTheTwenty) {
  auto a = torchscript_word_id("disk");
  EXPECT_EQ(a, torchscript_word_id("disk"));
  EXPECT_NE(a, torchscript_word_id("disks"));
  EXPECT_GE(a, 0);
  EXPECT_LT(a, 1 << 20);
}

TEST(TorchScriptEmbedder, MissingOrCorruptFileIsAnInputError) {
  TempDir d;
  EXPECT_THROW(torchscript(d.file("absent.pt")), InputError);
  auto junk = d.write("junk.pt", "this is not a zip archive");
  try {
    torchscript(junk);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, junk);
  }
}

TEST(TorchScriptEmbedder, IdentityChangesWithTheModuleFile) {
  TempDir a, b;
  auto pa = write_module(a);
  torch::jit::Module m("m");
  m.register_parameter("w", torch::tensor({5.0f, 2.0f, 3.0f}), false);
  m.define("def forward(self, x):\n    return self.w * float(x.size(0))\n");
  m.save(b.file("enc.pt"));
  EXPECT_NE(torchscript(pa)->identity(), torchscript(b.file("enc.pt"))->identity());
  EXPECT_EQ(torchscript(pa)->identity(), torchscript(pa)->identity());
}

}  // namespace
}  // namespace logsweep
