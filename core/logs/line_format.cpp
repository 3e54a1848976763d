#include "core/logs/line_format.hpp"

#include <cctype>

#include "core/util/errors.hpp"

namespace logsweep::detail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n'; }

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

[[noreturn]] void bad_format(std::string_view format, std::size_t col, const std::string& why) {
  Location where;
  where.column = col + 1;
  where.field = "line_format";
  throw ConfigError("bad line format \"" + std::string(format) + "\": " + why, where);
}

}  // namespace

LineFormat::LineFormat(std::string_view format) : text_(format) {
  auto push_text = [&](char c) {
    if (elems_.empty() || elems_.back().kind != Kind::Text) elems_.push_back({Kind::Text, "", -1});
    elems_.back().text += c;
  };
  for (std::size_t i = 0; i < format.size();) {
    const char c = format[i];
    if (c == '<') {
      const std::size_t close = format.find('>', i + 1);
      if (close == std::string_view::npos) bad_format(format, i, "unbalanced '<' (no closing '>')");
      const std::string name(format.substr(i + 1, close - i - 1));
      if (name.empty()) bad_format(format, i, "empty field name '<>'");
      for (char n : name) {
        if (!is_name_char(n)) bad_format(format, i, "field name '" + name + "' may only hold letters, digits and '_'");
      }
      if (field_index(name) >= 0) bad_format(format, i, "field <" + name + "> appears twice");
      if (!elems_.empty() && elems_.back().kind == Kind::Field) {
        bad_format(format, i, "fields <" + names_.back() + "> and <" + name + "> need a separator between them");
      }
      names_.push_back(name);
      elems_.push_back({Kind::Field, "", static_cast<int>(names_.size() - 1)});
      if (name == "Content") content_ = static_cast<int>(names_.size() - 1);
      i = close + 1;
    } else if (c == '>') {
      bad_format(format, i, "unbalanced '>' (write \\> for a literal)");
    } else if (is_space(c)) {
      while (i < format.size() && is_space(format[i])) ++i;
      elems_.push_back({Kind::Space, "", -1});
    } else if (c == '\\') {
      if (i + 1 >= format.size()) bad_format(format, i, "trailing '\\'");
      push_text(format[i + 1]);
      i += 2;
    } else {
      push_text(c);
      ++i;
    }
  }
  // Lines are matched trimmed, so leading/trailing whitespace in the format means nothing.
  while (!elems_.empty() && elems_.front().kind == Kind::Space) elems_.erase(elems_.begin());
  while (!elems_.empty() && elems_.back().kind == Kind::Space) elems_.pop_back();
  if (content_ < 0) bad_format(format, 0, "it has no <Content> field");
  if (elems_.back().kind != Kind::Field || elems_.back().field != content_) {
    bad_format(format, 0, "<Content> must be the last element");
  }
}

int LineFormat::field_index(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::size_t LineFormat::match_separator(std::string_view line, std::size_t pos, std::size_t first,
                                        std::size_t last) const {
  for (std::size_t e = first; e < last; ++e) {
    const Elem& el = elems_[e];
    if (el.kind == Kind::Text) {
      if (line.compare(pos, el.text.size(), el.text) != 0) return std::string_view::npos;
      pos += el.text.size();
    } else {  // Space
      if (pos >= line.size() || !is_space(line[pos])) return std::string_view::npos;
      while (pos < line.size() && is_space(line[pos])) ++pos;
    }
  }
  return pos;
}

bool LineFormat::match(std::string_view line, std::vector<std::string_view>& fields, std::string& reason) const {
  fields.assign(names_.size(), std::string_view());
  std::size_t pos = 0;
  for (std::size_t e = 0; e < elems_.size();) {
    const Elem& el = elems_[e];
    if (el.kind != Kind::Field) {
      const std::size_t end = match_separator(line, pos, e, e + 1);
      if (end == std::string_view::npos) {
        reason = el.kind == Kind::Text ? "expected '" + el.text + "' at column " + std::to_string(pos + 1)
                                       : "expected whitespace at column " + std::to_string(pos + 1);
        return false;
      }
      pos = end;
      ++e;
      continue;
    }
    if (e + 1 == elems_.size()) {  // <Content>: the rest of the line
      fields[el.field] = line.substr(pos);
      return true;
    }
    std::size_t sep_end = e + 1;
    while (sep_end < elems_.size() && elems_[sep_end].kind != Kind::Field) ++sep_end;
    // Fields are non-empty: the separator is searched from the next character on.
    std::size_t found = std::string_view::npos, after = 0;
    for (std::size_t p = pos + 1; p < line.size(); ++p) {
      const Elem& s = elems_[e + 1];
      if (s.kind == Kind::Text ? line[p] != s.text[0] : !is_space(line[p])) continue;
      after = match_separator(line, p, e + 1, sep_end);
      if (after != std::string_view::npos) {
        found = p;
        break;
      }
    }
    if (found == std::string_view::npos) {
      reason = "field <" + names_[el.field] + "> is not followed by its separator";
      return false;
    }
    fields[el.field] = line.substr(pos, found - pos);
    pos = after;
    e = sep_end;
  }
  return true;
}

}  // namespace logsweep::detail
