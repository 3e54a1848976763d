// The wink-embeddings JSON layout: index pass and vector reads (see wink_vectors.hpp).
#include "core/embedding/wink_vectors.hpp"

#include <algorithm>
#include <fstream>
#include <numeric>
#include <optional>

#include "core/embedding/json_stream.hpp"
#include "core/util/errors.hpp"
#include "core/util/hash.hpp"

namespace logsweep::embedding_detail {
namespace {

// A sequential pass reads large blocks; a vector read touches about 1 KB.
constexpr std::size_t kVectorReadBuffer = 1 << 12;
// Far above any real embedding width; refuses a corrupt count before it sizes an allocation.
constexpr std::uint64_t kMaxDimensions = 1 << 16;

// A number-valued header field and where its value starts (for errors about it).
struct CountField {
  std::optional<std::uint64_t> value;
  std::uint64_t at = 0;
};

struct WinkHeader {
  CountField dimensions, size, l2_norm_index, word_index;
  bool has_vectors = false;
  std::uint64_t vectors_at = 0;
  std::uint64_t entries = 0;     // word:vector pairs, repeats included (what `size` counts)
  std::uint64_t vector_len = 0;  // numbers per vector, set by the first vector
  std::uint64_t first_vector_at = 0;
};

void read_count(JsonStream& s, CountField& f) {
  s.peek();
  f.at = s.offset();
  f.value = json_count(s, s.read_number(), f.at);
}

// Numbers in the array at the stream's position (checked, not converted).
std::uint64_t count_numbers(JsonStream& s) {
  s.expect('[', "'[' (the word's vector)");
  if (s.accept(']')) return 0;
  std::uint64_t n = 0;
  do {
    s.read_number();
    ++n;
  } while (s.accept(','));
  s.expect(']', "',' or ']'");
  return n;
}

std::string length_expectation(const WinkHeader& h) {
  if (h.dimensions.value)
    return std::to_string(*h.dimensions.value + 2) + " (dimensions " + std::to_string(*h.dimensions.value) +
           ", then norm and index)";
  return std::to_string(h.vector_len) + " (as the first vector)";
}

void read_vectors(JsonStream& s, WinkHeader& h, WinkIndex& index) {
  h.has_vectors = true;
  s.peek();
  h.vectors_at = s.offset();
  s.expect('{', "'{' (the vectors object)");
  if (s.accept('}')) return;
  do {
    s.set_path("vectors");
    std::string word = s.read_string();
    s.expect(':', "':' after the word");
    s.set_path("vectors." + word);
    s.peek();
    const std::uint64_t at = s.offset();
    const std::uint64_t n = count_numbers(s);
    if (h.vector_len == 0) {
      h.vector_len = h.dimensions.value ? *h.dimensions.value + 2 : n;
      h.first_vector_at = at;
    }
    if (n != h.vector_len)
      s.fail("vector has " + std::to_string(n) + " numbers, expected " + length_expectation(h), at);
    ++h.entries;
    index.offsets.emplace(std::move(word), at);
  } while (s.accept(','));
  s.set_path("vectors");
  s.expect('}', "',' or '}'");
}

void read_top_level(JsonStream& s, WinkHeader& h, WinkIndex& index) {
  s.expect('{', "'{' (a wink embeddings JSON object)");
  if (s.accept('}')) return;
  do {
    s.set_path("");
    std::string key = s.read_string();
    s.expect(':', "':' after an object key");
    s.set_path(key);
    if (key == "dimensions")
      read_count(s, h.dimensions);
    else if (key == "size")
      read_count(s, h.size);
    else if (key == "l2NormIndex")
      read_count(s, h.l2_norm_index);
    else if (key == "wordIndex")
      read_count(s, h.word_index);
    else if (key == "vectors")
      read_vectors(s, h, index);
    else
      s.skip_value();
  } while (s.accept(','));
  s.set_path("");
  s.expect('}', "',' or '}'");
}

// The layout checks that need the whole object (fields may come in any order).
void check_header(const JsonStream& s, const WinkHeader& h, const WinkIndex& index, std::uint64_t end) {
  if (!h.dimensions.value) s.fail("missing field 'dimensions'", end);
  const std::uint64_t d = *h.dimensions.value;
  if (d == 0 || d > kMaxDimensions)
    s.fail("'dimensions' is " + std::to_string(d) + ", expected 1 to " + std::to_string(kMaxDimensions),
           h.dimensions.at);
  if (!h.has_vectors) s.fail("missing field 'vectors'", end);
  if (index.offsets.empty()) s.fail("no word vectors in 'vectors'", h.vectors_at);
  if (h.vector_len != d + 2)
    s.fail("'dimensions' is " + std::to_string(d) + " but the vectors hold " + std::to_string(h.vector_len) +
               " numbers (dimensions, then norm and index)",
           h.dimensions.at);
  if (h.l2_norm_index.value && *h.l2_norm_index.value != d)
    s.fail("'l2NormIndex' is " + std::to_string(*h.l2_norm_index.value) + ", expected " + std::to_string(d) +
               " (the norm follows the values)",
           h.l2_norm_index.at);
  if (h.word_index.value && *h.word_index.value != d + 1)
    s.fail("'wordIndex' is " + std::to_string(*h.word_index.value) + ", expected " + std::to_string(d + 1) +
               " (the index follows the norm)",
           h.word_index.at);
  if (h.size.value && *h.size.value != h.entries)
    s.fail(
        "'size' is " + std::to_string(*h.size.value) + " but 'vectors' holds " + std::to_string(h.entries) + " words",
        h.size.at);
}

}  // namespace

WinkIndex index_wink_file(const std::string& path) {
  WinkIndex index;
  Hasher digest;
  JsonStream s(path, 0, &digest);
  WinkHeader h;
  read_top_level(s, h, index);
  const std::uint64_t end = s.offset() - 1;  // the closing '}'
  s.expect_end();
  check_header(s, h, index, end);
  index.dim = static_cast<int>(*h.dimensions.value);
  index.digest = digest.hex();
  return index;
}

std::vector<float> read_wink_vectors(const std::string& path, const WinkIndex& index,
                                     const std::vector<std::string>& words) {
  const auto d = static_cast<std::size_t>(index.dim);
  std::vector<float> out(words.size() * d);
  std::vector<std::uint64_t> offsets;
  offsets.reserve(words.size());
  for (const auto& w : words) offsets.push_back(index.offsets.at(w));
  // In file order, so that neighbouring vectors come from one buffer fill.
  std::vector<std::size_t> order(words.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return offsets[a] < offsets[b]; });
  JsonStream s(path, kVectorReadBuffer);
  for (std::size_t row : order) {
    s.seek(offsets[row]);
    s.set_path("vectors." + words[row]);
    s.expect('[', "'[' of an indexed vector (has the file changed since it was read?)");
    for (std::size_t k = 0; k < d; ++k) {
      if (k > 0) s.expect(',', "',' (has the file changed since it was read?)");
      s.peek();
      const std::uint64_t at = s.offset();
      out[row * d + k] = json_float(s, s.read_number(), at);
    }
  }
  return out;
}

bool looks_like_json_object(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  auto space = [](int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  int c = in.get();
  while (in && space(c)) c = in.get();
  if (!in || c != '{') return false;
  c = in.get();
  while (in && space(c)) c = in.get();
  return in && (c == '"' || c == '}');
}

}  // namespace logsweep::embedding_detail
