#pragma once
// The one list of a job record's scalar fields, as stored in the attributes of /jobs/<id>
// (record_h5.hpp): record_h5.cpp writes and reads them through it, the tidy CSV
// (results/report/tables_tidy.hpp) takes its columns from it, and tests/results/store/store_test.cpp
// round-trips and compares them through it. A new scalar field of JobRecord / MethodResult is one
// line here (plus a value in the test's full_record). Arrays (selected, rounds, vectors, extra) are
// stored as datasets and handled by name in record_h5.cpp.
//
// visit_record_fields(visit, recs...) calls visit(name, recs.field...) for each field in file
// order: the job's own fields (visit_job_fields), then its outcome (visit_result_fields: the
// MethodResult's scalars, which mean nothing for a job that did not finish). The field types are
// std::string, double, std::int64_t, std::uint64_t, int and JobStatus.
#include "results/store/record.hpp"

namespace logsweep {

template <class Visit, class... Recs>
void visit_job_fields(Visit&& visit, Recs&... recs) {
  visit("source", recs.source...);
  visit("target", recs.target...);
  visit("method", recs.method...);
  visit("budget", recs.budget...);
  visit("seed", recs.seed...);
  visit("params", recs.params...);
  visit("data_key", recs.data_key...);
  visit("data_settings", recs.data_settings...);  // absent in records written before it (read as "")
  visit("status", recs.status...);
  visit("message", recs.message...);
  visit("rank", recs.rank...);
  visit("host", recs.host...);
  visit("device", recs.device...);  // absent in records written before it (read as "")
  visit("version", recs.version...);
  visit("prepare_seconds", recs.prepare_seconds...);
  visit("finished_at", recs.finished_at...);
}

template <class Visit, class... Results>
void visit_result_fields(Visit&& visit, Results&... rs) {
  visit("train_seconds", rs.train_seconds...);
  visit("eval_seconds", rs.eval_seconds...);
  visit("n_train", rs.n_train...);
  visit("n_test", rs.n_test...);
  visit("n_labelled", rs.n_labelled...);
  visit("precision", rs.precision...);
  visit("recall", rs.recall...);
  visit("f1", rs.f1...);
  visit("auc", rs.auc...);  // -1: the method has no score
  visit("tp", rs.confusion.tp...);
  visit("fp", rs.confusion.fp...);
  visit("tn", rs.confusion.tn...);
  visit("fn", rs.confusion.fn...);
}

template <class Visit, class... Recs>
void visit_record_fields(Visit&& visit, Recs&... recs) {
  visit_job_fields(visit, recs...);
  visit_result_fields(visit, recs.result...);
}

}  // namespace logsweep
