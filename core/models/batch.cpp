#include "core/models/batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>

#include "core/util/errors.hpp"

namespace logsweep {
namespace {

torch::Tensor upload_table(const Matrix& m) {
  // One extra zero row: padded positions gather it, so padding needs no masking in the gather.
  auto table = torch::zeros({static_cast<std::int64_t>(m.rows) + 1, static_cast<std::int64_t>(m.cols)});
  if (m.rows > 0)
    std::memcpy(table.data_ptr<float>(), m.data.data(), m.rows * m.cols * sizeof(float));
  return table;
}

int longest_sequence(const WindowSet& w) {
  std::int64_t best = 0;
  for (std::size_t s = 0; s + 1 < w.seq_offsets.size(); ++s)
    best = std::max(best, w.seq_offsets[s + 1] - w.seq_offsets[s]);
  return static_cast<int>(std::max<std::int64_t>(best, 1));
}

}  // namespace

WindowBatcher::WindowBatcher(const PreparedDataset& data, int max_len, const torch::Device& device)
    : data_(&data), max_len_(max_len > 0 ? max_len : longest_sequence(data.windows)), device_(device),
      table_(upload_table(data.embeddings).to(device)) {}

int WindowBatcher::dim() const { return static_cast<int>(table_.size(1)); }

Batch WindowBatcher::make(const std::vector<std::int64_t>& windows) const {
  std::vector<std::int32_t> seqs(windows.size());
  std::vector<std::int8_t> labels(windows.size());
  const auto& ws = data_->windows;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const auto w = windows[i];
    if (w < 0 || static_cast<std::size_t>(w) >= ws.size())
      throw Error(fmt::format("batch: window index {} out of range (dataset {} has {} windows)", w,
                              data_->name, ws.size()));
    seqs[i] = ws.window_seq[w];
    labels[i] = ws.window_label[w];
  }
  return make_unique(seqs, labels, std::vector<float>(windows.size(), 1.0f));
}

Batch WindowBatcher::make_unique(const std::vector<std::int32_t>& seqs, const std::vector<std::int8_t>& labels,
                                 const std::vector<float>& weights) const {
  if (labels.size() != seqs.size() || weights.size() != seqs.size())
    throw Error(fmt::format("batch: {} sequences but {} labels and {} weights", seqs.size(), labels.size(),
                            weights.size()));
  const auto& ws = data_->windows;
  const std::int64_t B = static_cast<std::int64_t>(seqs.size()), L = max_len_, V = vocab();
  auto events = torch::full({B, L}, -1, torch::kInt64);
  auto gather = torch::full({B * L}, V, torch::kInt64);  // V = the zero padding row
  auto* ev = events.data_ptr<std::int64_t>();
  auto* gi = gather.data_ptr<std::int64_t>();
  for (std::int64_t b = 0; b < B; ++b) {
    const auto s = seqs[b];
    if (s < 0 || static_cast<std::size_t>(s) >= ws.unique_sequences())
      throw Error(fmt::format("batch: sequence {} out of range (dataset {})", s, data_->name));
    const auto begin = ws.seq_offsets[s];
    const auto n = std::min<std::int64_t>(ws.seq_offsets[s + 1] - begin, L);
    for (std::int64_t t = 0; t < n; ++t) {
      const std::int64_t e = ws.seq_events[begin + t];
      if (e < 0 || e >= V)
        throw InputError(fmt::format("dataset {}: event id {} has no embedding row ({} rows)", data_->name, e, V));
      ev[b * L + t] = e;
      gi[b * L + t] = e;
    }
  }
  auto y = torch::empty({B}, torch::kInt64);
  auto w = torch::empty({B}, torch::kFloat32);
  for (std::int64_t b = 0; b < B; ++b) {
    y.data_ptr<std::int64_t>()[b] = labels[b];
    w.data_ptr<float>()[b] = weights[b];
  }
  // Filled on the CPU above (element writes), then one copy each to the device; the gather
  // itself runs where the table is. On the CPU every .to() returns the tensor itself.
  Batch batch;
  batch.x = table_.index_select(0, gather.to(device_)).view({B, L, table_.size(1)});
  batch.events = events.to(device_);
  batch.mask = batch.events.ge(0);
  batch.y = y.to(device_);
  batch.weight = w.to(device_);
  return batch;
}

UniqueWindows deduplicate(const WindowSet& windows, const std::vector<std::int64_t>& indices) {
  UniqueWindows out;
  std::unordered_map<std::int64_t, std::size_t> slot;  // key = seq * 2 + label
  slot.reserve(indices.size());
  for (auto w : indices) {
    const std::int32_t s = windows.window_seq.at(w);
    const std::int8_t label = windows.window_label.at(w) != 0 ? 1 : 0;
    const auto key = static_cast<std::int64_t>(s) * 2 + label;
    auto [it, fresh] = slot.emplace(key, out.seq.size());
    if (fresh) {
      out.seq.push_back(s);
      out.label.push_back(label);
      out.count.push_back(0.0f);
    }
    out.count[it->second] += 1.0f;
  }
  return out;
}

SequenceGroups group_by_sequence(const WindowSet& windows, const std::vector<std::int64_t>& indices) {
  SequenceGroups out;
  std::unordered_map<std::int32_t, std::int64_t> slot;
  slot.reserve(indices.size());
  out.group_of.reserve(indices.size());
  for (auto w : indices) {
    const std::int32_t s = windows.window_seq.at(w);
    auto [it, fresh] = slot.emplace(s, static_cast<std::int64_t>(out.seq.size()));
    if (fresh) {
      out.seq.push_back(s);
      out.count.push_back(0.0f);
    }
    out.count[it->second] += 1.0f;
    out.group_of.push_back(it->second);
  }
  return out;
}

}  // namespace logsweep
