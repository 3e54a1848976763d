#include "results/store/h5.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

TEST(H5Wrapper, VectorsMatricesStringsAndAttributesRoundTripThroughAFile) {
  TempDir dir;
  std::string path = dir.file("x.h5");
  Matrix m(2, 3);
  for (std::size_t i = 0; i < 6; ++i) m.data[i] = 0.5f * static_cast<float>(i) - 1.0f;
  {
    h5::File f = h5::File::create(path);
    h5::Group root = f.root();
    h5::Group g = root.create_group("g");
    g.write<std::int8_t>("i8", {-128, 0, 127});
    g.write<std::int32_t>("i32", {std::numeric_limits<std::int32_t>::min(), 7});
    g.write<std::int64_t>("i64", {std::numeric_limits<std::int64_t>::max(), -1});
    g.write<std::uint64_t>("u64", {std::numeric_limits<std::uint64_t>::max()});
    g.write<float>("f32", {1.5f, -2.25f});
    g.write<double>("f64", {0.1, 1e300});
    g.write<double>("empty", {});
    g.write_matrix("m", m);
    g.write_strings("s", {"alpha", "", "ünïcode <*> blk_1"});
    g.set_attr("name", "BGL");
    g.set_attr("count", std::int64_t{-42});
    g.set_attr("seed", std::uint64_t{18446744073709551615ULL});
    g.set_attr("ratio", 0.125);
    g.set_attr("name", "replaced");  // attributes can be rewritten
    f.close();
  }
  h5::File f = h5::File::open(path);
  h5::Group g = f.root().group("g");
  EXPECT_EQ(g.read<std::int8_t>("i8"), (std::vector<std::int8_t>{-128, 0, 127}));
  EXPECT_EQ(g.read<std::int32_t>("i32"), (std::vector<std::int32_t>{std::numeric_limits<std::int32_t>::min(), 7}));
  EXPECT_EQ(g.read<std::int64_t>("i64"), (std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::max(), -1}));
  EXPECT_EQ(g.read<std::uint64_t>("u64"), (std::vector<std::uint64_t>{std::numeric_limits<std::uint64_t>::max()}));
  EXPECT_EQ(g.read<float>("f32"), (std::vector<float>{1.5f, -2.25f}));
  EXPECT_EQ(g.read<double>("f64"), (std::vector<double>{0.1, 1e300}));
  EXPECT_TRUE(g.read<double>("empty").empty());
  Matrix back = g.read_matrix("m");
  EXPECT_EQ(back.rows, 2u);
  EXPECT_EQ(back.cols, 3u);
  EXPECT_EQ(back.data, m.data);
  EXPECT_EQ(g.read_strings("s"), (std::vector<std::string>{"alpha", "", "ünïcode <*> blk_1"}));
  EXPECT_EQ(g.attr_string("name"), "replaced");
  EXPECT_EQ(g.attr_int("count"), -42);
  EXPECT_EQ(g.attr_uint("seed"), 18446744073709551615ULL);
  EXPECT_EQ(g.attr_double("ratio"), 0.125);
  EXPECT_EQ(f.root().children(), std::vector<std::string>{"g"});
  EXPECT_EQ(g.children(), (std::vector<std::string>{"empty", "f32", "f64", "i32", "i64", "i8", "m", "s", "u64"}));
}

TEST(H5Wrapper, InMemoryImageReopensWithSameContent) {
  std::string bytes;
  {
    h5::File f = h5::File::create_in_memory();
    h5::Group root = f.root();
    root.set_attr("k", "v");
    root.write<std::int32_t>("x", {1, 2, 3});
    bytes = f.image();
  }
  h5::File g = h5::File::open_image(bytes);
  EXPECT_EQ(g.root().attr_string("k"), "v");
  EXPECT_EQ(g.root().read<std::int32_t>("x"), (std::vector<std::int32_t>{1, 2, 3}));
}

TEST(H5Wrapper, NonHdf5FileIsAStorageErrorNamingTheFile) {
  TempDir dir;
  std::string path = dir.write("notes.h5", "just some text, not HDF5\n");
  EXPECT_FALSE(h5::is_hdf5_file(path));
  try {
    h5::File::open(path);
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_NE(std::string(e.what()).find("cannot open HDF5 file"), std::string::npos) << e.what();
  }
}

TEST(H5Wrapper, MissingObjectsAndWrongTypesNameTheObjectPath) {
  TempDir dir;
  std::string path = dir.file("y.h5");
  {
    h5::File f = h5::File::create(path);
    h5::Group g = f.root().create_group("jobs");
    g.write<std::int32_t>("ids", {1});
    g.set_attr("n", std::int64_t{3});
  }
  h5::File f = h5::File::open(path);
  h5::Group g = f.root().group("jobs");
  try {
    g.read<std::int32_t>("nope");
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": /jobs/nope: missing dataset"), std::string::npos) << e.what();
  }
  try {
    g.attr_string("n");
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("/jobs: attribute 'n' is not a string"), std::string::npos) << e.what();
  }
  EXPECT_THROW(g.read_matrix("ids"), StorageError);  // rank 1, not 2
  EXPECT_THROW(f.root().group("missing"), StorageError);
}

TEST(H5Wrapper, FailureMessageCarriesHdf5Reason) {
  TempDir dir;
  h5::File f = h5::File::create(dir.file("z.h5"));
  h5::Group root = f.root();
  root.write<std::int32_t>("d", {1});
  try {
    root.write<std::int32_t>("d", {2});  // already exists
    FAIL();
  } catch (const StorageError& e) {
    std::string w = e.what();
    EXPECT_NE(w.find("/d: cannot create dataset ("), std::string::npos) << w;
  }
}

}  // namespace
}  // namespace logsweep
