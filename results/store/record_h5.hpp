#pragma once
// How a JobRecord and the file-format marker are laid out in HDF5 (shared by the results
// store, its journal entries and the bytes ranks ship to each other).
//
// /                      attrs format="logsweep-results", format_version
// /jobs/<id>             attrs: the scalar fields of results/store/record_fields.hpp (source target
//                        method budget seed params ... tp fp tn fn), strings UTF-8
//   selected             int64, all rounds' window indices concatenated
//   selected_offsets     int64, rounds+1 offsets into `selected`
//   vectors              float32 rows x dim           (only when the method returned vectors)
//   vector_labels        int8                          (only when present)
//   vector_system        int8, 0 source / 1 target     (only when present)
//   extra_names          strings } method-specific figures, parallel (only when present)
//   extra_values         float64 }
#include <string>

#include "results/store/h5.hpp"
#include "results/store/record.hpp"

namespace logsweep {

constexpr const char* kResultsFormat = "logsweep-results";
constexpr int kResultsFormatVersion = 1;

// Stamps root attributes format/format_version.
void mark_format(h5::Group& root, const std::string& format, int version);
// StorageError "<label> is not a <what> file: <reason>; left untouched" unless the root carries
// format == `format` with a version this build can read.
void require_format(const h5::Group& root, const std::string& label, const std::string& format, int max_version,
                    const std::string& what);

// Strings are stored as valid UTF-8: bytes that are not are written "\xNN" (core/logs/utf8.hpp).
void write_record(h5::Group& jobs, const JobRecord& rec);
JobRecord read_record(const h5::Group& jobs, const std::string& id);
JobStatus read_status(const h5::Group& jobs, const std::string& id);

}  // namespace logsweep
