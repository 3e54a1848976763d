// The reader of every family in log_families.cpp: a LineFormat plus how to get the timestamp,
// the session key and the label out of the matched fields. For generic, the user's line_format
// decides which rules apply.
#include <algorithm>
#include <memory>
#include <optional>

#include "core/logs/label_file.hpp"
#include "core/logs/log_families.hpp"
#include "core/logs/line_format.hpp"
#include "core/logs/reader_common.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep {

namespace detail {
namespace {

using Family = LogFamily;

// First "blk_-?\d+" in the text (the HDFS block a line belongs to).
std::string_view find_block_id(std::string_view s) {
  for (std::size_t p = s.find("blk_"); p != std::string_view::npos; p = s.find("blk_", p + 1)) {
    std::size_t q = p + 4;
    if (q < s.size() && s[q] == '-') ++q;
    const std::size_t digits = q;
    while (q < s.size() && s[q] >= '0' && s[q] <= '9') ++q;
    if (q > digits) return s.substr(p, q - p);
  }
  return {};
}

// The uuid in "[instance: <uuid>]" (nova logs name the VM a line is about this way).
std::string_view find_instance_id(std::string_view s) {
  const std::size_t p = s.find("[instance: ");
  if (p == std::string_view::npos) return {};
  const std::size_t b = p + 11;
  const std::size_t e = s.find(']', b);
  if (e == std::string_view::npos) return {};
  return trim(s.substr(b, e - b));
}

Family family_for(const ReaderSpec& spec) {
  const Family& fixed = find_log_family(spec.format);
  if (!fixed.line_format.empty()) return fixed;
  // generic
  if (spec.line_format.empty()) {
    Location where;
    where.field = "line_format";
    throw ConfigError("format 'generic' needs a line_format such as \"<Date> <Time> <Level>: <Content>\"", where);
  }
  Family g = fixed;
  g.line_format = spec.line_format;
  detail::LineFormat probe(spec.line_format);
  if (probe.field_index("Timestamp") >= 0) {
    g.time = TimeRule::UnixField;
  } else if (probe.field_index("Date") >= 0 && probe.field_index("Time") >= 0) {
    g.time = TimeRule::DateTime;
  }
  for (const char* key : {"Session", "Node"}) {
    if (probe.field_index(key) >= 0) {
      g.session = SessionRule::Field;
      g.session_field = key;
      break;
    }
  }
  if (!spec.label_file.empty()) g.label = LabelRuleKind::SessionFile;
  return g;
}

class FieldReader : public LineReaderBase {
 public:
  FieldReader(const ReaderSpec& spec, Family fam)
      : LineReaderBase(spec, "'" + spec.format + "' (\"" + fam.line_format + "\")"), fam_(std::move(fam)), fmt_(fam_.line_format) {
    ts_ = fmt_.field_index("Timestamp");
    date_ = fmt_.field_index("Date");
    time_ = fmt_.field_index("Time");
    session_ = fam_.session == SessionRule::Field ? fmt_.field_index(fam_.session_field) : -1;
    tag_ = fmt_.field_index("Label");
    setup_label_rule();
    if (fam_.label == LabelRuleKind::SessionFile && !spec_.label_file.empty()) {
      if (fam_.session == SessionRule::None) {
        Location where;
        where.field = "label_file";
        throw ConfigError("a label_file needs a session key; add a <Session> or <Node> field to line_format", where);
      }
      labels_ = load_session_labels(spec_.label_file);
    }
  }

 protected:
  bool parse(std::string_view line, LogRecord& out) override {
    if (!fmt_.match(line, fields_, reason_)) return false;
    const std::string_view content = fields_[fmt_.content_index()];
    out.content.assign(content.data(), content.size());
    if (!parse_time(out)) return false;
    switch (fam_.session) {
      case SessionRule::None: break;
      case SessionRule::Field: out.session.assign(fields_[session_]); break;
      case SessionRule::HdfsBlock: out.session.assign(find_block_id(content)); break;
      case SessionRule::OpenStackInstance: out.session.assign(find_instance_id(content)); break;
    }
    if (rule_.active()) {
      out.label = rule_.anomalous(fields_[rule_.field()]) ? 1 : 0;
    } else if (fam_.label == LabelRuleKind::AlertTag) {
      out.label = fields_[tag_] != "-" ? 1 : 0;
    } else if (fam_.label == LabelRuleKind::SessionFile && !out.session.empty() && !labels_.label.empty()) {
      // Consecutive lines often belong to one session: skip the hash lookup then.
      if (out.session != last_session_) {
        last_session_ = out.session;
        last_label_ = labels_.find(out.session);
      }
      if (last_label_ >= 0) {
        ++matched_;
        out.label = static_cast<std::int8_t>(last_label_);
      }
    }
    return true;
  }

