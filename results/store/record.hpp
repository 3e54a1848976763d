#pragma once
// One job's stored outcome: who/what/where, and what the method returned.
#include <cstdint>
#include <string>

#include "core/metrics/metrics.hpp"

namespace logsweep {

enum class JobStatus { Done, Failed, Skipped };
const char* status_name(JobStatus s);
JobStatus parse_status(const std::string& s);

struct JobRecord {
  std::string id;          // stable job id (hex), see cluster/matrix.hpp
  std::string source, target, method;
  double budget = 0;
  std::uint64_t seed = 0;
  std::string params;      // Params::canonical()
  std::string data_key;    // dataset cache keys of source and target
  // Every dataset setting a sweep can vary ("window.kind=fixed;window.size=20;...;embedder.dim=300",
  // a key whose source and target values differ as "10>20"); "" in records written before data sweeps.
  std::string data_settings;
  JobStatus status = JobStatus::Done;
  std::string message;     // failure/skip reason
  int rank = 0;
  std::string host;
  // The device the job computed on ("cpu", "cuda:0"); "" in records written before devices. Not
  // part of the id: a job resumed on another device is the same job.
  std::string device;
  std::string version;     // logsweep version that produced it
  double prepare_seconds = 0;
  double finished_at = 0;  // unix time
  MethodResult result;
};

}  // namespace logsweep
