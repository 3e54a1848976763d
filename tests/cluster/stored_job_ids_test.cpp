// Stored results are keyed by job id, and a job id hashes the method's canonical parameter text
// (cluster/matrix.hpp). Typed per-method parameters (core/util/params.hpp: ParamFields) changed how
// parameters are declared and read, not what they are: the ids and texts below were computed on
// the code before that change (commit dc606bc) and must never change, or every stored result
// would silently become a new job.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cluster/matrix.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

// Every method registered at the time of the change, listed (not read from the registry) so that
// a method added later does not need an entry here.
const char* const kMethods =
    "[LogAction, LogAction_wt, LogAction_wa, LogAction_wu, LogAction_we, Supervised, MetaLog, LogSynergy, "
    "LogTransfer, LogTAD, DeepLog]";

// Overrides of every kind: an int, a real, a bool, a choice, a list and an enum-like string.
const char* const kOverrides =
    "method_params:\n"
    "  LogAction: {round_epochs: '10,20', attention_guide: last, lr: 0.002}\n"
    "  MetaLog: {order: first, dedup: false}\n"
    "  LogSynergy: {heads: 4, d_model: 64}\n"
    "  DeepLog: {train_on: pool, top_g: 5}\n"
    "  LogTAD: {holdout: 0.25}\n"
    "  LogTransfer: {finetune: all}\n";

std::vector<Job> pinned_matrix(const std::string& profile, bool overrides, bool data_point) {
  TempDir dir;
  dir.write("a.log", "x\n");
  dir.write("b.log", "y\n");
  std::string y = std::string("name: pin\n") +
                  "datasets:\n"
                  "  - {name: A, format: bgl, path: a.log}\n"
                  "  - {name: B, format: bgl, path: b.log}\n"
                  "pairs: [[A, B]]\n"
                  "methods: " + kMethods + "\n"
                  "budgets: [0.01]\n"
                  "seeds: [3]\n"
                  "profile: " + profile + "\n";
  if (overrides) y += kOverrides;
  if (data_point) y += "sweep: {window.size: [10]}\n";
  const auto cfg = load_config(dir.write("exp.yaml", y));
  // Fixed data keys: the ids depend on them, not on how the files' digests are computed.
  DataKeys keys{{"A", "ka"}, {"B", "kb"}, {"A@window.size=10", "ka10"}, {"B@window.size=10", "kb10"}};
  return expand_jobs(cfg, keys);
}

struct Pinned {
  const char* method;
  const char* id;
  const char* canonical;
};

struct Case {
  const char* name;
  const char* profile;
  bool overrides, data_point;
  std::vector<Pinned> jobs;
};

// LOGSWEEP_PRINT_PINNED=1 prints the table (how it was produced, on the old code).
void print_case(const Case& c, const std::vector<Job>& jobs) {
  std::printf("  {\"%s\", \"%s\", %s, %s, {\n", c.name, c.profile, c.overrides ? "true" : "false",
              c.data_point ? "true" : "false");
  for (const auto& j : jobs)
    std::printf("    {\"%s\", \"%s\",\n     \"%s\"},\n", j.method.c_str(), j.id.c_str(), j.params.canonical().c_str());
  std::printf("  }},\n");
}