  // A complete label file (it lists normal ids too) that names nothing in the log is
  // almost surely the wrong file: say so instead of training on all-normal labels.
  void at_end() override {
    if (fam_.label == LabelRuleKind::SessionFile && labels_.lists_normals && matched_ == 0) {
      throw InputError("label file '" + spec_.label_file + "' names no session (" +
                           (fam_.session == SessionRule::HdfsBlock ? std::string("block") : std::string("id")) +
                           ") present in log '" + spec_.path + "'",
                       Location::in_file(spec_.label_file));
    }
  }

 private:
  void setup_label_rule() {
    std::string field = spec_.label_field, regex = spec_.label_regex;
    Location where;
    where.field = field.empty() ? "label_field" : "label_regex";
    if (field.empty() != regex.empty()) {
      throw ConfigError("label_field and label_regex go together (got only one)", where);
    }
    if (!field.empty()) {
      if (fam_.label == LabelRuleKind::SessionFile && !spec_.label_file.empty()) {
        throw ConfigError("give either label_file or label_field/label_regex, not both", where);
      }
      const int idx = fmt_.field_index(field);
      if (idx < 0) {
        where.field = "label_field";
        throw ConfigError("label_field '" + field + "' is not a field of \"" + fam_.line_format + "\"; " +
                              suggest(field, fmt_.field_names()),
                          where);
      }
      rule_ = LabelRule(idx, regex);
    } else if (fam_.label == LabelRuleKind::FieldEquals) {
      rule_ = LabelRule::equals(fmt_.field_index(fam_.label_field), fam_.label_value);
    }
  }

  bool parse_time(LogRecord& out) {
    if (fam_.time == TimeRule::UnixField) {
      auto t = parse_int(fields_[ts_]);
      if (!t) {
        reason_ = "Timestamp '" + printable_prefix(fields_[ts_], 30) + "' is not an integer";
        return false;
      }
      out.timestamp = *t;
    } else if (fam_.time == TimeRule::DateTime) {
      // Dates repeat line after line; parse each distinct one once.
      if (fields_[date_] != last_date_) {
        last_date_.assign(fields_[date_]);
        last_days_ = parse_date_days(last_date_);
      }
      const auto& d = last_days_;
      auto t = parse_time_of_day(fields_[time_]);
      if (!d || !t) {
        reason_ = "unparsable Date/Time '" + printable_prefix(fields_[date_], 20) + " " +
                  printable_prefix(fields_[time_], 20) + "' (expected e.g. 2015-07-29 17:41:44,747 or 081109 203615)";
        return false;
      }
      out.timestamp = *d * 86400 + *t;
    }
    return true;
  }

  Family fam_;
  LineFormat fmt_;
  std::vector<std::string_view> fields_;
  int ts_ = -1, date_ = -1, time_ = -1, session_ = -1, tag_ = -1;
  LabelRule rule_;
  SessionLabels labels_;
  std::uint64_t matched_ = 0;
  std::string last_session_;
  int last_label_ = -1;
  std::string last_date_;
  std::optional<std::int64_t> last_days_;
};

}  // namespace
}  // namespace detail

std::vector<std::string> reader_formats() {
  std::vector<std::string> names;
  for (const auto& f : log_families()) names.push_back(f.name);
  return names;
}

std::unique_ptr<LogReader> open_reader(const ReaderSpec& spec) {
  detail::Family fam = detail::family_for(spec);
  try {
    return std::make_unique<detail::FieldReader>(spec, std::move(fam));
  } catch (Error& e) {
    e.add_context("while opening " + spec.format + " log '" + spec.path + "'");
    throw;
  }
}

}  // namespace logsweep
