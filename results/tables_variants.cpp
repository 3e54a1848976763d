// Naming method settings (see tables_variants.hpp).
#include "results/tables_variants.hpp"

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

}  // namespace

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
  // A record written before data settings were stored has none: data keys that some of a
  // method's records lack are left out for that method, rather than splitting its rows.
  std::map<std::string, std::map<std::string, std::size_t>> data_key_count;
  std::map<std::string, std::size_t> record_count;
  for (const JobRecord* r : records) {
    ++record_count[r->method];
    for (const auto& [k, v] : parse_canonical_params(r->data_settings)) ++data_key_count[r->method][k];
  }
  for (const auto& [method, counts] : data_key_count)
    for (const auto& [k, n] : counts)
      if (n < record_count[method]) partial_data_keys_[method].push_back(k);
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
  if (auto it = partial_data_keys_.find(r.method); it != partial_data_keys_.end()) s = without(s, it->second);
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
