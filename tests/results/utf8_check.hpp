#pragma once
// Test helper: every string an HDF5 file holds (string attributes of every object, string
// datasets), each checked to be well-formed UTF-8 by a validator written here from RFC 3629
// (independent of core/logs/utf8.cpp, which it checks).
#include <hdf5.h>

#include <string>
#include <vector>

namespace logsweep::testing {

// RFC 3629 section 4 (UTF8-octets): 00-7F | C2-DF 80-BF | E0 A0-BF 80-BF | E1-EC 80-BF 80-BF
// | ED 80-9F 80-BF | EE-EF 80-BF 80-BF | F0 90-BF 2x(80-BF) | F1-F3 3x(80-BF) | F4 80-8F 2x(80-BF).
inline bool rfc3629_valid(const std::string& s) {
  auto in = [](unsigned char c, int lo, int hi) { return c >= lo && c <= hi; };
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0; };
    unsigned char c = b(i);
    if (c <= 0x7f) {
      i += 1;
    } else if (in(c, 0xc2, 0xdf) && in(b(i + 1), 0x80, 0xbf)) {
      i += 2;
    } else if ((c == 0xe0 && in(b(i + 1), 0xa0, 0xbf)) || (in(c, 0xe1, 0xec) && in(b(i + 1), 0x80, 0xbf)) ||
               (c == 0xed && in(b(i + 1), 0x80, 0x9f)) || (in(c, 0xee, 0xef) && in(b(i + 1), 0x80, 0xbf))) {
      if (!in(b(i + 2), 0x80, 0xbf)) return false;
      i += 3;
    } else if ((c == 0xf0 && in(b(i + 1), 0x90, 0xbf)) || (in(c, 0xf1, 0xf3) && in(b(i + 1), 0x80, 0xbf)) ||
               (c == 0xf4 && in(b(i + 1), 0x80, 0x8f))) {
      if (!in(b(i + 2), 0x80, 0xbf) || !in(b(i + 3), 0x80, 0xbf)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

// Bytes outside printable ASCII as \\xNN, for failure messages.
inline std::string printable_escape(const std::string& s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (c >= 32 && c < 127) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct StoredString {
  std::string where;  // "/parse/templates[3]" or "/parse@source_path"
  std::string value;
};

namespace detail {

inline std::vector<std::string> read_vlen_strings(hid_t obj, hid_t type, hid_t space, bool attribute) {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  std::vector<char*> ptrs(static_cast<std::size_t>(n > 0 ? n : 0), nullptr);
  std::vector<std::string> out;
  if (ptrs.empty()) return out;
  hid_t mem = H5Tcopy(H5T_C_S1);
  H5Tset_size(mem, H5T_VARIABLE);
  H5Tset_cset(mem, H5Tget_cset(type));
  herr_t st = attribute ? H5Aread(obj, mem, ptrs.data()) : H5Dread(obj, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data());
  if (st >= 0)
    for (char* p : ptrs) out.emplace_back(p ? p : "");
  if (st >= 0) H5Dvlen_reclaim(mem, space, H5P_DEFAULT, ptrs.data());
  H5Tclose(mem);
  return out;
}

inline void collect(const std::string& where, hid_t obj, hid_t type, hid_t space, bool attribute,
                    std::vector<StoredString>& out) {
  if (H5Tget_class(type) != H5T_STRING) return;
  if (H5Tis_variable_str(type) > 0) {
    auto values = read_vlen_strings(obj, type, space, attribute);
    for (std::size_t i = 0; i < values.size(); ++i)
      out.push_back({values.size() == 1 ? where : where + "[" + std::to_string(i) + "]", values[i]});
    return;
  }
  out.push_back({where, "(fixed-length string: not checked)"});
}

struct Walk {
  std::vector<StoredString>* out;
};

inline herr_t on_attribute(hid_t obj, const char* name, const H5A_info_t*, void* data) {
  auto* w = static_cast<std::pair<std::string, std::vector<StoredString>*>*>(data);
  hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  hid_t t = H5Aget_type(a), s = H5Aget_space(a);
  collect(w->first + "@" + name, a, t, s, true, *w->second);
  H5Sclose(s);
  H5Tclose(t);
  H5Aclose(a);
  return 0;
}

inline herr_t on_object(hid_t root, const char* name, const H5O_info_t* info, void* data) {
  auto* w = static_cast<Walk*>(data);
  const std::string path = std::string(name) == "." ? "/" : "/" + std::string(name);
  hid_t obj = H5Oopen(root, name, H5P_DEFAULT);
  std::pair<std::string, std::vector<StoredString>*> attr_data{path, w->out};
  H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, nullptr, on_attribute, &attr_data);
  if (info->type == H5O_TYPE_DATASET) {
    hid_t t = H5Dget_type(obj), s = H5Dget_space(obj);
    collect(path, obj, t, s, false, *w->out);
    H5Sclose(s);
    H5Tclose(t);
  }
  H5Oclose(obj);
  return 0;
}

}  // namespace detail

// Every string stored in the HDF5 file at `path`.
inline std::vector<StoredString> stored_strings(const std::string& path) {
  std::vector<StoredString> out;
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return {{path, "(cannot open)"}};
  detail::Walk w{&out};
  H5Ovisit(f, H5_INDEX_NAME, H5_ITER_INC, detail::on_object, &w);  // HDF5 1.10 API
  H5Fclose(f);
  return out;
}

}  // namespace logsweep::testing
