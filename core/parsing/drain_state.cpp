// Drain save/load. Line-oriented text, one record a line, so a bad file is reported by line:
//
//   logsweep-drain 1
//   depth 4 | sim_threshold 0.5 | max_children 100 | delimiters <text> | masks N + N lines
//   tokens N + N lines (id order; id 0 is "<*>")
//   clusters N + N lines "<count> <token id>..."
//   nodes N + N lines "<count> (<token id> <node id>)... <count> <cluster id>..."
//   lengths N + N lines "<token count> <node id>"
//   end
//
// Text fields escape '\\', tab, LF and CR as \\ \t \n \r; every other byte is written as is.
// Numbers go through to_chars/from_chars: locale-free, and doubles read back bit-identical.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <istream>
#include <limits>
#include <ostream>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "core/parsing/drain.hpp"
#include "core/parsing/drain_impl.hpp"
#include "core/util/errors.hpp"

namespace logsweep {

namespace {

constexpr const char* kStateMagic = "logsweep-drain";
constexpr int kStateVersion = 1;
constexpr std::int64_t kMaxId = std::numeric_limits<std::int32_t>::max();

std::string escape_state_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out;
}

std::string state_number(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back exactly
  return std::string(buf, r.ptr);
}

// Reads the state line by line and turns every problem into an InputError at the right line.
class StateReader {
 public:
  StateReader(std::istream& in, const std::string& name) : in_(in), name_(name) {}

  [[noreturn]] void fail_at(std::uint64_t line, const std::string& message) const {
    Location where;
    where.file = name_;
    where.line = line;
    throw InputError(message, where);
  }
  [[noreturn]] void fail(const std::string& message) const { fail_at(line_, message); }
  std::uint64_t line_no() const { return line_; }

  // The next line; a missing one means the file was cut short.
  const std::string& next(const std::string& expected) {
    if (!std::getline(in_, cur_)) fail_at(line_ + 1, "Drain state ends early: expected " + expected);
    ++line_;
    return cur_;
  }

  // Line "<key> <rest>": the rest.
  std::string_view value(const std::string& key) {
    const std::string& l = next("'" + key + " ...'");
    if (l.compare(0, key.size() + 1, key + ' ') != 0) fail("expected '" + key + " ...', got '" + l + "'");
    return std::string_view(l).substr(key.size() + 1);
  }

  std::int64_t number(std::string_view text, std::int64_t lo, std::int64_t hi, const std::string& what) const {
    std::int64_t v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || v < lo || v > hi) {
      fail("expected " + what + " (an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]), got '" +
           std::string(text) + "'");
    }
    return v;
  }

  // Section header "<key> <count>".
  std::int64_t count(const std::string& key) { return number(value(key), 0, kMaxId, key + " count"); }

  std::string unescape(std::string_view s) const {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\r') fail("raw carriage return (was the file converted to CRLF line ends?)");
      if (s[i] != '\\') {
        out += s[i];
        continue;
      }
      const char e = ++i < s.size() ? s[i] : '\0';
      if (e == '\\') out += '\\';
      else if (e == 't') out += '\t';
      else if (e == 'n') out += '\n';
      else if (e == 'r') out += '\r';
      else fail("bad escape in text field: expected \\\\, \\t, \\n or \\r");
    }
    return out;
  }

 private:
  std::istream& in_;
  const std::string& name_;
  std::string cur_;
  std::uint64_t line_ = 0;
};

// The space-separated integers of one record line.
class StateFields {
 public:
  StateFields(const StateReader& r, std::string_view text) : r_(r), rest_(text) {}

  std::int64_t next(std::int64_t lo, std::int64_t hi, const std::string& what) {
    if (rest_.empty()) r_.fail("line ends early: expected " + what);
    const std::size_t sp = rest_.find(' ');
    const std::string_view f = rest_.substr(0, sp);
    rest_ = sp == std::string_view::npos ? std::string_view() : rest_.substr(sp + 1);
    if (sp != std::string_view::npos && rest_.empty()) r_.fail("trailing space after " + what);
    return r_.number(f, lo, hi, what);
  }
  std::int32_t id(std::size_t size, const std::string& what) {
    return static_cast<std::int32_t>(next(0, static_cast<std::int64_t>(size) - 1, what));
  }
  void finish() const {
    if (!rest_.empty()) r_.fail("unexpected extra fields '" + std::string(rest_) + "'");
  }

 private:
  const StateReader& r_;
  std::string_view rest_;
};

