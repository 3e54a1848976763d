// One job, on whichever rank runs it: inputs from the rank's dataset pool, the method, and a
// record that always comes back (failures are results too).
#include <fmt/format.h>
// at::manual_seed and c10::Error only: <torch/torch.h> would cost this file ~20 s of compile.
#include <ATen/Context.h>

#include <chrono>
#include <new>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "cluster/scheduler.hpp"
#include "core/util/strings.hpp"
#include "experiments/method.hpp"
#include "results/store/results_lock.hpp"

namespace logsweep {
namespace {

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// LOGSWEEP_TEST_FAIL_JOB / LOGSWEEP_TEST_JOB_DELAY_MS, see scheduler.hpp.
void apply_test_hooks(const Job& job) {
  if (const char* delay = std::getenv("LOGSWEEP_TEST_JOB_DELAY_MS"))
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atol(delay)));
  const char* fail = std::getenv("LOGSWEEP_TEST_FAIL_JOB");
  if (!fail) return;
  const std::string me = fmt::format("{}:{}", job.method, job.seed);
  for (const auto& item : split(fail, ',')) {
    const std::string t(trim(item));
    if (t == me) throw std::runtime_error("forced failure (test hook LOGSWEEP_TEST_FAIL_JOB)");
    if (t == me + ":oom") throw std::bad_alloc();  // what an exhausted allocator throws
  }
}

}  // namespace

JobInputs job_inputs(const Job& job, DatasetPool& pool, bool keep_vectors, const std::string& device,
                     double* load_seconds) {
  double s_load = 0, t_load = 0;
  JobInputs in;
  in.source = &pool.get(job.source_dataset(), &s_load);
  in.target = &pool.get(job.target_dataset(), &t_load);
  if (load_seconds) *load_seconds = s_load + t_load;
  in.budget = job.budget;
  in.seed = job.seed;
  in.params = job.params;
  in.keep_vectors = keep_vectors;
  in.device = c10::Device(device);
  at::manual_seed(job.seed);
  return in;
}

JobRecord execute_job(const Job& job, DatasetPool& pool, bool keep_vectors, int rank, const std::string& device) {
  static const std::string host = this_host_name();
  JobRecord rec;
  rec.id = job.id;
  rec.source = job.source;
  rec.target = job.target;
  rec.data_settings = job.data_settings;
  rec.method = job.method;
  rec.budget = job.budget;
  rec.seed = job.seed;
  rec.params = job.params.canonical();
  rec.data_key = job.data_key;
  rec.rank = rank;
  rec.device = device;
  rec.host = host;
  rec.version = LOGSWEEP_VERSION;
  try {
    apply_test_hooks(job);
    const JobInputs in = job_inputs(job, pool, keep_vectors, device, &rec.prepare_seconds);
    rec.result = find_method(job.method).run(in);
    rec.status = JobStatus::Done;
  } catch (const JobSkipped& e) {
    rec.status = JobStatus::Skipped;
    rec.message = e.what();
  } catch (const c10::Error& e) {  // its what() carries a long C++ backtrace
    rec.status = JobStatus::Failed;
    rec.message = e.what_without_backtrace();
    rec.result = MethodResult{};
  } catch (const std::exception& e) {
    rec.status = JobStatus::Failed;
    rec.message = e.what();
    rec.result = MethodResult{};
  } catch (...) {
    rec.status = JobStatus::Failed;
    rec.message = "unknown exception";
    rec.result = MethodResult{};
  }
  rec.finished_at = unix_now();
  return rec;
}

}  // namespace logsweep
