#pragma once
// The one list of a job record's scalar fields, as stored in the attributes of /jobs/<id>
// (record_h5.hpp): record_h5.cpp writes and reads them through it and tests/results/store/store_test.cpp
// round-trips and compares them through it. A new scalar field of JobRecord / MethodResult is one
// line here (plus a value in the test's full_record). Arrays (selected, vectors, extra) are
// stored as datasets and handled by name in record_h5.cpp.
//
// visit_record_fields(visit, recs...) calls visit(name, recs.field...) for each field in file
// order; the field types are std::string, double, std::int64_t, std::uint64_t, int and JobStatus.
#include "results/store/record.hpp"

namespace logsweep {

template <class Visit, class... Recs>
void visit_record_fields(Visit&& visit, Recs&... recs) {
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
  visit("train_seconds", recs.result.train_seconds...);
  visit("eval_seconds", recs.result.eval_seconds...);
  visit("finished_at", recs.finished_at...);
  visit("n_train", recs.result.n_train...);
  visit("n_test", recs.result.n_test...);
  visit("n_labelled", recs.result.n_labelled...);
  visit("precision", recs.result.precision...);
  visit("recall", recs.result.recall...);
  visit("f1", recs.result.f1...);
  visit("auc", recs.result.auc...);
  visit("tp", recs.result.confusion.tp...);
  visit("fp", recs.result.confusion.fp...);
  visit("tn", recs.result.confusion.tn...);
  visit("fn", recs.result.confusion.fn...);
}

}  // namespace logsweep