const std::vector<Case>& cases() {
  static const std::vector<Case> c = {
      {"paper", "paper", false, false, {
        {"LogAction", "47c7d680d85601e8",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"LogAction_wt", "5cfd934e3f02aa89",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"LogAction_wa", "3dbc62c7274c9144",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"LogAction_wu", "ea790f9f487c9190",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"LogAction_we", "0b5c726c5d987e40",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"Supervised", "1db08e5b6afaa18f",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"MetaLog", "55e340fad10a2b84",
         "alpha=0.002;batch=100;beta=4;dedup=true;epochs=5;gamma=0.002;hidden=100;layers=2;order=second;outer_optimizer=adam;parts=10;parts_per_epoch=5"},
        {"LogSynergy", "f5fa64a614e005a8",
         "anomaly_weight=0.75;batch=1024;club_hidden=16;club_lr=0.0001;club_weight=0.01;d_model=768;daan_hidden=32;daan_local_input=logits;daan_max_iter=1000;daan_update_factor=false;daan_weight=0.01;dedup=true;dropout=0.1;epochs=10;feature=64;ffn=2048;heads=12;hidden=256;layers=6;lr=0.0001;max_grad_norm=1;source_windows=50000;system_weight=1;train_auxiliary=true;warmup_ratio=0.2;weight_decay=0"},
        {"LogTransfer", "e0396985902f021a",
         "batch=128;dedup=true;fc_hidden=64;finetune=lstm;hidden=128;layers=2;lr=0.001;source_epochs=20;target_epochs=20"},
        {"LogTAD", "848da1aa9181b0f0",
         "batch=1024;center_epochs=10;center_eps=0.1;dedup=true;domain_hidden=64;dropout=0.3;epochs=100;grl_alpha=0.1;hidden=128;holdout=0.2;layers=2;lr=0.001;svdd_scale=100000;threshold_steps=100;validation_source=5000;weight_decay=1e-06"},
        {"DeepLog", "0042d2649cbed77e",
         "batch=2048;dedup=true;epochs=300;hidden=64;history=10;layers=2;lr=0.001;short_windows=pad_end;top_g=9;train_on=normal"},
      }},
      {"quick", "quick", false, false, {
        {"LogAction", "813f7af34412b499",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_wt", "95f8814c7ed5c612",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_wa", "39e1765c6db59895",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_wu", "d5eb71b66730c5f1",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_we", "22da25379e9886a1",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"Supervised", "e1c72276dcbad5dc",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"MetaLog", "dd1880e738de23f3",
         "alpha=0.002;batch=32;beta=4;dedup=true;epochs=10;gamma=0.01;hidden=8;layers=1;order=second;outer_optimizer=adam;parts=4;parts_per_epoch=2"},
        {"LogSynergy", "3defd56fb6f428a3",
         "anomaly_weight=0.75;batch=64;club_hidden=16;club_lr=0.001;club_weight=0.01;d_model=32;daan_hidden=32;daan_local_input=logits;daan_max_iter=1000;daan_update_factor=false;daan_weight=0.01;dedup=true;dropout=0;epochs=10;feature=64;ffn=64;heads=2;hidden=32;layers=1;lr=0.001;max_grad_norm=1;source_windows=50000;system_weight=1;train_auxiliary=true;warmup_ratio=0.2;weight_decay=0"},
        {"LogTransfer", "352e0d352a877d53",
         "batch=32;dedup=true;fc_hidden=16;finetune=lstm;hidden=16;layers=1;lr=0.005;source_epochs=15;target_epochs=10"},
        {"LogTAD", "fa7a5a417f765f27",
         "batch=32;center_epochs=3;center_eps=0.1;dedup=true;domain_hidden=16;dropout=0;epochs=8;grl_alpha=0.1;hidden=16;holdout=0.2;layers=1;lr=0.005;svdd_scale=100000;threshold_steps=100;validation_source=500;weight_decay=1e-06"},
        {"DeepLog", "83e220f39024c962",
         "batch=256;dedup=true;epochs=10;hidden=16;history=4;layers=1;lr=0.01;short_windows=pad_end;top_g=9;train_on=normal"},
      }},
      {"paper_overrides", "paper", true, false, {
        {"LogAction", "99485c5b4855395a",
         "align_weight=0.01;attention_guide=last;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.002;max_len=20;round_epochs=10,20;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"LogAction_wt", "5cfd934e3f02aa89",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"LogAction_wa", "3dbc62c7274c9144",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"LogAction_wu", "ea790f9f487c9190",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"LogAction_we", "0b5c726c5d987e40",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"Supervised", "1db08e5b6afaa18f",
         "align_weight=0.01;attention_guide=learned;batch_size=512;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=2048;encoder_epochs=60;encoder_hidden=512;encoder_refit_epochs=1;epochs=60;epochs_after_last_round=40;fc=64;first_ratio=0.1;hidden=64;lr=0.001;max_len=20;round_epochs=auto;round_every=10;round_size=0.01;val_ratio=0;vector_samples=2000;weight_decay=5e-06"},
        {"MetaLog", "82eea51f2a226e5b",
         "alpha=0.002;batch=100;beta=4;dedup=false;epochs=5;gamma=0.002;hidden=100;layers=2;order=first;outer_optimizer=adam;parts=10;parts_per_epoch=5"},
        {"LogSynergy", "1a1e739b7496e89e",
         "anomaly_weight=0.75;batch=1024;club_hidden=16;club_lr=0.0001;club_weight=0.01;d_model=64;daan_hidden=32;daan_local_input=logits;daan_max_iter=1000;daan_update_factor=false;daan_weight=0.01;dedup=true;dropout=0.1;epochs=10;feature=64;ffn=2048;heads=4;hidden=256;layers=6;lr=0.0001;max_grad_norm=1;source_windows=50000;system_weight=1;train_auxiliary=true;warmup_ratio=0.2;weight_decay=0"},
        {"LogTransfer", "055b5f1e43bd0bd8",
         "batch=128;dedup=true;fc_hidden=64;finetune=all;hidden=128;layers=2;lr=0.001;source_epochs=20;target_epochs=20"},
        {"LogTAD", "dc54b4a1065e9a14",
         "batch=1024;center_epochs=10;center_eps=0.1;dedup=true;domain_hidden=64;dropout=0.3;epochs=100;grl_alpha=0.1;hidden=128;holdout=0.25;layers=2;lr=0.001;svdd_scale=100000;threshold_steps=100;validation_source=5000;weight_decay=1e-06"},
        {"DeepLog", "05e55dbc5c69deb7",
         "batch=2048;dedup=true;epochs=300;hidden=64;history=10;layers=2;lr=0.001;short_windows=pad_end;top_g=5;train_on=pool"},
      }},
      {"quick_overrides", "quick", true, false, {
        {"LogAction", "48b5f4fd53a464af",
         "align_weight=0.01;attention_guide=last;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.002;max_len=20;round_epochs=10,20;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_wt", "95f8814c7ed5c612",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_wa", "39e1765c6db59895",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_wu", "d5eb71b66730c5f1",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_we", "22da25379e9886a1",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"Supervised", "e1c72276dcbad5dc",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"MetaLog", "deb5adf6a8fa35a0",
         "alpha=0.002;batch=32;beta=4;dedup=false;epochs=10;gamma=0.01;hidden=8;layers=1;order=first;outer_optimizer=adam;parts=4;parts_per_epoch=2"},
        {"LogSynergy", "e1c906fbccba1796",
         "anomaly_weight=0.75;batch=64;club_hidden=16;club_lr=0.001;club_weight=0.01;d_model=64;daan_hidden=32;daan_local_input=logits;daan_max_iter=1000;daan_update_factor=false;daan_weight=0.01;dedup=true;dropout=0;epochs=10;feature=64;ffn=64;heads=4;hidden=32;layers=1;lr=0.001;max_grad_norm=1;source_windows=50000;system_weight=1;train_auxiliary=true;warmup_ratio=0.2;weight_decay=0"},
        {"LogTransfer", "c8d43e11c0796fd5",
         "batch=32;dedup=true;fc_hidden=16;finetune=all;hidden=16;layers=1;lr=0.005;source_epochs=15;target_epochs=10"},
        {"LogTAD", "30df5433073c66f1",
         "batch=32;center_epochs=3;center_eps=0.1;dedup=true;domain_hidden=16;dropout=0;epochs=8;grl_alpha=0.1;hidden=16;holdout=0.25;layers=1;lr=0.005;svdd_scale=100000;threshold_steps=100;validation_source=500;weight_decay=1e-06"},
        {"DeepLog", "5d934700b1e1f297",
         "batch=256;dedup=true;epochs=10;hidden=16;history=4;layers=1;lr=0.01;short_windows=pad_end;top_g=5;train_on=pool"},
      }},
      {"quick_data_point", "quick", false, true, {
        {"LogAction", "cd978dd3d7dd1d0b",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_wt", "6841e162092c8288",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_wa", "3859f8e8644df54f",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_wu", "84a3b0636fcf8233",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"LogAction_we", "ea540be627a738a3",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"Supervised", "65f5873e8589f54a",
         "align_weight=0.01;attention_guide=learned;batch_size=64;beta=0.1;contrastive_temperature=0.1;contrastive_weight=0;dedup=true;encoder_cache_mb=256;encoder_epochs=8;encoder_hidden=32;encoder_refit_epochs=1;epochs=12;epochs_after_last_round=8;fc=16;first_ratio=0.1;hidden=16;lr=0.005;max_len=20;round_epochs=auto;round_every=2;round_size=0.01;val_ratio=0;vector_samples=200;weight_decay=5e-06"},
        {"MetaLog", "b3aabeeb78e4517d",
         "alpha=0.002;batch=32;beta=4;dedup=true;epochs=10;gamma=0.01;hidden=8;layers=1;order=second;outer_optimizer=adam;parts=4;parts_per_epoch=2"},
        {"LogSynergy", "ac9aadc4a5521c2d",
         "anomaly_weight=0.75;batch=64;club_hidden=16;club_lr=0.001;club_weight=0.01;d_model=32;daan_hidden=32;daan_local_input=logits;daan_max_iter=1000;daan_update_factor=false;daan_weight=0.01;dedup=true;dropout=0;epochs=10;feature=64;ffn=64;heads=2;hidden=32;layers=1;lr=0.001;max_grad_norm=1;source_windows=50000;system_weight=1;train_auxiliary=true;warmup_ratio=0.2;weight_decay=0"},
        {"LogTransfer", "6fca75f5b09807dd",
         "batch=32;dedup=true;fc_hidden=16;finetune=lstm;hidden=16;layers=1;lr=0.005;source_epochs=15;target_epochs=10"},
        {"LogTAD", "359d3fadfccf92d9",
         "batch=32;center_epochs=3;center_eps=0.1;dedup=true;domain_hidden=16;dropout=0;epochs=8;grl_alpha=0.1;hidden=16;holdout=0.2;layers=1;lr=0.005;svdd_scale=100000;threshold_steps=100;validation_source=500;weight_decay=1e-06"},
        {"DeepLog", "390bb7baf9384c58",
         "batch=256;dedup=true;epochs=10;hidden=16;history=4;layers=1;lr=0.01;short_windows=pad_end;top_g=9;train_on=normal"},
      }},
  };
  return c;
}

TEST(StoredJobIds, UnchangedByTypedParameters) {
  const bool print = std::getenv("LOGSWEEP_PRINT_PINNED") != nullptr;
  for (const auto& c : cases()) {
    const auto jobs = pinned_matrix(c.profile, c.overrides, c.data_point);
    if (print) {
      print_case(c, jobs);
      continue;
    }
    ASSERT_EQ(jobs.size(), c.jobs.size()) << c.name;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      EXPECT_EQ(jobs[i].method, c.jobs[i].method) << c.name;
      EXPECT_EQ(jobs[i].params.canonical(), c.jobs[i].canonical) << c.name << " " << jobs[i].method;
      EXPECT_EQ(jobs[i].id, c.jobs[i].id) << c.name << " " << jobs[i].method;
    }
  }
}

}  // namespace
}  // namespace logsweep
