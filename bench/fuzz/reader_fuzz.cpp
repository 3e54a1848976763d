// libFuzzer target: every log family's reader (core/logs/log_families.hpp) over arbitrary bytes.
// The first input byte picks the family; the rest is the log file. For a family without a fixed
// layout (generic) the first line of the remaining bytes is used as the user's format string, so
// the format parser is fuzzed too. A reader may reject input with a logsweep::Error; anything else
// (crash, sanitizer report, other exception) is a bug. Built and run by bench/fuzz/run_fuzzers.sh,
// which sets LOGSWEEP_FUZZ_SEEDS to the corpus folder: the target writes there one seed per family
// (its table example, and the first lines of its Loghub sample when ../shared/data has it).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/logs/log_families.hpp"
#include "core/logs/reader.hpp"
#include "core/parsing/drain.hpp"
#include "core/util/errors.hpp"

namespace {

std::string temp_path(const char* name) {
  return std::string("/tmp/logsweep-fuzz-") + std::to_string(getpid()) + "-" + name;
}

std::string first_lines(const std::string& path, int n) {
  std::ifstream in(path, std::ios::binary);
  std::string out, line;
  for (int i = 0; i < n && std::getline(in, line); ++i) out += line + "\n";
  return out;
}

void write_seeds(const std::string& dir) {
  const auto& fams = logsweep::log_families();
  for (std::size_t i = 0; i < fams.size(); ++i) {
    const auto& f = fams[i];
    const std::string sel(1, static_cast<char>(i));
    std::ofstream(dir + "/seed-" + f.name, std::ios::binary) << sel << f.example;
    if (!f.loghub_sample.empty()) {
      const std::string lines =
          first_lines("../shared/data/" + f.loghub_sample + "/" + f.loghub_sample + "_2k.log", 20);
      if (!lines.empty()) std::ofstream(dir + "/seed-" + f.name + "-loghub", std::ios::binary) << sel << lines;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("LOGSWEEP_FUZZ_SEEDS")) write_seeds(dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto& fams = logsweep::log_families();
  const logsweep::LogFamily& fam = fams[data[0] % fams.size()];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);

  logsweep::ReaderSpec spec;
  spec.format = fam.name;
  spec.path = temp_path("log");
  spec.give_up_after = 50;
  if (fam.line_format.empty()) {
    auto nl = body.find('\n');
    spec.line_format = body.substr(0, nl == std::string::npos ? body.size() : nl);
    body = nl == std::string::npos ? "" : body.substr(nl + 1);
    spec.label_field = "Level";  // the generic example's label rule
    spec.label_regex = "ERROR";
  }
  if (fam.label == logsweep::LabelRuleKind::SessionFile) {
    spec.label_file = temp_path("labels");
    std::ofstream(spec.label_file) << "Id,Label\nblk_1,Anomaly\nblk_-2,Normal\n"
                                   << "b9000564-fe1a-409b-b8cc-1e88b294cd1d,Anomaly\n";
  }
  std::ofstream(spec.path, std::ios::binary) << body;
  try {
    auto reader = logsweep::open_reader(spec);
    logsweep::Drain drain(logsweep::drain_defaults(fam.name));
    logsweep::LogRecord rec;
    while (reader->next(rec)) drain.add(rec.content);
    (void)drain.templates();
  } catch (const logsweep::Error&) {
    // Rejected input with a clear error: the expected outcome for garbage.
  }
  return 0;
}
