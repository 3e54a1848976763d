// Assigning windows to train/test/pretrain roles (deterministic: index order is time order).
#include <cmath>
#include <vector>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "core/windows/windows.hpp"

namespace logsweep {
namespace {

void check_ratio(double v, const char* field) {
  if (!(v >= 0.0 && v <= 1.0))
    throw field_error(field, std::string(field) + " must be in [0, 1], got " + std::to_string(v));
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

// Per class in index order: the first `normal` normal and the first `anomalous` anomalous
// members of `from` take role r; returns the members that did not, in index order.
std::vector<std::size_t> take_per_class(WindowSet& w, const std::vector<std::size_t>& from, std::size_t normal,
                                        std::size_t anomalous, SplitRole r) {
  std::vector<std::size_t> rest;
  std::size_t n = 0, a = 0;
  for (auto i : from) {
    const bool anomaly = w.window_label[i] != 0;
    std::size_t& used = anomaly ? a : n;
    if (used < (anomaly ? anomalous : normal)) {
      ++used;
      set_role(w, i, r);
    } else {
      rest.push_back(i);
    }
  }
  return rest;
}

std::size_t normals_in(const WindowSet& w, const std::vector<std::size_t>& idx) {
  std::size_t n = 0;
  for (auto i : idx) n += w.window_label[i] == 0;
  return n;
}

// The code's per-class step: floor(r * m_n) normal and floor(r * m) - floor(r * m_n) anomalous.
std::vector<std::size_t> stratified_step(WindowSet& w, const std::vector<std::size_t>& from, double r, SplitRole role) {
  const std::size_t total = part(r, from.size()), normal = part(r, normals_in(w, from));
  return take_per_class(w, from, normal, total > normal ? total - normal : 0, role);
}

// See SplitSpec: the LogAction code's class-stratified split (uses every label of the dataset).
void stratified_per_class(WindowSet& w, const SplitSpec& spec) {
  const std::size_t scanned =
      spec.scan_windows > 0 ? std::min<std::size_t>(w.size(), static_cast<std::size_t>(spec.scan_windows)) : w.size();
  std::vector<std::size_t> all(scanned);
  for (std::size_t i = 0; i < scanned; ++i) all[i] = i;
  std::vector<std::size_t> kept = all;
  if (spec.max_windows > 0 && scanned > 0) {
    // The code's composition: the class ratio of everything scanned, applied to max_windows.
    const double normal_ratio = static_cast<double>(normals_in(w, all)) / static_cast<double>(scanned);
    const auto max = static_cast<std::size_t>(spec.max_windows);
    const std::size_t normal = part(normal_ratio, max);
    take_per_class(w, all, normal, max - normal, SplitRole::Train);  // mark the kept ones
    kept.clear();
    for (auto i : all)
      if (w.window_role[i] == static_cast<std::int8_t>(SplitRole::Train)) kept.push_back(i);
  }
  const auto rest = stratified_step(w, kept, spec.pretrain_ratio, SplitRole::Pretrain);
  const auto test = stratified_step(w, rest, spec.train_ratio, SplitRole::Train);
  for (auto i : test) set_role(w, i, SplitRole::Test);
}

}  // namespace

void assign_split(WindowSet& windows, const SplitSpec& spec) {
  check_ratio(spec.train_ratio, "train_ratio");
  check_ratio(spec.gap_ratio, "gap_ratio");
  check_ratio(spec.pretrain_ratio, "pretrain_ratio");
  if (spec.max_windows < 0)
    throw field_error("max_windows", "max_windows must be >= 0, got " + std::to_string(spec.max_windows));
  if (spec.kind == "chronological" && spec.train_ratio + spec.gap_ratio > 1.0 + 1e-12)
    throw field_error("gap_ratio", "train_ratio + gap_ratio must be <= 1");
  if (spec.scan_windows < 0)
    throw field_error("scan_windows", "scan_windows must be >= 0, got " + std::to_string(spec.scan_windows));
  if (spec.kind == "logaction")
    throw field_error("kind",
                      "split kind 'logaction' is now called 'stratified_per_class' (the LogAction code's split, which "
                      "uses all labels to form pool and test); use that name, or 'chronological' for the honest "
                      "protocol");
  if (spec.kind != "chronological" && spec.kind != "stratified_per_class")
    throw field_error("kind", "unknown split kind '" + spec.kind + "'; " + suggest(spec.kind, split_kinds()));

  windows.window_role.assign(windows.size(), static_cast<std::int8_t>(SplitRole::Excluded));
  const std::size_t kept = spec.max_windows > 0 ? std::min<std::size_t>(windows.size(), spec.max_windows) : windows.size();
  if (spec.kind == "chronological")
    chronological(windows, spec, kept);
  else
    stratified_per_class(windows, spec);
}

const std::vector<std::string>& split_kinds() {
  static const std::vector<std::string> k = {"chronological", "stratified_per_class"};
  return k;
}

}  // namespace logsweep
