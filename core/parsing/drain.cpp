// Drain with Drain3's tree rules (drain3/drain.py: tree_search, add_seq_to_prefix_tree,
// fast_match, get_seq_distance, create_template), on integer token ids.
#include "core/parsing/drain.hpp"

#include "core/parsing/drain_impl.hpp"
#include "core/util/errors.hpp"

namespace logsweep {

namespace drain_tree {

bool has_digit(const std::string& s) {
  for (char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

}  // namespace drain_tree

Drain::Impl::Impl(DrainParams p) : params(std::move(p)), masks(params.masks) {
  if (!(params.sim_threshold >= 0.0 && params.sim_threshold <= 1.0)) {  // NaN too
    Location where;
    where.field = "sim_threshold";
    throw ConfigError("Drain sim_threshold must lie in [0, 1], got " + std::to_string(params.sim_threshold), where);
  }
  if (params.max_children < 1) {
    Location where;
    where.field = "max_children";
    throw ConfigError("Drain max_children must be at least 1", where);
  }
  // Drain3: depth counts root and length layer; depth - 2 is the deepest token layer + 1.
  max_node_depth = params.depth - 2;
  for (int c = 0; c < 256; ++c) is_delim[c] = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  for (unsigned char c : params.delimiters) is_delim[c] = true;
}

std::int32_t Drain::Impl::add(std::string_view content) {
  tokenize(masks.apply(content, scratch_a, scratch_b));
  const std::int32_t leaf = search_leaf();
  if (leaf >= 0) {
    const std::int32_t best = fast_match(nodes[leaf].clusters);
    if (best >= 0) {
      std::vector<std::int32_t>& tpl = clusters[best];
      for (std::size_t i = 0; i < tpl.size(); ++i) {
        if (tpl[i] != ids[i]) tpl[i] = TokenTable::kWildcard;
      }
      return best;
    }
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == TokenTable::kUnknown) ids[i] = tokens.intern(views[i]);
  }
  clusters.push_back(ids);
  const auto id = static_cast<std::int32_t>(clusters.size() - 1);
  add_to_tree(id);
  return id;
}

std::int32_t Drain::Impl::match(std::string_view content) {
  tokenize(masks.apply(content, scratch_a, scratch_b));
  const std::int32_t leaf = search_leaf();
  if (leaf < 0) return -1;
  std::int32_t best = -1;
  int best_params = -1;
  for (std::int32_t c : nodes[leaf].clusters) {
    const std::vector<std::int32_t>& tpl = clusters[c];
    if (tpl.size() != ids.size()) continue;
    int params_count = 0;
    bool covers = true;
    for (std::size_t i = 0; i < ids.size() && covers; ++i) {
      if (tpl[i] == TokenTable::kWildcard) ++params_count;
      else covers = tpl[i] == ids[i];
    }
    if (covers && params_count > best_params) best = c, best_params = params_count;
  }
  return best;
}

void Drain::Impl::tokenize(std::string_view s) {
  views.clear();
  ids.clear();
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_delim[static_cast<unsigned char>(s[i])]) ++i;
    const std::size_t b = i;
    while (i < s.size() && !is_delim[static_cast<unsigned char>(s[i])]) ++i;
    if (i > b) {
      views.push_back(s.substr(b, i - b));
      ids.push_back(tokens.find(views.back()));
    }
  }
}

// Drain3 tree_search down to the leaf node, -1 when the path does not exist.
std::int32_t Drain::Impl::search_leaf() const {
  const auto it = by_length.find(static_cast<std::int32_t>(ids.size()));
  if (it == by_length.end()) return -1;
  std::int32_t cur = it->second;
  int depth = 1;
  for (std::int32_t token : ids) {
    if (depth >= max_node_depth || depth == static_cast<int>(ids.size())) break;
    std::int32_t next = token == TokenTable::kUnknown ? -1 : nodes[cur].child(token);
    if (next < 0) next = nodes[cur].child(TokenTable::kWildcard);
    if (next < 0) return -1;
    cur = next;
    ++depth;
  }
  return cur;
}

