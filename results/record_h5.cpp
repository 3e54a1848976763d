#include "results/record_h5.hpp"

#include <fmt/format.h>

#include "core/logs/utf8.hpp"

namespace logsweep {

const char* status_name(JobStatus s) {
  switch (s) {
    case JobStatus::Done: return "done";
    case JobStatus::Failed: return "failed";
    case JobStatus::Skipped: return "skipped";
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
    throw StorageError(fmt::format("{} has {} format_version {}; this logsweep reads versions 1..{} (newer logsweep?)", label,
                                   what, version, max_version));
}

// HDF5 declares the strings UTF-8, and a failure message may quote raw log bytes.
void write_record(h5::Group& jobs, const JobRecord& rec) {
  if (rec.id.empty() || rec.id.find('/') != std::string::npos || rec.id == "." || rec.id == "..")
    throw StorageError(fmt::format("invalid job id '{}' (must be a non-empty name without '/')", rec.id));
  h5::Group g = jobs.create_group(rec.id);
  const MethodResult& r = rec.result;
  g.set_attr("source", utf8_escaped(rec.source));
  g.set_attr("target", utf8_escaped(rec.target));
  g.set_attr("method", utf8_escaped(rec.method));
  g.set_attr("budget", rec.budget);
  g.set_attr("seed", static_cast<std::uint64_t>(rec.seed));
  g.set_attr("params", utf8_escaped(rec.params));
  g.set_attr("data_key", utf8_escaped(rec.data_key));
  g.set_attr("data_settings", utf8_escaped(rec.data_settings));
  g.set_attr("status", status_name(rec.status));
  g.set_attr("message", utf8_escaped(rec.message));
  g.set_attr("rank", static_cast<std::int64_t>(rec.rank));
  g.set_attr("host", utf8_escaped(rec.host));
  g.set_attr("version", utf8_escaped(rec.version));
  g.set_attr("prepare_seconds", rec.prepare_seconds);
  g.set_attr("train_seconds", r.train_seconds);
  g.set_attr("eval_seconds", r.eval_seconds);
  g.set_attr("finished_at", rec.finished_at);
  g.set_attr("n_train", r.n_train);
  g.set_attr("n_test", r.n_test);
  g.set_attr("n_labelled", r.n_labelled);
  g.set_attr("precision", r.precision);
  g.set_attr("recall", r.recall);
  g.set_attr("f1", r.f1);
  g.set_attr("auc", r.auc);
  g.set_attr("tp", r.confusion.tp);
  g.set_attr("fp", r.confusion.fp);
  g.set_attr("tn", r.confusion.tn);
  g.set_attr("fn", r.confusion.fn);

  std::vector<std::int64_t> flat, offsets{0};
  for (const auto& round : r.selected) {
    flat.insert(flat.end(), round.begin(), round.end());
    offsets.push_back(static_cast<std::int64_t>(flat.size()));
  }
  g.write("selected", flat);
  g.write("selected_offsets", offsets);
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
  rec.source = g.attr_string("source");
  rec.target = g.attr_string("target");
  rec.method = g.attr_string("method");
  rec.budget = g.attr_double("budget");
  rec.seed = g.attr_uint("seed");
  rec.params = g.attr_string("params");
  rec.data_key = g.attr_string("data_key");
  // Records written before data sweeps existed have no data settings.
  rec.data_settings = g.has_attr("data_settings") ? g.attr_string("data_settings") : "";
  rec.status = read_status(jobs, id);
  rec.message = g.attr_string("message");
  rec.rank = static_cast<int>(g.attr_int("rank"));
  rec.host = g.attr_string("host");
  rec.version = g.attr_string("version");
  rec.prepare_seconds = g.attr_double("prepare_seconds");
  r.train_seconds = g.attr_double("train_seconds");
  r.eval_seconds = g.attr_double("eval_seconds");
  rec.finished_at = g.attr_double("finished_at");
  r.n_train = g.attr_int("n_train");
  r.n_test = g.attr_int("n_test");
  r.n_labelled = g.attr_int("n_labelled");
  r.precision = g.attr_double("precision");
  r.recall = g.attr_double("recall");
  r.f1 = g.attr_double("f1");
  r.auc = g.attr_double("auc");
  r.confusion.tp = g.attr_int("tp");
  r.confusion.fp = g.attr_int("fp");
  r.confusion.tn = g.attr_int("tn");
  r.confusion.fn = g.attr_int("fn");

  auto flat = g.read<std::int64_t>("selected");
  auto offsets = g.read<std::int64_t>("selected_offsets");
  for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
    std::int64_t a = offsets[i], b = offsets[i + 1];
    if (a < 0 || b < a || static_cast<std::size_t>(b) > flat.size())
      throw StorageError(fmt::format("{}: selected_offsets out of range", g.where().object), h5::file_location(*g.where().file));
    r.selected.emplace_back(flat.begin() + a, flat.begin() + b);
  }
  if (g.has("vectors")) r.vectors = g.read_matrix("vectors");
  if (g.has("vector_labels")) r.vector_labels = g.read<std::int8_t>("vector_labels");
  if (g.has("vector_system")) r.vector_system = g.read<std::int8_t>("vector_system");
  if (g.has("extra_names")) {
    auto names = g.read_strings("extra_names");
    auto values = g.read<double>("extra_values");
    if (names.size() != values.size())
      throw StorageError(fmt::format("{}: extra_names and extra_values differ in length", g.where().object),
                         h5::file_location(*g.where().file));
    for (std::size_t i = 0; i < names.size(); ++i) r.extra[names[i]] = values[i];
  }
  return rec;
}

}  // namespace logsweep
