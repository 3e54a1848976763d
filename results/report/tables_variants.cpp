// Naming method settings (see tables_variants.hpp).
#include "results/report/tables_variants.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/util/strings.hpp"

namespace logsweep {

namespace {

using Settings = std::map<std::string, std::string>;

Settings without(Settings s, const std::vector<std::string>& ignore) {
  for (const auto& k : ignore) s.erase(k);
  return s;
}

std::string canonical_text(const Settings& s) {
  std::string out;
  for (const auto& [k, v] : s) out += (out.empty() ? "" : ";") + k + "=" + v;
  return out;
}

// Method parameter names never contain '.'; data settings always do ("window.size").
Settings parameters_only(Settings s) {
  for (auto it = s.begin(); it != s.end();) it = it->first.find('.') == std::string::npos ? std::next(it) : s.erase(it);
  return s;
}

std::string value_of(const Settings& s, const std::string& key) {
  auto it = s.find(key);
  return it == s.end() ? "(unset)" : it->second;
}

// Keys whose value differs between a and b (a key missing on one side counts as different).
std::vector<std::string> differing_keys(const Settings& a, const Settings& b) {
  std::set<std::string> keys;
  for (const auto& [k, v] : a) keys.insert(k);
  for (const auto& [k, v] : b) keys.insert(k);
  std::vector<std::string> out;
  for (const auto& k : keys)
    if (value_of(a, k) != value_of(b, k)) out.push_back(k);
  return out;
}

std::string labelled(const std::string& method, const Settings& s, const std::vector<std::string>& keys) {
  std::vector<std::string> parts;
  for (const auto& k : keys) parts.push_back(k + "=" + value_of(s, k));
  // "; " rather than ", ": names stay one CSV field and one item of a comma-separated --methods list.
  return parts.empty() ? method : fmt::format("{} ({})", method, join(parts, "; "));
}

// (source, target) of a record: the unit within which a data setting counts as swept.
using PairOf = std::pair<std::string, std::string>;
PairOf pair_of(const JobRecord& r) {
  return {r.source, r.target};
}

// data key -> pair -> the values the key takes there (records lacking the key add none).
using KeyValuesPerPair = std::map<std::string, std::map<PairOf, std::set<std::string>>>;

KeyValuesPerPair data_values_per_pair(const std::vector<const JobRecord*>& records) {
  KeyValuesPerPair out;
  for (const JobRecord* r : records)
    for (const auto& [k, v] : parse_canonical_params(r->data_settings)) out[k][pair_of(*r)].insert(v);
  return out;
}

bool varies_within_a_pair(const std::map<PairOf, std::set<std::string>>& per_pair) {
  return std::any_of(per_pair.begin(), per_pair.end(), [](const auto& p) { return p.second.size() > 1; });
}

// Per method, the data keys that name no row:
// - keys some of its records lack (records written before data settings were stored have none),
//   rather than splitting its rows into "stored before" and "stored after";
// - keys that never vary within a pair: they differ only between pairs (one target windowed by
//   session, another by fixed windows), describe the pairs rather than a setting the user
//   compared, and splitting on them would leave every row with empty cells and no Average.
//   data_settings_note lists them per pair instead. A key the user swept varies within a pair.
std::map<std::string, std::vector<std::string>> unnamed_data_keys(const std::vector<const JobRecord*>& records) {
  std::map<std::string, std::vector<const JobRecord*>> by_method;
  for (const JobRecord* r : records) by_method[r->method].push_back(r);
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [method, recs] : by_method) {
    std::map<std::string, std::size_t> count;
    for (const JobRecord* r : recs)
      for (const auto& [k, v] : parse_canonical_params(r->data_settings)) ++count[k];
    const KeyValuesPerPair values = data_values_per_pair(recs);
    for (const auto& [k, n] : count)
      if (n < recs.size() || !varies_within_a_pair(values.at(k))) out[method].push_back(k);
  }
  return out;
}

}  // namespace