DrainParams read_state_params(StateReader& r) {
  const std::string& head = r.next("'" + std::string(kStateMagic) + " " + std::to_string(kStateVersion) + "'");
  const std::string want = std::string(kStateMagic) + ' ';
  if (head.compare(0, want.size(), want) != 0) r.fail("not a logsweep Drain state: expected first line '" + want + "1'");
  if (head != want + std::to_string(kStateVersion)) {
    r.fail("unsupported Drain state version '" + head.substr(want.size()) + "': this logsweep reads version " +
           std::to_string(kStateVersion));
  }
  DrainParams p;
  p.depth = static_cast<int>(r.number(r.value("depth"), -kMaxId, kMaxId, "depth"));
  const std::string_view st = r.value("sim_threshold");
  const auto res = std::from_chars(st.data(), st.data() + st.size(), p.sim_threshold);
  if (res.ec != std::errc() || res.ptr != st.data() + st.size() || !(p.sim_threshold >= 0.0 && p.sim_threshold <= 1.0)) {
    r.fail("expected sim_threshold (a number in [0, 1]), got '" + std::string(st) + "'");
  }
  p.max_children = static_cast<int>(r.number(r.value("max_children"), 1, kMaxId, "max_children"));
  p.delimiters = r.unescape(r.value("delimiters"));
  const std::int64_t n_masks = r.count("masks");
  for (std::int64_t i = 0; i < n_masks; ++i) p.masks.push_back(r.unescape(r.next("mask " + std::to_string(i))));
  return p;
}

void read_state_tokens(StateReader& r, detail::TokenTable& tokens) {
  const std::int64_t n = r.count("tokens");
  if (n < 1) r.fail("expected at least the wildcard token \"<*>\"");
  for (std::int64_t i = 0; i < n; ++i) {
    const std::string t = r.unescape(r.next("token " + std::to_string(i)));
    const std::string& wild = tokens.str(detail::TokenTable::kWildcard);
    if (i == 0 && t != wild) r.fail("expected token 0 to be the wildcard '" + wild + "', got '" + t + "'");
    const std::int32_t id = tokens.intern(t);  // ids are handed out in order: a repeat returns an older one
    if (id != i) r.fail("token " + std::to_string(i) + " '" + t + "' repeats token " + std::to_string(id));
  }
}

using StateTemplates = std::vector<std::vector<std::int32_t>>;

void read_state_clusters(StateReader& r, std::size_t n_tokens, StateTemplates& clusters) {
  const std::int64_t n = r.count("clusters");
  for (std::int64_t i = 0; i < n; ++i) {
    StateFields f(r, r.next("cluster " + std::to_string(i)));
    const std::int64_t len = f.next(0, kMaxId, "token count");
    std::vector<std::int32_t> tpl;
    for (std::int64_t k = 0; k < len; ++k) tpl.push_back(f.id(n_tokens, "token id"));
    f.finish();
    clusters.push_back(std::move(tpl));
  }
}

void read_state_nodes(StateReader& r, std::size_t n_tokens, std::size_t n_clusters,
                      std::vector<drain_tree::Node>& nodes) {
  const std::int64_t n = r.count("nodes");
  for (std::int64_t i = 0; i < n; ++i) {
    StateFields f(r, r.next("node " + std::to_string(i)));
    drain_tree::Node node;
    const std::int64_t n_children = f.next(0, kMaxId, "child count");
    for (std::int64_t k = 0; k < n_children; ++k) {
      const std::int32_t token = f.id(n_tokens, "child token id");
      node.children.emplace_back(token, f.id(static_cast<std::size_t>(n), "child node id"));
    }
    const std::int64_t in_leaf = f.next(0, kMaxId, "cluster count");
    for (std::int64_t k = 0; k < in_leaf; ++k) node.clusters.push_back(f.id(n_clusters, "cluster id"));
    f.finish();
    nodes.push_back(std::move(node));
  }
}

// Token count of the tree each node hangs under, -1 where none; fails unless the nodes form
// disjoint trees below the length roots (a cycle or shared node would be a corrupt file).
std::vector<std::int64_t> read_state_lengths(StateReader& r, const std::vector<drain_tree::Node>& nodes,
                                             std::unordered_map<std::int32_t, std::int32_t>& by_length,
                                             std::uint64_t node_line0) {
  std::vector<std::int64_t> len_of(nodes.size(), -1);
  const std::int64_t n = r.count("lengths");
  for (std::int64_t i = 0; i < n; ++i) {
    StateFields f(r, r.next("length " + std::to_string(i)));
    const std::int64_t len = f.next(0, kMaxId, "token count");
    const std::int32_t root = f.id(nodes.size(), "node id");
    f.finish();
    if (!by_length.emplace(static_cast<std::int32_t>(len), root).second) r.fail("token count " + std::to_string(len) + " listed twice");
    if (len_of[root] >= 0) r.fail("node " + std::to_string(root) + " is already in the tree");
    std::vector<std::int32_t> todo{root};
    len_of[root] = len;
    while (!todo.empty()) {
      const std::int32_t at = todo.back();
      todo.pop_back();
      for (const auto& c : nodes[at].children) {
        if (len_of[c.second] >= 0) r.fail_at(node_line0 + at, "child node " + std::to_string(c.second) + " has two parents or closes a cycle");
        len_of[c.second] = len;
        todo.push_back(c.second);
      }
    }
  }
  return len_of;
}

