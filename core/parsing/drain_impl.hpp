#pragma once
// Drain's private state, shared by drain.cpp (mining) and drain_state.cpp (save/load).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/parsing/drain.hpp"
#include "core/parsing/masks.hpp"
#include "core/parsing/token_table.hpp"

namespace logsweep {

// A named namespace, not an anonymous one: Drain::Impl (external linkage) holds Nodes, and in a
// unity build a member of an anonymous-namespace type is an error (-Wsubobject-linkage).
namespace drain_tree {

struct Node {
  std::vector<std::pair<std::int32_t, std::int32_t>> children;  // token id -> node index
  std::vector<std::int32_t> clusters;                           // leaf: cluster ids

  std::int32_t child(std::int32_t token) const {
    for (const auto& c : children) {
      if (c.first == token) return c.second;
    }
    return -1;
  }
};

}  // namespace drain_tree

struct Drain::Impl {
  using Node = drain_tree::Node;
  using TokenTable = detail::TokenTable;

  explicit Impl(DrainParams p);

  std::int32_t add(std::string_view content);
  std::int32_t match(std::string_view content);
  void tokenize(std::string_view s);
  std::int32_t search_leaf() const;
  std::int32_t fast_match(const std::vector<std::int32_t>& candidates) const;
  std::int32_t new_node();
  void add_to_tree(std::int32_t cluster);

  DrainParams params;
  detail::MaskSet masks;
  int max_node_depth = 2;
  bool is_delim[256] = {};
  TokenTable tokens;
  std::vector<Node> nodes;
  std::unordered_map<std::int32_t, std::int32_t> by_length;  // token count -> node
  std::vector<std::vector<std::int32_t>> clusters;           // id -> template token ids
  // Per-call scratch, reused so the common path does not allocate.
  std::string scratch_a, scratch_b;
  std::vector<std::string_view> views;
  std::vector<std::int32_t> ids;
};

}  // namespace logsweep
