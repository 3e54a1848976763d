#include "results/store/h5.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

namespace logsweep::h5 {

namespace {

// File (on-disk) and memory types of the supported element types. Files use explicit
// little-endian types so a results file is the same bytes on every host.
template <class T>
struct Type;
template <>
struct Type<std::int8_t> {
  static hid_t file() { return H5T_STD_I8LE; }
  static hid_t mem() { return H5T_NATIVE_INT8; }
};
template <>
struct Type<std::int32_t> {
  static hid_t file() { return H5T_STD_I32LE; }
  static hid_t mem() { return H5T_NATIVE_INT32; }
};
template <>
struct Type<std::int64_t> {
  static hid_t file() { return H5T_STD_I64LE; }
  static hid_t mem() { return H5T_NATIVE_INT64; }
};
template <>
struct Type<std::uint64_t> {
  static hid_t file() { return H5T_STD_U64LE; }
  static hid_t mem() { return H5T_NATIVE_UINT64; }
};
template <>
struct Type<float> {
  static hid_t file() { return H5T_IEEE_F32LE; }
  static hid_t mem() { return H5T_NATIVE_FLOAT; }
};
template <>
struct Type<double> {
  static hid_t file() { return H5T_IEEE_F64LE; }
  static hid_t mem() { return H5T_NATIVE_DOUBLE; }
};

herr_t collect_error(unsigned /*depth*/, const H5E_error2_t* err, void* data) {
  auto* out = static_cast<std::vector<std::string>*>(data);
  if (err->desc && *err->desc) {
    std::string d = err->desc;
    if (std::find(out->begin(), out->end(), d) == out->end()) out->push_back(d);
  }
  return 0;
}

// The HDF5 error stack as one line, innermost (most specific) reason last.
std::string error_stack_summary() {
  std::vector<std::string> descs;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &descs);
  H5Eclear2(H5E_DEFAULT);
  if (descs.size() > 3) descs.erase(descs.begin() + 1, descs.end() - 2);
  std::string s;
  for (const auto& d : descs) s += (s.empty() ? "" : "; ") + d;
  return s;
}

hid_t check(hid_t id, const Where& w, const std::string& what) {
  if (id < 0) fail(w, what);
  return id;
}

void check_status(herr_t st, const Where& w, const std::string& what) {
  if (st < 0) fail(w, what);
}

Handle vlen_string_type(const Where& w) {
  Handle t(check(H5Tcopy(H5T_C_S1), w, "cannot create string type"), H5Tclose);
  check_status(H5Tset_size(t.id(), H5T_VARIABLE), w, "cannot create string type");
  check_status(H5Tset_cset(t.id(), H5T_CSET_UTF8), w, "cannot create string type");
  return t;
}

Handle scalar_space(const Where& w) { return Handle(check(H5Screate(H5S_SCALAR), w, "cannot create dataspace"), H5Sclose); }

Handle simple_space(const std::vector<hsize_t>& dims, const Where& w) {
  return Handle(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), w, "cannot create dataspace"),
                H5Sclose);
}

std::shared_ptr<const std::string> shared(const std::string& s) { return std::make_shared<const std::string>(s); }

std::string unique_memory_name(const std::string& label) {
  // The core driver identifies open files by name: two live in-memory files need two names.
  static std::atomic<unsigned long> counter{0};
  return fmt::format("{}#{}", label, counter++);
}

}  // namespace

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    closer_ = o.closer_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void Handle::reset() {
  if (id_ >= 0 && closer_) closer_(id_);
  id_ = H5I_INVALID_HID;
}

Where Where::child(const std::string& name) const {
  return Where{file, object == "/" ? "/" + name : object + "/" + name};
}

void fail(const Where& where, const std::string& what) {
  std::string reason = error_stack_summary();
  std::string msg = where.object.empty() ? what : fmt::format("{}: {}", where.object, what);
  if (!reason.empty()) msg += " (" + reason + ")";
  throw StorageError(msg, Location::in_file(where.file ? *where.file : std::string()));
}

