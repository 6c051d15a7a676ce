// model.nir through the HDF5 C API (layout and the beta -> tau mapping in model_files.hpp).
#include <hdf5.h>

#include <cmath>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "neurosim/gradient/model_files.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/hdf5.hpp"

namespace neurosim::gradient {
namespace {

namespace fs = std::filesystem;

// NIR's version string as nir.version of the 1.0 release.
constexpr const char* kNirVersion = "1.0.0";

using io::h5::write_floats;
using io::h5::write_ints;
using io::h5::write_string;
using io::h5::write_strings;
using Handle = io::h5::Handle;

// A new group (throws naming it when it cannot be made).
Handle group(hid_t parent, const std::string& name) { return io::h5::create_group(parent, name); }

std::vector<std::int64_t> dims_of(Shape s) { return {s.c, s.h, s.w}; }
std::vector<hsize_t> hdims(Shape s) {
  if (s.h == 1 && s.w == 1) return {static_cast<hsize_t>(s.c)};
  return {static_cast<hsize_t>(s.c), static_cast<hsize_t>(s.h), static_cast<hsize_t>(s.w)};
}

// One value per neuron of `shape`.
void write_per_neuron(hid_t g, const std::string& name, double value, Shape shape) {
  const std::vector<float> v(static_cast<std::size_t>(shape.size()), static_cast<float>(value));
  write_floats(g, name, v, hdims(shape));
}

// Writes a spiking or integrating layer: LIF/IF or LI. beta -> tau as in model_files.hpp.
void write_neuron(hid_t g, double beta, const double* threshold, Shape shape, double dt_s) {
  if (beta >= 1.0) {  // no leak: IF (dv/dt = R I, one Euler step adds dt R I = I)
    write_string(g, "type", threshold ? "IF" : "I");
    write_per_neuron(g, "r", 1.0 / dt_s, shape);
    if (threshold) write_per_neuron(g, "v_threshold", *threshold, shape);
    return;
  }
  const double tau = dt_s / (1.0 - beta);
  write_string(g, "type", threshold ? "LIF" : "LI");
  write_per_neuron(g, "tau", tau, shape);
  write_per_neuron(g, "r", tau / dt_s, shape);
  write_per_neuron(g, "v_leak", 0.0, shape);
  if (threshold) write_per_neuron(g, "v_threshold", *threshold, shape);
}

}  // namespace

std::string nir_unsupported(const Network<float>& net) {
  for (int i = 0; i < net.layer_count(); ++i) {
    if (net.layer(i).kind() == LayerKind::MaxPool2d)
      return "layer " + std::to_string(i) + " is max pooling, which NIR 1.0 has no node for (average pooling, P<k>, has one)";
    if (net.layer(i).kind() == LayerKind::Relu)
      return "layer " + std::to_string(i) + " is a ReLU (a non-spiking network), which NIR 1.0 has no node for";
  }
  return "";
}

void write_nir(const fs::path& path, Network<float>& net, double dt_ms, bool replace) {
  if (const std::string why = nir_unsupported(net); !why.empty()) throw std::runtime_error(path.string() + ": " + why);
  if (!(dt_ms > 0) || !std::isfinite(dt_ms)) throw std::runtime_error(path.string() + ": dt_ms must be > 0");
  const double dt_s = dt_ms / 1000.0;
  // HDF5 writes to a temporary name; the finished file is moved into place (io::publish).
  const fs::path tmp = path.string() + ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  io::h5::silence_errors();  // errors become exceptions, not stderr dumps
  try {
    Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    if (!file.valid()) throw std::runtime_error("HDF5: cannot create " + tmp.string());
    write_string(file, "version", kNirVersion);
    Handle node(group(file, "node"));
    write_string(node, "type", "NIRGraph");
    Handle nodes(group(node, "nodes"));
    std::vector<std::string> names{"input"};
    {
      Handle g(group(nodes, "input"));
      write_string(g, "type", "Input");
      write_ints(g, "shape", dims_of(net.spec().input));
    }
    for (int i = 0; i < net.layer_count(); ++i) {
      Layer<float>& l = net.layer(i);
      const std::string idx = std::to_string(i);
      switch (l.kind()) {
        case LayerKind::Conv2d: {
          auto& c = static_cast<Conv2d<float>&>(l);
          names.push_back("conv" + idx);
          Handle g(group(nodes, names.back()));
          write_string(g, "type", "Conv2d");
          write_floats(g, "weight", c.weight.value.data(),
                       {static_cast<hsize_t>(l.out_shape().c), static_cast<hsize_t>(l.in_shape().c), static_cast<hsize_t>(c.kernel()), static_cast<hsize_t>(c.kernel())});
          write_floats(g, "bias", c.bias.value.data(), {static_cast<hsize_t>(l.out_shape().c)});
          write_ints(g, "stride", {c.stride(), c.stride()});
          write_ints(g, "padding", {c.padding(), c.padding()});
          write_ints(g, "dilation", {1, 1});
          write_ints(g, "groups", {1}, true);
          write_ints(g, "input_shape", {l.in_shape().h, l.in_shape().w});
          break;
        }
        case LayerKind::AvgPool2d: {
          const int k = static_cast<Pool2d<float>&>(l).kernel();
          names.push_back("pool" + idx);
          Handle g(group(nodes, names.back()));
          write_string(g, "type", "AvgPool2d");
          write_ints(g, "kernel_size", {k, k});
          write_ints(g, "stride", {k, k});
          write_ints(g, "padding", {0, 0});
          break;
        }
        case LayerKind::MaxPool2d:
        case LayerKind::Relu: break;  // refused above
        case LayerKind::Flatten: {
          names.push_back("flatten" + idx);
          Handle g(group(nodes, names.back()));
          write_string(g, "type", "Flatten");
          write_ints(g, "start_dim", {0}, true);
          write_ints(g, "end_dim", {-1}, true);
          write_ints(g, "input_type", dims_of(l.in_shape()));
          break;
        }
        case LayerKind::Linear: {
          auto& a = static_cast<Linear<float>&>(l);
          names.push_back("affine" + idx);
          Handle g(group(nodes, names.back()));
          write_string(g, "type", "Affine");
          write_floats(g, "weight", a.weight.value.data(), {static_cast<hsize_t>(a.weight.value.rows()), static_cast<hsize_t>(a.weight.value.cols())});
          write_floats(g, "bias", a.bias.value.data(), {static_cast<hsize_t>(a.bias.value.cols())});
          break;
        }
        case LayerKind::Lif: {
          auto& n = static_cast<Lif<float>&>(l);
          names.push_back("lif" + idx);
          Handle g(group(nodes, names.back()));
          const double th = n.threshold.value(0, 0);
          write_neuron(g, n.beta.value(0, 0), &th, l.out_shape(), dt_s);
          break;
        }
        case LayerKind::Readout: {
          auto& r = static_cast<Readout<float>&>(l);
          names.push_back("readout" + idx);
          Handle g(group(nodes, names.back()));
          write_neuron(g, r.beta.value(0, 0), nullptr, l.out_shape(), dt_s);
          break;
        }
      }
    }
    {
      Handle g(group(nodes, "output"));
      write_string(g, "type", "Output");
      write_ints(g, "shape", dims_of(net.output_shape()));
    }
    names.push_back("output");
    std::vector<std::string> edges;
    for (std::size_t i = 0; i + 1 < names.size(); ++i) {
      edges.push_back(names[i]);
      edges.push_back(names[i + 1]);
    }
    write_strings(node, "edges", edges, {names.size() - 1, 2});
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  try {
    io::publish(tmp, path, replace ? io::Replace::Allowed : io::Replace::Never);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace neurosim::gradient
