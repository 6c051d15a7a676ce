// model.json + .npy round trip, and model.nir read back with the HDF5 C API: every node's type
// and every parameter against the network's values and the beta -> tau mapping
// (model_files.hpp). The layout is the NIR 1.0 reference writer's (neuromorphs/NIR, nir/write.py).
#include <doctest/doctest.h>
#include <hdf5.h>

#include <fstream>
#include <map>

#include "io/temp_files.hpp"
#include "neurosim/gradient/model_files.hpp"
#include "neurosim/rng.hpp"

namespace neurosim::gradient::test {
namespace {

namespace fs = std::filesystem;

Network<float> small_net(bool readout = false, std::string arch = "3C3p1-P2-5") {
  NetworkSpec s;
  s.input = {1, 8, 8};
  s.architecture = std::move(arch);
  s.steps = 5;
  s.neuron.beta = 0.8;
  s.neuron.threshold = 0.75;
  s.neuron.learn_beta = s.neuron.learn_threshold = true;
  s.readout = readout;
  s.readout_beta = 0.95;
  Network<float> net(s);
  Rng rng(3);
  net.init(rng);
  return net;
}

// Reading back with the HDF5 C API.
struct H5 {
  hid_t file;
  explicit H5(const fs::path& p) : file(H5Fopen(p.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) { REQUIRE(file >= 0); }
  ~H5() { H5Fclose(file); }

  bool exists(const std::string& path) const { return H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0; }
  std::vector<hsize_t> dims(const std::string& path) const {
    const hid_t d = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    REQUIRE_MESSAGE(d >= 0, path);
    const hid_t sp = H5Dget_space(d);
    std::vector<hsize_t> out(static_cast<std::size_t>(H5Sget_simple_extent_ndims(sp)));
    H5Sget_simple_extent_dims(sp, out.data(), nullptr);
    H5Sclose(sp);
    H5Dclose(d);
    return out;
  }
  std::vector<std::string> strings(const std::string& path) const {
    const hid_t d = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    REQUIRE_MESSAGE(d >= 0, path);
    const hid_t t = H5Dget_type(d);
    CHECK(H5Tis_variable_str(t) > 0);
    CHECK(H5Tget_cset(t) == H5T_CSET_UTF8);
    const hid_t sp = H5Dget_space(d);
    const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(sp));
    std::vector<char*> raw(n);
    REQUIRE(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) >= 0);
    std::vector<std::string> out(raw.begin(), raw.end());
    H5Dvlen_reclaim(t, sp, H5P_DEFAULT, raw.data());
    H5Sclose(sp);
    H5Tclose(t);
    H5Dclose(d);
    return out;
  }
  std::string text(const std::string& path) const {
    auto s = strings(path);
    REQUIRE(s.size() == 1);
    return s[0];
  }
  template <class T>
  std::vector<T> values(const std::string& path, hid_t mem_type, H5T_class_t cls) const {
    const hid_t d = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    REQUIRE_MESSAGE(d >= 0, path);
    const hid_t t = H5Dget_type(d);
    CHECK_MESSAGE(H5Tget_class(t) == cls, path);
    CHECK_MESSAGE(H5Tget_size(t) == sizeof(T), path);  // float32 and int64 as the reference writer's numpy arrays
    const hid_t sp = H5Dget_space(d);
    std::vector<T> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(sp)));
    REQUIRE(H5Dread(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0);
    H5Sclose(sp);
    H5Tclose(t);
    H5Dclose(d);
    return out;
  }
  std::vector<float> floats(const std::string& p) const { return values<float>(p, H5T_NATIVE_FLOAT, H5T_FLOAT); }
  std::vector<std::int64_t> ints(const std::string& p) const { return values<std::int64_t>(p, H5T_NATIVE_INT64, H5T_INTEGER); }
};

std::vector<float> flat(const Mat<float>& m) { return {m.data(), m.data() + m.size()}; }

void check_all(const std::vector<float>& v, double expected, const std::string& what) {
  INFO(what);
  REQUIRE(!v.empty());
  for (float x : v) CHECK(x == doctest::Approx(expected).epsilon(1e-6));
}

}  // namespace