// Best cluster by (similarity, then more wildcards), if similar enough.
std::int32_t Drain::Impl::fast_match(const std::vector<std::int32_t>& candidates) const {
  std::int32_t best = -1;
  double best_sim = -1.0;
  int best_params = -1;
  const std::size_t n = ids.size();
  for (std::int32_t c : candidates) {
    const std::vector<std::int32_t>& tpl = clusters[c];
    int same = 0, params_count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (tpl[i] == TokenTable::kWildcard) {
        ++params_count;
      } else if (tpl[i] == ids[i]) {
        ++same;
      }
    }
    const double sim = n == 0 ? 1.0 : static_cast<double>(same) / static_cast<double>(n);
    if (sim > best_sim || (sim == best_sim && params_count > best_params)) {
      best_sim = sim;
      best_params = params_count;
      best = c;
    }
  }
  return best_sim >= params.sim_threshold ? best : -1;
}

std::int32_t Drain::Impl::new_node() {
  nodes.emplace_back();
  return static_cast<std::int32_t>(nodes.size() - 1);
}

// Drain3 add_seq_to_prefix_tree, including its max_children overflow into "<*>".
void Drain::Impl::add_to_tree(std::int32_t cluster) {
  const std::vector<std::int32_t>& tpl = clusters[cluster];
  const auto len = static_cast<std::int32_t>(tpl.size());
  auto it = by_length.find(len);
  std::int32_t cur = it != by_length.end() ? it->second : (by_length[len] = new_node());
  if (len == 0) {
    nodes[cur].clusters.assign(1, cluster);
    return;
  }
  int depth = 1;
  for (std::int32_t token : tpl) {
    if (depth >= max_node_depth || depth >= len) break;
    std::int32_t next = nodes[cur].child(token);
    if (next < 0) {
      const std::int32_t wild = nodes[cur].child(TokenTable::kWildcard);
      const auto n_children = static_cast<int>(nodes[cur].children.size());
      std::int32_t key = token;
      if (drain_tree::has_digit(tokens.str(token))) {
        key = TokenTable::kWildcard;
      } else if (wild >= 0) {
        if (n_children >= params.max_children) key = TokenTable::kWildcard;
      } else if (n_children + 1 == params.max_children) {
        key = TokenTable::kWildcard;
      } else if (n_children + 1 > params.max_children) {
        key = TokenTable::kWildcard;  // unreachable in Drain3 (the "<*>" child exists by then)
      }
      next = key == TokenTable::kWildcard ? wild : -1;
      if (next < 0) {
        next = new_node();  // may reallocate `nodes`: index, never hold references
        nodes[cur].children.emplace_back(key, next);
      }
    }
    cur = next;
    ++depth;
  }
  nodes[cur].clusters.push_back(cluster);
}

Drain::Drain(DrainParams params) : impl_(new Impl(std::move(params))) {}
Drain::~Drain() { delete impl_; }
Drain::Drain(Drain&& other) noexcept : impl_(other.impl_) { other.impl_ = nullptr; }
Drain& Drain::operator=(Drain&& other) noexcept {
  if (this != &other) {
    delete impl_;
    impl_ = other.impl_;
    other.impl_ = nullptr;
  }
  return *this;
}

std::int32_t Drain::add(std::string_view content) { return impl_->add(content); }
std::int32_t Drain::match(std::string_view content) { return impl_->match(content); }

std::vector<std::string> Drain::templates() const {
  std::vector<std::string> out;
  out.reserve(impl_->clusters.size());
  for (const auto& tpl : impl_->clusters) {
    std::string s;
    for (std::size_t i = 0; i < tpl.size(); ++i) {
      if (i) s += ' ';
      s += impl_->tokens.str(tpl[i]);
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::size_t Drain::size() const { return impl_->clusters.size(); }

}  // namespace logsweep
