#pragma once
// Method settings: jobs of one method run with different resolved parameters (two configs, or a
// swept parameter) or at different data sweep points (window.size=10) are different rows of a table and different curves of a figure, never extra
// seeds of one cell.
//
// A data setting (window.kind, window.size, ...) names rows only when it varies within a pair,
// i.e. the user swept it; one that only differs between pairs (one target windowed by session,
// another by fixed windows) does not split a method's row, which then spans every pair with an
// Average (the table's footnote lists such settings per pair, data_settings_note).
//
// A method with one setting among the shown jobs keeps its plain name. With several, the setting
// equal to the method's default (paper or quick profile, from `defaults`) keeps the plain name and
// every other one is "Method (key=value; ...)" listing the keys where it differs from that
// default (whose data settings are any); when no shown setting is the default, each lists the keys
// that vary among the shown settings. Keys in `ignore` (the x axis of a sensitivity table) are left out before comparing.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "results/store/record.hpp"

namespace logsweep {

// method -> Params::canonical() texts that count as its default setting.
using DefaultParams = std::map<std::string, std::vector<std::string>>;

// "k1=v1;k2=v2" (Params::canonical) -> {k1: v1, k2: v2}. Empty text -> no keys.
std::map<std::string, std::string> parse_canonical_params(const std::string& text);

class VariantNames {
 public:
  VariantNames(const std::vector<const JobRecord*>& records, const DefaultParams& defaults,
               const std::vector<std::string>& ignore = {});
  // The row name of a record's (method, setting); the plain method name for an unseen record.
  std::string operator()(const JobRecord& r) const;
  // The setting text a record is grouped on (its canonical params without the ignored keys).
  std::string setting(const JobRecord& r) const;

 private:
  std::map<std::string, std::string> shown_settings(const JobRecord& r) const;

  std::vector<std::string> ignore_;
  // method -> data keys that name no row: keys some of its records lack, and keys that differ
  // only between pairs (data_settings_note)
  std::map<std::string, std::vector<std::string>> unnamed_data_keys_;
  std::map<std::pair<std::string, std::string>, std::string> names_;  // (method, setting) -> name
};

// The data settings that tell the shown pairs apart ("BGL → TB window.kind=fixed; TB → HDFS
// window.kind=fixed>session"), for a table's footnote: keys that take one value within each
// pair and different values between pairs. Such keys name no row (a method's row spans every
// pair), so the note is where they are seen. Pairs in `pair_order` ("S->T" keys; empty =
// sorted). "" when no key differs between pairs.
std::string data_settings_note(const std::vector<const JobRecord*>& records,
                               const std::vector<std::string>& pair_order);

// A record's setting: its resolved parameters plus its data settings (window.size=..., see
// JobRecord::data_settings).
std::map<std::string, std::string> record_settings(const JobRecord& r);

// The value of `key` for a record: its budget for "budget", else its resolved parameter or data
// point setting; empty when the record has neither.
std::string record_axis_value(const JobRecord& r, const std::string& key);

// A method filter names methods or method settings ("LogTransfer (finetune=fc)"): whether a record
// of `method` passes it (an empty filter passes everything).
bool method_wanted(const std::string& method, const std::vector<std::string>& wanted);

// Setting names (rows, series) in the order of a method filter: a wanted method brings all its
// settings (sorted), a wanted setting only itself; no filter = all, sorted. `base` maps a setting
// name to its method.
std::vector<std::string> settings_in_filter_order(const std::set<std::string>& present,
                                                  const std::map<std::string, std::string>& base,
                                                  const std::vector<std::string>& wanted);

}  // namespace logsweep
