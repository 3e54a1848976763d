#pragma once
// A log header layout such as "<Date> <Time> - <Level>  [<Node>:<Component>@<Id>] - <Content>"
// compiled into a matcher (the LogPAI "log_format" convention).
//
// <Name> is a field; a run of whitespace matches one or more whitespace characters; any other
// character (or "\x" for a literal x, e.g. "\[" or "\<") must appear verbatim. A field ends at
// the first place where the separator that follows it matches (the non-greedy `(.*?)` of
// LogPAI's generated regex); <Content> must come last and takes the rest of the line.
#include <string>
#include <string_view>
#include <vector>

namespace logsweep::detail {

class LineFormat {
 public:
  // Throws ConfigError (field 'line_format') for a bad format string.
  explicit LineFormat(std::string_view format);

  const std::string& text() const { return text_; }
  const std::vector<std::string>& field_names() const { return names_; }
  int field_index(std::string_view name) const;  // -1 when absent
  int content_index() const { return content_; }

  // Splits a (trimmed) line into fields[i] for field_names()[i]. On mismatch returns false
  // and says why in `reason`. Views point into `line`.
  bool match(std::string_view line, std::vector<std::string_view>& fields, std::string& reason) const;

 private:
  enum class Kind { Field, Text, Space };
  struct Elem {
    Kind kind;
    std::string text;  // Text: the literal
    int field = -1;    // Field: index into names_
  };
  // End of separator elems_[first, last) when it matches at `pos`, else npos.
  std::size_t match_separator(std::string_view line, std::size_t pos, std::size_t first, std::size_t last) const;

  std::string text_;
  std::vector<Elem> elems_;
  std::vector<std::string> names_;
  int content_ = -1;
};

}  // namespace logsweep::detail