// Every node in a tree, every cluster in exactly one leaf of its own token count: what fast_match
// relies on to index a template by the message's token positions.
void check_state_leaves(const StateReader& r, const std::vector<drain_tree::Node>& nodes, const StateTemplates& clusters,
                        const std::vector<std::int64_t>& len_of, std::uint64_t node_line0, std::uint64_t cluster_line0) {
  std::vector<bool> placed(clusters.size(), false);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const std::uint64_t line = node_line0 + i;
    if (len_of[i] < 0) r.fail_at(line, "node " + std::to_string(i) + " is not reachable from any token count");
    for (std::int32_t c : nodes[i].clusters) {
      const auto cs = static_cast<std::size_t>(c);
      if (placed[cs]) r.fail_at(line, "cluster " + std::to_string(c) + " sits in two leaves");
      if (static_cast<std::int64_t>(clusters[cs].size()) != len_of[i]) {
        r.fail_at(line, "cluster " + std::to_string(c) + " has " + std::to_string(clusters[cs].size()) +
                            " tokens but sits under token count " + std::to_string(len_of[i]));
      }
      placed[cs] = true;
    }
  }
  for (std::size_t c = 0; c < placed.size(); ++c) {
    if (!placed[c]) r.fail_at(cluster_line0 + c, "cluster " + std::to_string(c) + " is in no leaf of the tree");
  }
}

}  // namespace

void Drain::save(std::ostream& out) const {
  const Impl& s = *impl_;
  const DrainParams& p = s.params;
  out << kStateMagic << ' ' << kStateVersion << '\n'
      << "depth " << std::to_string(p.depth) << '\n'
      << "sim_threshold " << state_number(p.sim_threshold) << '\n'
      << "max_children " << std::to_string(p.max_children) << '\n'
      << "delimiters " << escape_state_text(p.delimiters) << '\n'
      << "masks " << std::to_string(p.masks.size()) << '\n';
  for (const auto& m : p.masks) out << escape_state_text(m) << '\n';
  out << "tokens " << std::to_string(s.tokens.size()) << '\n';
  for (const auto& t : s.tokens.strings()) out << escape_state_text(t) << '\n';
  out << "clusters " << std::to_string(s.clusters.size()) << '\n';
  for (const auto& tpl : s.clusters) {
    std::string l = std::to_string(tpl.size());
    for (std::int32_t t : tpl) l += ' ' + std::to_string(t);
    out << l << '\n';
  }
  out << "nodes " << std::to_string(s.nodes.size()) << '\n';
  for (const auto& n : s.nodes) {
    std::string l = std::to_string(n.children.size());
    for (const auto& c : n.children) l += ' ' + std::to_string(c.first) + ' ' + std::to_string(c.second);
    l += ' ' + std::to_string(n.clusters.size());
    for (std::int32_t c : n.clusters) l += ' ' + std::to_string(c);
    out << l << '\n';
  }
  std::vector<std::pair<std::int32_t, std::int32_t>> lengths(s.by_length.begin(), s.by_length.end());
  std::sort(lengths.begin(), lengths.end());  // the map's order is arbitrary; the file's is not
  out << "lengths " << std::to_string(lengths.size()) << '\n';
  for (const auto& l : lengths) out << std::to_string(l.first) << ' ' << std::to_string(l.second) << '\n';
  out << "end\n";
}

Drain Drain::load(std::istream& in, const std::string& name_for_errors) {
  StateReader r(in, name_for_errors);
  DrainParams params = read_state_params(r);
  Drain d = [&] {
    try {
      return Drain(std::move(params));
    } catch (const ConfigError& e) {
      r.fail("bad Drain settings: " + e.message());
    }
  }();
  Impl& s = *d.impl_;
  read_state_tokens(r, s.tokens);
  const std::uint64_t cluster_line0 = r.line_no() + 2;  // after the "clusters" header
  read_state_clusters(r, s.tokens.size(), s.clusters);
  const std::uint64_t node_line0 = r.line_no() + 2;
  read_state_nodes(r, s.tokens.size(), s.clusters.size(), s.nodes);
  const std::vector<std::int64_t> len_of = read_state_lengths(r, s.nodes, s.by_length, node_line0);
  check_state_leaves(r, s.nodes, s.clusters, len_of, node_line0, cluster_line0);
  if (r.next("'end'") != "end") r.fail("expected 'end'");
  return d;
}

void Drain::save_file(const std::string& path) const {
  const std::string tmp = path + ".tmp";
  Location where;
  where.file = path;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw StorageError("cannot write Drain state to " + tmp, where);
    save(out);
    out.close();
    if (!out) {
      std::remove(tmp.c_str());
      throw StorageError("error while writing Drain state to " + tmp + " (disk full?)", where);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw StorageError("cannot rename " + tmp + " to " + path + ": " + ec.message(), where);
  }
}

Drain Drain::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Location where;
    where.file = path;
    throw InputError("cannot open Drain state file", where);
  }
  return load(in, path);
}

}  // namespace logsweep
