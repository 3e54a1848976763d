#pragma once
// A small checked wrapper over the HDF5 C API (serial 1.10+).
//
// Every call is checked; a failure throws StorageError naming the file and the object path
// ("out/results.h5: /jobs/ab12: cannot read attribute 'f1': <HDF5's own reason>"). HDF5's own
// error printing is switched off: the reason comes from its error stack instead.
// Handles are RAII and move-only. Only what logsweep stores is supported: 1-D vectors of
// int8/int32/int64/uint64/float/double, 2-D float matrices, vectors of variable-length UTF-8
// strings, and scalar string/integer/double attributes.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <hdf5.h>

#include "core/util/errors.hpp"
#include "core/util/matrix.hpp"

namespace logsweep::h5 {

// Owns one hid_t and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Handle() { reset(); }
  Handle(Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset();
  hid_t release() {  // gives up ownership without closing
    hid_t id = id_;
    id_ = H5I_INVALID_HID;
    return id;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// Where an operation happened, for error messages.
struct Where {
  std::shared_ptr<const std::string> file;
  std::string object = "/";
  Where child(const std::string& name) const;
};

// Throws StorageError "<file>: <object>: <what>: <HDF5 error stack summary>" and clears the
// stack. Used by every checked call.
[[noreturn]] void fail(const Where& where, const std::string& what);
// Switches off HDF5's automatic error printing (idempotent; called by every File factory).
void silence_hdf5_errors();
// True when `path` is an existing file with an HDF5 signature.
bool is_hdf5_file(const std::string& path);

class Group;

// An attribute-carrying object (group or dataset).
class Object {
 public:
  bool has_attr(const std::string& name) const;
  void set_attr(const std::string& name, const std::string& value);
  void set_attr(const std::string& name, const char* value) { set_attr(name, std::string(value)); }
  void set_attr(const std::string& name, std::int64_t value);
  void set_attr(const std::string& name, std::uint64_t value);
  void set_attr(const std::string& name, int value) { set_attr(name, static_cast<std::int64_t>(value)); }
  void set_attr(const std::string& name, double value);
  std::string attr_string(const std::string& name) const;
  std::int64_t attr_int(const std::string& name) const;
  std::uint64_t attr_uint(const std::string& name) const;
  double attr_double(const std::string& name) const;
  const Where& where() const { return where_; }
  hid_t id() const { return h_.id(); }

 protected:
  Object(Handle h, Where where) : h_(std::move(h)), where_(std::move(where)) {}
  Handle open_attr(const std::string& name) const;
  void write_scalar_attr(const std::string& name, hid_t type, const void* value);
  Handle h_;
  Where where_;
};

class Group : public Object {
 public:
  bool has(const std::string& name) const;  // direct child link (group or dataset)
  Group group(const std::string& name) const;
  Group create_group(const std::string& name);
  std::vector<std::string> children() const;  // names of direct children, sorted

  // 1-D datasets. T is one of int8/int32/int64/uint64/float/double.
  template <class T>
  void write(const std::string& name, const std::vector<T>& values);
  template <class T>
  std::vector<T> read(const std::string& name) const;
  void write_strings(const std::string& name, const std::vector<std::string>& values);
  std::vector<std::string> read_strings(const std::string& name) const;
  void write_matrix(const std::string& name, const Matrix& m);
  Matrix read_matrix(const std::string& name) const;

 private:
  friend class File;
  using Object::Object;
  Handle open_dataset(const std::string& name) const;
  // Number of elements of a 1-D dataset (checks the rank).
  std::size_t extent_1d(hid_t dset, const Where& w) const;
};

class File {
 public:
  enum class Mode { ReadOnly, ReadWrite };
  static File open(const std::string& path, Mode mode = Mode::ReadOnly);
  static File create(const std::string& path);  // truncates an existing file
  // A file living in memory only (core driver, no backing store); see image().
  static File create_in_memory(const std::string& label = "memory");
  static File open_image(const std::string& bytes, const std::string& label = "memory image");

  Group root() const;
  const std::string& path() const { return *where_.file; }
  // The whole file as bytes, as it would be on disk (flushes first).
  std::string image() const;
  void flush();
  void close();  // explicit close, checked (destructor closes silently)

 private:
  File(Handle h, Where where) : h_(std::move(h)), where_(std::move(where)) {}
  Handle h_;
  Where where_;
};

}  // namespace logsweep::h5
