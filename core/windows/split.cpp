// Assigning windows to train/test/pretrain roles (deterministic: index order is time order).
#include <cmath>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "core/windows/windows.hpp"

namespace logsweep {
namespace {

ConfigError bad(const std::string& field, const std::string& msg) {
  Location l;
  l.field = field;
  return ConfigError(msg, l);
}

void check_ratio(double v, const char* field) {
  if (!(v >= 0.0 && v <= 1.0)) throw bad(field, std::string(field) + " must be in [0, 1], got " + std::to_string(v));
}

// floor(ratio * n), robust to 0.7 * 10 = 6.9999...
std::size_t part(double ratio, std::size_t n) {
  return static_cast<std::size_t>(std::floor(ratio * static_cast<double>(n) + 1e-9));
}

void set_role(WindowSet& w, std::size_t i, SplitRole r) { w.window_role[i] = static_cast<std::int8_t>(r); }

void chronological(WindowSet& w, const SplitSpec& spec, std::size_t kept) {
  const std::size_t n_train = part(spec.train_ratio, kept);
  const std::size_t n_gap = std::min(part(spec.gap_ratio, kept), kept - n_train);
  for (std::size_t i = 0; i < kept; ++i)
    set_role(w, i, i < n_train ? SplitRole::Train : i < n_train + n_gap ? SplitRole::Excluded : SplitRole::Test);
}

// LogAction's main.py: per class in index order, the first pretrain_ratio trains the encoder;
// of the rest, train_ratio is the source train set / target pool and the remainder is test.
void logaction(WindowSet& w, const SplitSpec& spec, std::size_t kept) {
  for (int label = 0; label <= 1; ++label) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < kept; ++i)
      if ((w.window_label[i] != 0) == (label == 1)) members.push_back(i);
    const std::size_t n_pre = part(spec.pretrain_ratio, members.size());
    const std::size_t n_train = part(spec.train_ratio, members.size() - n_pre);
    for (std::size_t k = 0; k < members.size(); ++k)
      set_role(w, members[k],
               k < n_pre ? SplitRole::Pretrain : k < n_pre + n_train ? SplitRole::Train : SplitRole::Test);
  }
}

}  // namespace

void assign_split(WindowSet& windows, const SplitSpec& spec) {
  check_ratio(spec.train_ratio, "train_ratio");
  check_ratio(spec.gap_ratio, "gap_ratio");
  check_ratio(spec.pretrain_ratio, "pretrain_ratio");
  if (spec.max_windows < 0) throw bad("max_windows", "max_windows must be >= 0, got " + std::to_string(spec.max_windows));
  if (spec.kind == "chronological" && spec.train_ratio + spec.gap_ratio > 1.0 + 1e-12)
    throw bad("gap_ratio", "train_ratio + gap_ratio must be <= 1");
  if (spec.kind != "chronological" && spec.kind != "logaction")
    throw bad("kind", "unknown split kind '" + spec.kind + "'; " + suggest(spec.kind, {"chronological", "logaction"}));

  windows.window_role.assign(windows.size(), static_cast<std::int8_t>(SplitRole::Excluded));
  const std::size_t kept = spec.max_windows > 0 ? std::min<std::size_t>(windows.size(), spec.max_windows) : windows.size();
  if (spec.kind == "chronological")
    chronological(windows, spec, kept);
  else
    logaction(windows, spec, kept);
}

}  // namespace logsweep
