#include "core/util/errors.hpp"

#include <fmt/format.h>

namespace logsweep {

std::string Location::str() const {
  std::string s = file;
  if (line) s += fmt::format(":{}", line);
  if (line && column) s += fmt::format(":{}", column);
  if (!field.empty()) s += (s.empty() ? "" : " ") + fmt::format("(field '{}')", field);
  return s;
}

Error::Error(std::string message, Location where)
    : std::runtime_error(message), message_(std::move(message)), where_(std::move(where)) {
  rebuild();
}

Error& Error::add_context(std::string ctx) {
  context_.push_back(std::move(ctx));
  rebuild();
  return *this;
}

void Error::rebuild() {
  std::string loc = where_.str();
  full_ = loc.empty() ? message_ : loc + ": " + message_;
  // context_ holds the innermost context first (it was added first): prepending each in turn
  // leaves the outermost at the front.
  for (const auto& ctx : context_) full_ = ctx + ": " + full_;
}

InternalError::InternalError(const std::string& message)
    : Error("internal error (a bug in logsweep; please report it with this message): " + message) {}

ConfigError field_error(const std::string& field, const std::string& message) {
  Location where;
  where.field = field;
  return ConfigError(message, where);
}

}  // namespace logsweep
