// Word splitting, TF-IDF weights and hashing shared by all embedders.
#include <cmath>
#include <fstream>
#include <map>
#include <unordered_map>

#include "core/embedding/embedder.hpp"
#include "core/embedding/internal.hpp"
#include "core/util/errors.hpp"
#include "core/util/hash.hpp"

namespace logsweep {
namespace {

bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
// Bytes >= 0x80 count as lower-case letters so UTF-8 words stay whole.
bool is_lower(unsigned char c) { return (c >= 'a' && c <= 'z') || c >= 0x80; }
bool is_letter(unsigned char c) { return is_upper(c) || is_lower(c); }

char lower(unsigned char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c); }

// A word ends before position i of `s` when the case pattern says a new word starts:
// "camelCase" -> camel|Case, "NIOServer" -> NIO|Server.
bool camel_boundary(const std::string& s, std::size_t i) {
  auto prev = static_cast<unsigned char>(s[i - 1]);
  auto cur = static_cast<unsigned char>(s[i]);
  if (is_lower(prev) && is_upper(cur)) return true;
  if (is_upper(prev) && is_upper(cur) && i + 1 < s.size() && is_lower(static_cast<unsigned char>(s[i + 1])))
    return true;
  return false;
}

}  // namespace

std::vector<std::string> template_words(const std::string& tmpl) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    auto c = static_cast<unsigned char>(tmpl[i]);
    // Digits and punctuation separate words and are dropped ("<*>" is punctuation too).
    if (!is_letter(c)) {
      flush();
      continue;
    }
    if (!cur.empty() && camel_boundary(tmpl, i)) flush();
    cur += lower(c);
  }
  flush();
  return words;
}

namespace embedding_detail {

std::vector<WeightedWords> tfidf_words(const std::vector<std::string>& templates) {
  std::vector<std::map<std::string, int>> counts(templates.size());
  std::vector<int> totals(templates.size(), 0);
  std::unordered_map<std::string, int> df;
  for (std::size_t t = 0; t < templates.size(); ++t) {
    for (auto& w : template_words(templates[t])) {
      ++counts[t][w];
      ++totals[t];
    }
    for (auto& kv : counts[t]) ++df[kv.first];
  }
  const double n = static_cast<double>(templates.size());
  std::vector<WeightedWords> out(templates.size());
  for (std::size_t t = 0; t < templates.size(); ++t) {
    for (auto& [word, count] : counts[t]) {  // std::map: words in a fixed order, so sums are reproducible
      double tf = static_cast<double>(count) / totals[t];
      double idf = std::log((1.0 + n) / (1.0 + df[word])) + 1.0;
      out[t].emplace_back(word, static_cast<float>(tf * idf));
    }
  }
  return out;
}

std::uint64_t stable_hash(const std::string& s, std::uint64_t salt) {
  std::uint64_t h = 1469598103934665603ULL ^ salt;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

std::string file_digest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read file", where(path));
  Hasher h;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    h.add(std::string_view(buf, static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) throw InputError("error while reading file", where(path));
  return h.hex();
}

void l2_normalise(float* v, std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<double>(v[i]) * v[i];
  if (s <= 0) return;  // an all-zero vector (no known words) stays zero
  auto inv = static_cast<float>(1.0 / std::sqrt(s));
  for (std::size_t i = 0; i < n; ++i) v[i] *= inv;
}

}  // namespace embedding_detail
}  // namespace logsweep
