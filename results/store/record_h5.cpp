#include "results/store/record_h5.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/logs/utf8.hpp"
#include "results/store/record_fields.hpp"

namespace logsweep {

const char* status_name(JobStatus s) {
  switch (s) {
    case JobStatus::Done:
      return "done";
    case JobStatus::Failed:
      return "failed";
    case JobStatus::Skipped:
      return "skipped";
  }
  return "done";
}

JobStatus parse_status(const std::string& s) {
  if (s == "done") return JobStatus::Done;
  if (s == "failed") return JobStatus::Failed;
  if (s == "skipped") return JobStatus::Skipped;
  throw StorageError(fmt::format("unknown job status '{}' (expected done, failed or skipped)", s));
}

void mark_format(h5::Group& root, const std::string& format, int version) {
  root.set_attr("format", format);
  root.set_attr("format_version", static_cast<std::int64_t>(version));
}

void require_format(const h5::Group& root, const std::string& label, const std::string& format, int max_version,
                    const std::string& what) {
  auto refuse = [&](const std::string& reason) {
    throw StorageError(fmt::format("{} is not a {} file: {}; it was left untouched", label, what, reason));
  };
  if (!root.has_attr("format")) refuse("it has no 'format' attribute");
  std::string found;
  try {
    found = root.attr_string("format");
  } catch (const StorageError&) {
    refuse("its 'format' attribute is not a string");
  }
  if (found != format) refuse(fmt::format("its format is '{}', expected '{}'", found, format));
  std::int64_t version = root.has_attr("format_version") ? root.attr_int("format_version") : 0;
  if (version < 1 || version > max_version)
    throw StorageError(fmt::format("{} has {} format_version {}; this logsweep reads versions 1..{} (newer logsweep?)",
                                   label, what, version, max_version));
}

namespace {

// The scalar fields as attributes. HDF5 declares the strings UTF-8, and a failure message may
// quote raw log bytes: strings are stored escaped.
struct AttributeWriter {
  h5::Group& g;
  void operator()(const char* name, const std::string& v) const { g.set_attr(name, utf8_escaped(v)); }
  void operator()(const char* name, JobStatus v) const { g.set_attr(name, status_name(v)); }
  template <class Number>
  void operator()(const char* name, Number v) const {
    g.set_attr(name, v);
  }
};

struct AttributeReader {
  const h5::Group& jobs;
  const std::string& id;
  const h5::Group& g;
  void operator()(const char* name, std::string& v) const {
    // Fields added after format_version 1 was fixed are absent from older records: empty there.
    const std::string_view field(name);
    if ((field == "data_settings" || field == "device") && !g.has_attr(name)) return v.clear();
    v = g.attr_string(name);
  }
  void operator()(const char*, JobStatus& v) const { v = read_status(jobs, id); }
  void operator()(const char* name, double& v) const { v = g.attr_double(name); }
  void operator()(const char* name, std::uint64_t& v) const { v = g.attr_uint(name); }
  void operator()(const char* name, std::int64_t& v) const { v = g.attr_int(name); }
  void operator()(const char* name, int& v) const { v = static_cast<int>(g.attr_int(name)); }
};

// The round records as one dataset per field ("round_<field>"), rows = rounds. Columns are
// gathered by visiting each record in turn; names keep the field list's order.
struct RoundColumns {
  std::vector<std::string> names;
  std::map<std::string, std::vector<std::int64_t>> ints;
  std::map<std::string, std::vector<double>> reals;
  void note(const char* name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
  }
  void operator()(const char* name, double v) {
    note(name);
    reals[name].push_back(v);
  }
  template <class Int>
  void operator()(const char* name, Int v) {
    note(name);
    ints[name].push_back(static_cast<std::int64_t>(v));
  }
};

void write_rounds(h5::Group& g, const std::vector<RoundRecord>& rounds) {
  if (rounds.empty()) return;
  RoundColumns cols;
  for (const auto& r : rounds) visit_round_fields(cols, r);
  for (const auto& name : cols.names) {
    if (cols.ints.count(name)) g.write("round_" + name, cols.ints[name]);
    else g.write("round_" + name, cols.reals[name]);
  }
}

// Reading: every column as it was written (integers exactly), held as doubles (counts stay far
// below 2^53, so the conversion back is exact), then one record per row.
struct RoundColumnReader {
  const h5::Group& g;
  std::map<std::string, std::vector<double>> values;
  void operator()(const char* name, double) { values[name] = g.read<double>(std::string("round_") + name); }
  template <class Int>
  void operator()(const char* name, Int) {
    auto v = g.read<std::int64_t>(std::string("round_") + name);
    values[name].assign(v.begin(), v.end());
  }
};

struct RoundRow {
  const std::map<std::string, std::vector<double>>& values;
  std::size_t i;
  void operator()(const char* name, double& v) const { v = values.at(name)[i]; }
  template <class Int>
  void operator()(const char* name, Int& v) const {
    v = static_cast<Int>(values.at(name)[i]);
  }
};

// Records written before the round record have no round_* datasets: no rounds.
std::vector<RoundRecord> read_rounds(const h5::Group& g) {
  if (!g.has("round_epoch")) return {};
  RoundColumnReader columns{g, {}};
  const RoundRecord probe;
  visit_round_fields(columns, probe);
  const auto n = columns.values["epoch"].size();
  for (const auto& [name, v] : columns.values)
    if (v.size() != n)
      throw StorageError(fmt::format("{}: round_{} has {} rows, round_epoch {}", g.where().object, name, v.size(), n),
                         Location::in_file(*g.where().file));
  std::vector<RoundRecord> rounds(n);
  for (std::size_t i = 0; i < n; ++i) visit_round_fields(RoundRow{columns.values, i}, rounds[i]);
  return rounds;
}

}  // namespace

void write_record(h5::Group& jobs, const JobRecord& rec) {
  if (rec.id.empty() || rec.id.find('/') != std::string::npos || rec.id == "." || rec.id == "..")
    throw StorageError(fmt::format("invalid job id '{}' (must be a non-empty name without '/')", rec.id));
  h5::Group g = jobs.create_group(rec.id);
  const MethodResult& r = rec.result;
  visit_record_fields(AttributeWriter{g}, rec);

  std::vector<std::int64_t> flat, offsets{0};
  for (const auto& round : r.selected) {
    flat.insert(flat.end(), round.begin(), round.end());
    offsets.push_back(static_cast<std::int64_t>(flat.size()));
  }
  g.write("selected", flat);
  g.write("selected_offsets", offsets);
  write_rounds(g, r.rounds);
  if (r.vectors.rows > 0) g.write_matrix("vectors", r.vectors);
  if (!r.vector_labels.empty()) g.write("vector_labels", r.vector_labels);
  if (!r.vector_system.empty()) g.write("vector_system", r.vector_system);
  if (!r.extra.empty()) {
    std::vector<std::string> names;
    std::vector<double> values;
    for (const auto& [k, v] : r.extra) {
      names.push_back(utf8_escaped(k));
      values.push_back(v);
    }
    g.write_strings("extra_names", names);
    g.write("extra_values", values);
  }
}

JobStatus read_status(const h5::Group& jobs, const std::string& id) {
  h5::Group g = jobs.group(id);
  try {
    return parse_status(g.attr_string("status"));
  } catch (StorageError& e) {
    e.add_context(g.where().object);
    throw;
  }
}

JobRecord read_record(const h5::Group& jobs, const std::string& id) {
  h5::Group g = jobs.group(id);
  JobRecord rec;
  MethodResult& r = rec.result;
  rec.id = id;
  visit_record_fields(AttributeReader{jobs, id, g}, rec);

  auto flat = g.read<std::int64_t>("selected");
  auto offsets = g.read<std::int64_t>("selected_offsets");
  for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
    std::int64_t a = offsets[i], b = offsets[i + 1];
    if (a < 0 || b < a || static_cast<std::size_t>(b) > flat.size())
      throw StorageError(fmt::format("{}: selected_offsets out of range", g.where().object),
                         Location::in_file(*g.where().file));
    r.selected.emplace_back(flat.begin() + a, flat.begin() + b);
  }
  r.rounds = read_rounds(g);
  if (g.has("vectors")) r.vectors = g.read_matrix("vectors");
  if (g.has("vector_labels")) r.vector_labels = g.read<std::int8_t>("vector_labels");
  if (g.has("vector_system")) r.vector_system = g.read<std::int8_t>("vector_system");
  if (g.has("extra_names")) {
    auto names = g.read_strings("extra_names");
    auto values = g.read<double>("extra_values");
    if (names.size() != values.size())
      throw StorageError(fmt::format("{}: extra_names and extra_values differ in length", g.where().object),
                         Location::in_file(*g.where().file));
    for (std::size_t i = 0; i < names.size(); ++i) r.extra[names[i]] = values[i];
  }
  return rec;
}

}  // namespace logsweep
