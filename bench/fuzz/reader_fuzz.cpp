// libFuzzer target: every log reader (and the generic format-string reader) over arbitrary bytes.
// The first input byte picks the reader; the rest is the log file. For the generic reader the
// first line of the remaining bytes is used as the user's format string, so the format parser
// is fuzzed too. A reader may reject input with a logsweep::Error; anything else (crash,
// sanitizer report, other exception) is a bug. Built and run by bench/fuzz/run_fuzzers.sh.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "core/logs/reader.hpp"
#include "core/parsing/drain.hpp"
#include "core/util/errors.hpp"

namespace {

std::string temp_path(const char* name) {
  return std::string("/tmp/logsweep-fuzz-") + std::to_string(getpid()) + "-" + name;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const char* formats[] = {"bgl", "thunderbird", "spirit", "zookeeper", "hdfs", "openstack", "generic"};
  const std::string format = formats[data[0] % 7];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);

  logsweep::ReaderSpec spec;
  spec.format = format;
  spec.path = temp_path("log");
  spec.give_up_after = 50;
  if (format == "generic") {
    auto nl = body.find('\n');
    spec.line_format = body.substr(0, nl == std::string::npos ? body.size() : nl);
    body = nl == std::string::npos ? "" : body.substr(nl + 1);
    spec.label_field = "Level";
    spec.label_regex = "ERROR";
  }
  if (format == "hdfs") {
    spec.label_file = temp_path("labels");
    std::ofstream(spec.label_file) << "BlockId,Label\nblk_1,Anomaly\nblk_-2,Normal\n";
  }
  std::ofstream(spec.path, std::ios::binary) << body;
  try {
    auto reader = logsweep::open_reader(spec);
    logsweep::Drain drain(logsweep::drain_defaults(format));
    logsweep::LogRecord rec;
    while (reader->next(rec)) drain.add(rec.content);
    (void)drain.templates();
  } catch (const logsweep::Error&) {
    // Rejected input with a clear error: the expected outcome for garbage.
  }
  return 0;
}