void silence_hdf5_errors() {
  static const bool done = [] {
    H5open();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

bool is_hdf5_file(const std::string& path) {
  silence_hdf5_errors();
  std::ifstream probe(path, std::ios::binary);
  if (!probe) return false;
  htri_t r = H5Fis_hdf5(path.c_str());
  H5Eclear2(H5E_DEFAULT);
  return r > 0;
}

// ---------------------------------------------------------------- attributes

bool Object::has_attr(const std::string& name) const {
  htri_t r = H5Aexists(h_.id(), name.c_str());
  if (r < 0) fail(where_, fmt::format("cannot look up attribute '{}'", name));
  return r > 0;
}

Handle Object::open_attr(const std::string& name) const {
  if (!has_attr(name)) throw StorageError(fmt::format("{}: missing attribute '{}'", where_.object, name), Location::in_file(*where_.file));
  return Handle(check(H5Aopen(h_.id(), name.c_str(), H5P_DEFAULT), where_, fmt::format("cannot open attribute '{}'", name)),
                H5Aclose);
}

void Object::write_scalar_attr(const std::string& name, hid_t type, const void* value) {
  if (has_attr(name)) check_status(H5Adelete(h_.id(), name.c_str()), where_, fmt::format("cannot replace attribute '{}'", name));
  Handle space = scalar_space(where_);
  Handle a(check(H5Acreate2(h_.id(), name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT), where_,
                 fmt::format("cannot create attribute '{}'", name)),
           H5Aclose);
  check_status(H5Awrite(a.id(), type, value), where_, fmt::format("cannot write attribute '{}'", name));
}

void Object::set_attr(const std::string& name, const std::string& value) {
  Handle t = vlen_string_type(where_);
  const char* p = value.c_str();
  write_scalar_attr(name, t.id(), &p);
}

void Object::set_attr(const std::string& name, std::int64_t value) { write_scalar_attr(name, H5T_STD_I64LE, &value); }
void Object::set_attr(const std::string& name, std::uint64_t value) { write_scalar_attr(name, H5T_STD_U64LE, &value); }
void Object::set_attr(const std::string& name, double value) { write_scalar_attr(name, H5T_IEEE_F64LE, &value); }

std::string Object::attr_string(const std::string& name) const {
  Handle a = open_attr(name);
  std::string what = fmt::format("cannot read attribute '{}'", name);
  Handle ftype(check(H5Aget_type(a.id()), where_, what), H5Tclose);
  if (H5Tget_class(ftype.id()) != H5T_STRING)
    throw StorageError(fmt::format("{}: attribute '{}' is not a string", where_.object, name), Location::in_file(*where_.file));
  htri_t vlen = H5Tis_variable_str(ftype.id());
  if (vlen < 0) fail(where_, what);
  if (vlen) {
    Handle mtype = vlen_string_type(where_);
    char* p = nullptr;
    check_status(H5Aread(a.id(), mtype.id(), &p), where_, what);
    std::string s = p ? p : "";
    Handle space = scalar_space(where_);
    H5Dvlen_reclaim(mtype.id(), space.id(), H5P_DEFAULT, &p);
    return s;
  }
  // Fixed-length strings (written by other tools): read the raw bytes, stop at the first NUL.
  std::size_t n = H5Tget_size(ftype.id());
  std::string s(n, '\0');
  check_status(H5Aread(a.id(), ftype.id(), s.data()), where_, what);
  s.resize(std::strlen(s.c_str()));
  return s;
}

std::int64_t Object::attr_int(const std::string& name) const {
  Handle a = open_attr(name);
  std::int64_t v = 0;
  check_status(H5Aread(a.id(), H5T_NATIVE_INT64, &v), where_, fmt::format("cannot read attribute '{}' as an integer", name));
  return v;
}

std::uint64_t Object::attr_uint(const std::string& name) const {
  Handle a = open_attr(name);
  std::uint64_t v = 0;
  check_status(H5Aread(a.id(), H5T_NATIVE_UINT64, &v), where_,
               fmt::format("cannot read attribute '{}' as an unsigned integer", name));
  return v;
}

double Object::attr_double(const std::string& name) const {
  Handle a = open_attr(name);
  double v = 0;
  check_status(H5Aread(a.id(), H5T_NATIVE_DOUBLE, &v), where_, fmt::format("cannot read attribute '{}' as a number", name));
  return v;
}

// ---------------------------------------------------------------- groups

bool Group::has(const std::string& name) const {
  htri_t r = H5Lexists(h_.id(), name.c_str(), H5P_DEFAULT);
  if (r < 0) fail(where_, fmt::format("cannot look up '{}'", name));
  return r > 0;
}

Group Group::group(const std::string& name) const {
  Where w = where_.child(name);
  if (!has(name)) throw StorageError(fmt::format("{}: missing group", w.object), Location::in_file(*w.file));
  return Group(Handle(check(H5Gopen2(h_.id(), name.c_str(), H5P_DEFAULT), w, "cannot open group"), H5Gclose), w);
}

Group Group::create_group(const std::string& name) {
  Where w = where_.child(name);
  return Group(Handle(check(H5Gcreate2(h_.id(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), w, "cannot create group"),
                      H5Gclose),
               w);
}

std::vector<std::string> Group::children() const {
  H5G_info_t info;
  check_status(H5Gget_info(h_.id(), &info), where_, "cannot list group");
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    ssize_t n = H5Lget_name_by_idx(h_.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) fail(where_, "cannot list group");
    std::string s(static_cast<std::size_t>(n) + 1, '\0');
    if (H5Lget_name_by_idx(h_.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, s.data(), s.size(), H5P_DEFAULT) < 0)
      fail(where_, "cannot list group");
    s.resize(static_cast<std::size_t>(n));
    names.push_back(std::move(s));
  }
  std::sort(names.begin(), names.end());
  return names;
}

Handle Group::open_dataset(const std::string& name) const {
  Where w = where_.child(name);
  if (!has(name)) throw StorageError(fmt::format("{}: missing dataset", w.object), Location::in_file(*w.file));
  return Handle(check(H5Dopen2(h_.id(), name.c_str(), H5P_DEFAULT), w, "cannot open dataset"), H5Dclose);
}

std::size_t Group::extent_1d(hid_t dset, const Where& w) const {
  Handle space(check(H5Dget_space(dset), w, "cannot read dataspace"), H5Sclose);
  int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank != 1) throw StorageError(fmt::format("{}: expected a 1-D dataset, found rank {}", w.object, rank), Location::in_file(*w.file));
  hsize_t dim = 0;
  H5Sget_simple_extent_dims(space.id(), &dim, nullptr);
  return static_cast<std::size_t>(dim);
}

template <class T>
void Group::write(const std::string& name, const std::vector<T>& values) {
  Where w = where_.child(name);
  Handle space = simple_space({values.size()}, w);
  Handle d(check(H5Dcreate2(h_.id(), name.c_str(), Type<T>::file(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), w,
                 "cannot create dataset"),
           H5Dclose);
  if (!values.empty())
    check_status(H5Dwrite(d.id(), Type<T>::mem(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), w, "cannot write dataset");
}

template <class T>
std::vector<T> Group::read(const std::string& name) const {
  Where w = where_.child(name);
  Handle d = open_dataset(name);
  std::vector<T> out(extent_1d(d.id(), w));
  if (!out.empty()) check_status(H5Dread(d.id(), Type<T>::mem(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), w, "cannot read dataset");
  return out;
}

#define LOGSWEEP_H5_INSTANTIATE(T)                                           \
  template void Group::write<T>(const std::string&, const std::vector<T>&); \
  template std::vector<T> Group::read<T>(const std::string&) const;
LOGSWEEP_H5_INSTANTIATE(std::int8_t)
LOGSWEEP_H5_INSTANTIATE(std::int32_t)
LOGSWEEP_H5_INSTANTIATE(std::int64_t)
LOGSWEEP_H5_INSTANTIATE(std::uint64_t)
LOGSWEEP_H5_INSTANTIATE(float)
LOGSWEEP_H5_INSTANTIATE(double)
#undef LOGSWEEP_H5_INSTANTIATE

void Group::write_strings(const std::string& name, const std::vector<std::string>& values) {
  Where w = where_.child(name);
  Handle t = vlen_string_type(w);
  Handle space = simple_space({values.size()}, w);
  Handle d(check(H5Dcreate2(h_.id(), name.c_str(), t.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), w,
                 "cannot create dataset"),
           H5Dclose);
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const auto& v : values) ptrs.push_back(v.c_str());
  if (!ptrs.empty()) check_status(H5Dwrite(d.id(), t.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), w, "cannot write dataset");
}

std::vector<std::string> Group::read_strings(const std::string& name) const {
  Where w = where_.child(name);
  Handle d = open_dataset(name);
  std::size_t n = extent_1d(d.id(), w);
  Handle ftype(check(H5Dget_type(d.id()), w, "cannot read type"), H5Tclose);
  if (H5Tget_class(ftype.id()) != H5T_STRING || H5Tis_variable_str(ftype.id()) <= 0)
    throw StorageError(fmt::format("{}: expected variable-length strings", w.object), Location::in_file(*w.file));
  std::vector<std::string> out;
  if (n == 0) return out;
  Handle mtype = vlen_string_type(w);
  std::vector<char*> ptrs(n, nullptr);
  check_status(H5Dread(d.id(), mtype.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), w, "cannot read dataset");
  out.reserve(n);
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  Handle space(check(H5Dget_space(d.id()), w, "cannot read dataspace"), H5Sclose);
  H5Dvlen_reclaim(mtype.id(), space.id(), H5P_DEFAULT, ptrs.data());
  return out;
}

void Group::write_matrix(const std::string& name, const Matrix& m) {
  Where w = where_.child(name);
  if (m.data.size() != m.rows * m.cols)
    throw StorageError(fmt::format("{}: matrix {}x{} holds {} values", w.object, m.rows, m.cols, m.data.size()), Location::in_file(*w.file));
  Handle space = simple_space({m.rows, m.cols}, w);
  Handle d(check(H5Dcreate2(h_.id(), name.c_str(), H5T_IEEE_F32LE, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), w,
                 "cannot create dataset"),
           H5Dclose);
  if (!m.data.empty())
    check_status(H5Dwrite(d.id(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, m.data.data()), w, "cannot write dataset");
}

Matrix Group::read_matrix(const std::string& name) const {
  Where w = where_.child(name);
  Handle d = open_dataset(name);
  Handle space(check(H5Dget_space(d.id()), w, "cannot read dataspace"), H5Sclose);
  int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank != 2) throw StorageError(fmt::format("{}: expected a 2-D dataset, found rank {}", w.object, rank), Location::in_file(*w.file));
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space.id(), dims, nullptr);
  Matrix m(static_cast<std::size_t>(dims[0]), static_cast<std::size_t>(dims[1]));
  if (!m.data.empty())
    check_status(H5Dread(d.id(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, m.data.data()), w, "cannot read dataset");
  return m;
}

// ---------------------------------------------------------------- files

File File::open(const std::string& path, Mode mode) {
  silence_hdf5_errors();
  Where w{shared(path), ""};
  unsigned flags = mode == Mode::ReadOnly ? H5F_ACC_RDONLY : H5F_ACC_RDWR;
  hid_t id = H5Fopen(path.c_str(), flags, H5P_DEFAULT);
  if (id < 0) fail(w, "cannot open HDF5 file");
  return File(Handle(id, H5Fclose), w);
}

File File::create(const std::string& path) {
  silence_hdf5_errors();
  Where w{shared(path), ""};
  hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) fail(w, "cannot create HDF5 file");
  return File(Handle(id, H5Fclose), w);
}

File File::create_in_memory(const std::string& label) {
  silence_hdf5_errors();
  Where w{shared(label), ""};
  Handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), w, "cannot create property list"), H5Pclose);
  check_status(H5Pset_fapl_core(fapl.id(), 64 * 1024, 0), w, "cannot select the in-memory driver");
  std::string name = unique_memory_name(label);
  hid_t id = H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id());
  if (id < 0) fail(w, "cannot create in-memory HDF5 file");
  return File(Handle(id, H5Fclose), w);
}