std::string data_settings_note(const std::vector<const JobRecord*>& records,
                               const std::vector<std::string>& pair_order) {
  std::map<PairOf, std::vector<std::string>> parts;  // pair -> "key=value" of the keys listed
  for (const auto& [key, per_pair] : data_values_per_pair(records)) {
    if (per_pair.size() < 2 || varies_within_a_pair(per_pair)) continue;  // one pair, or swept: not a pair property
    std::set<std::string> values;
    for (const auto& [pair, vs] : per_pair) values.insert(*vs.begin());
    if (values.size() < 2) continue;  // the same everywhere: nothing to tell the pairs apart by
    for (const auto& [pair, vs] : per_pair) parts[pair].push_back(key + "=" + *vs.begin());
  }
  if (parts.empty()) return "";
  std::vector<PairOf> order;
  for (const auto& key : pair_order)
    for (const auto& [pair, p] : parts)
      if (pair.first + "->" + pair.second == key && std::find(order.begin(), order.end(), pair) == order.end())
        order.push_back(pair);
  if (pair_order.empty())
    for (const auto& [pair, p] : parts) order.push_back(pair);
  std::vector<std::string> shown;
  for (const auto& pair : order)
    shown.push_back(fmt::format("{} → {} {}", pair.first, pair.second, join(parts[pair], " ")));
  return "Data settings per pair (they differ between pairs only, so they name no row): " + join(shown, "; ") + ".";
}

std::map<std::string, std::string> record_settings(const JobRecord& r) {
  Settings s = parse_canonical_params(r.params);
  for (auto& [k, v] : parse_canonical_params(r.data_settings)) s[k] = v;
  return s;
}

std::map<std::string, std::string> parse_canonical_params(const std::string& text) {
  Settings out;
  for (const auto& part : split(text, ';')) {
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string::npos) out[part] = "";
    else out[part.substr(0, eq)] = part.substr(eq + 1);
  }
  return out;
}

VariantNames::VariantNames(const std::vector<const JobRecord*>& records, const DefaultParams& defaults,
                           const std::vector<std::string>& ignore)
    : ignore_(ignore) {
  for (const auto& [method, keys] : unnamed_data_keys(records)) unnamed_data_keys_[method] = keys;
  std::map<std::string, std::map<std::string, Settings>> by_method;  // method -> setting text -> settings
  for (const JobRecord* r : records) {
    Settings s = shown_settings(*r);
    by_method[r->method][canonical_text(s)] = s;
  }
  for (const auto& [method, settings] : by_method) {
    if (settings.size() == 1) {
      names_[{method, settings.begin()->first}] = method;
      continue;
    }
    // The shown setting that is a default of the method, if any.
    const Settings* reference = nullptr;
    if (auto it = defaults.find(method); it != defaults.end())
      for (const auto& text : it->second) {
        // Defaults are method parameters only: a setting is the default when its parameters are,
        // and only if no other shown setting (another data setting) has them too.
        const std::string wanted = canonical_text(without(parse_canonical_params(text), ignore_));
        std::vector<const Settings*> matching;
        for (const auto& [setting_text, s] : settings)
          if (canonical_text(parameters_only(s)) == wanted) matching.push_back(&s);
        if (!reference && matching.size() == 1) reference = matching.front();
      }
    std::set<std::string> varying;
    for (const auto& [text, s] : settings)
      for (const auto& k : differing_keys(s, settings.begin()->second)) varying.insert(k);
    for (const auto& [text, s] : settings)
      names_[{method, text}] = reference ? labelled(method, s, differing_keys(s, *reference))
                                         : labelled(method, s, {varying.begin(), varying.end()});
  }
}

Settings VariantNames::shown_settings(const JobRecord& r) const {
  Settings s = without(record_settings(r), ignore_);
  if (auto it = unnamed_data_keys_.find(r.method); it != unnamed_data_keys_.end()) s = without(s, it->second);
  return s;
}

std::string VariantNames::setting(const JobRecord& r) const { return canonical_text(shown_settings(r)); }

std::string VariantNames::operator()(const JobRecord& r) const {
  auto it = names_.find({r.method, setting(r)});
  return it == names_.end() ? r.method : it->second;
}

std::string record_axis_value(const JobRecord& r, const std::string& key) {
  if (key == "budget") return fmt::format("{}", r.budget);
  auto s = record_settings(r);
  auto it = s.find(key);
  return it == s.end() ? "" : it->second;
}

std::vector<std::string> settings_in_filter_order(const std::set<std::string>& present,
                                                  const std::map<std::string, std::string>& base,
                                                  const std::vector<std::string>& wanted) {
  if (wanted.empty()) return {present.begin(), present.end()};
  std::vector<std::string> out;
  for (const auto& w : wanted)
    for (const auto& n : present)
      if ((n == w || base.at(n) == w) && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  return out;
}

bool method_wanted(const std::string& method, const std::vector<std::string>& wanted) {
  return wanted.empty() || std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
           return w == method || starts_with(w, method + " (");
         });
}

}  // namespace logsweep