TEST_SUITE("gradient model files") {
  TEST_CASE("model.nir holds every node and parameter of the network, in NIR 1.0's layout") {
    const fs::path dir = neurosim::test::temp_dir("nir");
    Network<float> net = small_net();
    static_cast<Lif<float>&>(net.layer(2)).beta.value(0, 0) = 0.6f;  // layers: conv0 pool1 lif2 flatten3 affine4 lif5
    static_cast<Lif<float>&>(net.layer(5)).threshold.value(0, 0) = 1.25f;
    const double dt_ms = 0.5, dt = 0.5e-3;
    write_nir(dir / "model.nir", net, dt_ms, false);
    CHECK_THROWS_AS(write_nir(dir / "model.nir", net, dt_ms, false), std::runtime_error);  // never replaced unless asked
    H5 h(dir / "model.nir");

    CHECK(h.text("/version") == "1.0.0");
    CHECK(h.text("/node/type") == "NIRGraph");
    const std::vector<std::string> names{"input", "conv0", "pool1", "lif2", "flatten3", "affine4", "lif5", "output"};
    const std::map<std::string, std::string> types{{"input", "Input"},   {"conv0", "Conv2d"}, {"pool1", "AvgPool2d"}, {"lif2", "LIF"},
                                                   {"flatten3", "Flatten"}, {"affine4", "Affine"}, {"lif5", "LIF"},      {"output", "Output"}};
    for (const auto& [name, type] : types) CHECK(h.text("/node/nodes/" + name + "/type") == type);
    const std::vector<std::string> edges = h.strings("/node/edges");
    CHECK(h.dims("/node/edges") == std::vector<hsize_t>{7, 2});
    for (std::size_t i = 0; i + 1 < names.size(); ++i) {
      CHECK(edges[2 * i] == names[i]);
      CHECK(edges[2 * i + 1] == names[i + 1]);
    }

    CHECK(h.ints("/node/nodes/input/shape") == std::vector<std::int64_t>{1, 8, 8});
    const auto& conv = static_cast<Conv2d<float>&>(net.layer(0));
    CHECK(h.dims("/node/nodes/conv0/weight") == std::vector<hsize_t>{3, 1, 3, 3});
    CHECK(h.floats("/node/nodes/conv0/weight") == flat(conv.weight.value));
    CHECK(h.floats("/node/nodes/conv0/bias") == flat(conv.bias.value));
    CHECK(h.ints("/node/nodes/conv0/stride") == std::vector<std::int64_t>{1, 1});
    CHECK(h.ints("/node/nodes/conv0/padding") == std::vector<std::int64_t>{1, 1});
    CHECK(h.ints("/node/nodes/conv0/dilation") == std::vector<std::int64_t>{1, 1});
    CHECK(h.ints("/node/nodes/conv0/groups") == std::vector<std::int64_t>{1});
    CHECK(h.ints("/node/nodes/conv0/input_shape") == std::vector<std::int64_t>{8, 8});
    CHECK(h.ints("/node/nodes/pool1/kernel_size") == std::vector<std::int64_t>{2, 2});
    CHECK(h.ints("/node/nodes/pool1/stride") == std::vector<std::int64_t>{2, 2});
    CHECK(h.ints("/node/nodes/pool1/padding") == std::vector<std::int64_t>{0, 0});
    // LIF: tau = dt / (1 - beta), r = 1 / (1 - beta), v_leak = 0, one value per neuron.
    CHECK(h.dims("/node/nodes/lif2/tau") == std::vector<hsize_t>{3, 4, 4});
    check_all(h.floats("/node/nodes/lif2/tau"), dt / (1 - 0.6), "lif2 tau");
    check_all(h.floats("/node/nodes/lif2/r"), 1 / (1 - 0.6), "lif2 r");
    check_all(h.floats("/node/nodes/lif2/v_leak"), 0.0, "lif2 v_leak");
    check_all(h.floats("/node/nodes/lif2/v_threshold"), 0.75, "lif2 v_threshold");
    CHECK(h.ints("/node/nodes/flatten3/start_dim") == std::vector<std::int64_t>{0});
    CHECK(h.ints("/node/nodes/flatten3/end_dim") == std::vector<std::int64_t>{-1});
    CHECK(h.ints("/node/nodes/flatten3/input_type") == std::vector<std::int64_t>{3, 4, 4});
    const auto& lin = static_cast<Linear<float>&>(net.layer(4));
    CHECK(h.dims("/node/nodes/affine4/weight") == std::vector<hsize_t>{5, 48});
    CHECK(h.floats("/node/nodes/affine4/weight") == flat(lin.weight.value));
    CHECK(h.floats("/node/nodes/affine4/bias") == flat(lin.bias.value));
    CHECK(h.dims("/node/nodes/lif5/tau") == std::vector<hsize_t>{5});
    check_all(h.floats("/node/nodes/lif5/tau"), dt / (1 - 0.8), "lif5 tau");
    check_all(h.floats("/node/nodes/lif5/v_threshold"), 1.25, "lif5 v_threshold");
    CHECK(h.ints("/node/nodes/output/shape") == std::vector<std::int64_t>{5, 1, 1});

    // The mapping reproduces the update: one Euler step of tau dv/dt = -v + R I from v = 1 with
    // I = 2 gives (1 - dt/tau) + (dt/tau) R 2 = beta + 2.
    const double tau = h.floats("/node/nodes/lif2/tau")[0], r = h.floats("/node/nodes/lif2/r")[0];
    CHECK(1.0 + dt / tau * (-1.0 + r * 2.0) == doctest::Approx(0.6 + 2.0).epsilon(1e-5));
  }

  TEST_CASE("a readout is an LI node; no leak is IF; max pooling is refused") {
    const fs::path dir = neurosim::test::temp_dir("nir-kinds");
    {
      Network<float> ro = small_net(true, "4");  // Flatten, Linear, Readout
      write_nir(dir / "ro.nir", ro, 1.0, false);
      H5 h(dir / "ro.nir");
      CHECK(h.text("/node/nodes/readout2/type") == "LI");
      check_all(h.floats("/node/nodes/readout2/tau"), 1e-3 / (1 - 0.95), "LI tau");
      check_all(h.floats("/node/nodes/readout2/r"), 1 / (1 - 0.95), "LI r");
      check_all(h.floats("/node/nodes/readout2/v_leak"), 0.0, "LI v_leak");
      CHECK(!h.exists("/node/nodes/readout2/v_threshold"));
      CHECK(h.strings("/node/edges") == std::vector<std::string>{"input", "flatten0", "flatten0", "affine1", "affine1", "readout2", "readout2", "output"});
    }
    {
      Network<float> net = small_net();
      for (int i : {2, 5}) static_cast<Lif<float>&>(net.layer(i)).beta.value(0, 0) = 1.0f;
      write_nir(dir / "if.nir", net, 2.0, false);
      H5 h(dir / "if.nir");
      CHECK(h.text("/node/nodes/lif2/type") == "IF");
      check_all(h.floats("/node/nodes/lif2/r"), 1 / 2e-3, "IF r");
      check_all(h.floats("/node/nodes/lif2/v_threshold"), 0.75, "IF v_threshold");
    }
    Network<float> maxpool = small_net(false, "3C3-M2-5");
    CHECK(nir_unsupported(maxpool).find("max pooling") != std::string::npos);
    CHECK_THROWS_WITH_AS(write_nir(dir / "max.nir", maxpool, 1.0, false), doctest::Contains("max pooling"), std::runtime_error);
    CHECK(!fs::exists(dir / "max.nir"));
    CHECK(!fs::exists(dir / "max.nir.tmp"));
    NetworkSpec relu_spec = small_net().spec();
    relu_spec.unit = Unit::Relu;
    Network<float> relu(relu_spec);
    CHECK(nir_unsupported(relu).find("ReLU") != std::string::npos);
    CHECK_THROWS_WITH_AS(write_nir(dir / "relu.nir", relu, 1.0, false), doctest::Contains("ReLU"), std::runtime_error);
  }

  TEST_CASE("a ReLU network with direct input round-trips through model.json") {
    const fs::path dir = neurosim::test::temp_dir("model-relu");
    NetworkSpec spec = small_net().spec();
    spec.unit = Unit::Relu;
    spec.encoding = Encoding::Direct;
    spec.steps = 1;
    Network<float> net(spec);
    Rng rng(6);
    net.init(rng);
    save_model(dir, net, 1.0, false);
    Network<float> back = load_model(dir / "model.json");
    CHECK(back.spec().unit == Unit::Relu);
    CHECK(back.spec().encoding == Encoding::Direct);
    CHECK(back.layer(2).kind() == LayerKind::Relu);
    Rng r1(4);
    const std::vector<std::uint8_t> px(64, 200);
    Mat<float> x;
    net.encode(px.data(), r1, x);
    const Mat<float> y1 = net.forward(x);
    CHECK(back.forward(x) == y1);
    // An unknown neuron type is refused by name.
    std::string j = neurosim::test::read_text(dir / "model.json");
    j.replace(j.find("\"type\": \"relu\""), 14, "\"type\": \"tanh\"");
    neurosim::test::write_text(dir / "model.json", j);
    CHECK_THROWS_WITH_AS(load_model(dir / "model.json"), doctest::Contains("network.neuron.type: \"lif\" or \"relu\""), std::runtime_error);
  }

  TEST_CASE("model.json and .npy weights round-trip exactly; damaged files are refused by name") {
    const fs::path dir = neurosim::test::temp_dir("model");
    Network<float> net = small_net();
    static_cast<Lif<float>&>(net.layer(5)).beta.value(0, 0) = 0.7f;
    save_model(dir, net, 0.5, false);
    double dt = 0;
    Network<float> back = load_model(dir / "model.json", &dt);
    CHECK(dt == 0.5);
    CHECK(back.spec().architecture == "3C3p1-P2-5");
    CHECK(back.spec().neuron.threshold == 0.75);
    auto a = net.params(), b = back.params();
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      INFO(i, " ", a[i]->name);
      CHECK(a[i]->value == b[i]->value);
      CHECK(a[i]->learnable == b[i]->learnable);
    }
    Rng r1(4), r2(4);
    const std::vector<std::uint8_t> px(64, 200);
    Mat<float> x;
    net.encode(px.data(), r1, x);
    const Mat<float> y1 = net.forward(x);
    CHECK(back.forward(x) == y1);
    {
      // A file without the neuron type (written before ReLU networks existed) is a LIF network.
      const fs::path old_dir = neurosim::test::temp_dir("model-untyped");
      save_model(old_dir, net, 0.5, false);
      std::string j = neurosim::test::read_text(old_dir / "model.json");
      const std::string type = "\"type\": \"lif\",";
      REQUIRE(j.find(type) != std::string::npos);
      j.erase(j.find(type), type.size());
      neurosim::test::write_text(old_dir / "model.json", j);
      Network<float> untyped = load_model(old_dir / "model.json");
      CHECK(untyped.spec().unit == Unit::Lif);
      CHECK(untyped.forward(x) == y1);
    }

    // numpy reads the weights without options: a plain '<f4' C-order array of the PyTorch shape.
    const std::string npy = neurosim::test::read_text(dir / "layer0.weight.npy");
    CHECK(npy.find("'descr': '<f4', 'fortran_order': False, 'shape': (3, 1, 3, 3), }") != std::string::npos);

    SUBCASE("a truncated weight file") {
      fs::resize_file(dir / "layer4.weight.npy", fs::file_size(dir / "layer4.weight.npy") - 8);
      CHECK_THROWS_WITH_AS(load_model(dir / "model.json"), doctest::Contains("layer4.weight.npy: file ends before its 240 values"), std::runtime_error);
    }
    SUBCASE("an architecture that does not match the layers listed") {
      std::string j = neurosim::test::read_text(dir / "model.json");
      j.replace(j.find("3C3p1-P2-5"), 10, "3C3p1-P2-6");
      neurosim::test::write_text(dir / "model.json", j);
      CHECK_THROWS_WITH_AS(load_model(dir / "model.json"), doctest::Contains("layer4.weight.npy: shape differs"), std::runtime_error);
    }
    SUBCASE("not JSON") {
      neurosim::test::write_text(dir / "model.json", "{");
      CHECK_THROWS_WITH_AS(load_model(dir / "model.json"), doctest::Contains("model.json: not JSON"), std::runtime_error);
    }
    SUBCASE("a weight file outside the directory") {
      std::string j = neurosim::test::read_text(dir / "model.json");
      j.replace(j.find("\"layer0.weight.npy\""), 19, "\"../x/layer0.weight\"");
      neurosim::test::write_text(dir / "model.json", j);
      CHECK_THROWS_WITH_AS(load_model(dir / "model.json"), doctest::Contains("layers[0].params.weight.file: must be a plain file name"), std::runtime_error);
    }
  }
}

}  // namespace neurosim::gradient::test