File File::open_image(const std::string& bytes, const std::string& label) {
  silence_hdf5_errors();
  Where w{shared(label), ""};
  if (bytes.size() < 8 || std::memcmp(bytes.data(), "\x89HDF\r\n\x1a\n", 8) != 0)
    throw StorageError("not an HDF5 image (bad signature)", Location::in_file(label));
  Handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), w, "cannot create property list"), H5Pclose);
  check_status(H5Pset_fapl_core(fapl.id(), 64 * 1024, 0), w, "cannot select the in-memory driver");
  // H5Pset_file_image copies the buffer, so `bytes` need not outlive the file.
  check_status(H5Pset_file_image(fapl.id(), const_cast<char*>(bytes.data()), bytes.size()), w, "cannot load file image");
  std::string name = unique_memory_name(label);
  hid_t id = H5Fopen(name.c_str(), H5F_ACC_RDONLY, fapl.id());
  if (id < 0) fail(w, "cannot open HDF5 file image");
  return File(Handle(id, H5Fclose), w);
}

Group File::root() const {
  Where w{where_.file, "/"};
  return Group(Handle(check(H5Gopen2(h_.id(), "/", H5P_DEFAULT), w, "cannot open root group"), H5Gclose), w);
}

std::string File::image() const {
  check_status(H5Fflush(h_.id(), H5F_SCOPE_GLOBAL), where_, "cannot flush");
  ssize_t n = H5Fget_file_image(h_.id(), nullptr, 0);
  if (n < 0) fail(where_, "cannot get file image");
  std::string bytes(static_cast<std::size_t>(n), '\0');
  if (H5Fget_file_image(h_.id(), bytes.data(), bytes.size()) < 0) fail(where_, "cannot get file image");
  return bytes;
}

void File::flush() { check_status(H5Fflush(h_.id(), H5F_SCOPE_GLOBAL), where_, "cannot flush"); }

void File::close() {
  if (!h_.valid()) return;
  // Released first so a failed close is not retried by the destructor.
  herr_t st = H5Fclose(h_.release());
  if (st < 0) fail(where_, "cannot close (data may not be on disk)");
}

}  // namespace logsweep::h5
