// model.json + .npy weights (model_files.hpp).
#include "neurosim/gradient/model_files.hpp"

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/npy.hpp"

namespace neurosim::gradient {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::vector<std::uint64_t> param_shape(const Layer<float>& layer, const Param<float>& p) {
  if (layer.kind() == LayerKind::Conv2d && p.name == "weight") {
    const auto& conv = static_cast<const Conv2d<float>&>(layer);
    return {static_cast<std::uint64_t>(layer.out_shape().c), static_cast<std::uint64_t>(layer.in_shape().c),
            static_cast<std::uint64_t>(conv.kernel()), static_cast<std::uint64_t>(conv.kernel())};
  }
  if (p.value.rows() == 1) return {static_cast<std::uint64_t>(p.value.cols())};
  return {static_cast<std::uint64_t>(p.value.rows()), static_cast<std::uint64_t>(p.value.cols())};
}

Json shape_json(Shape s) { return Json::array({s.c, s.h, s.w}); }

std::string_view reset_name(Reset r) { return r == Reset::Subtract ? "subtract" : "zero"; }

// Reads a float32 C-order .npy written by save_model (or by numpy) into `out` (size known).
void read_npy_f4(const fs::path& path, const std::vector<std::uint64_t>& shape, float* out, std::size_t count) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw std::runtime_error(path.string() + ": not a .npy file");
  std::size_t header_len = 0;
  if (magic[6] == 1) {
    unsigned char b[2];
    in.read(reinterpret_cast<char*>(b), 2);
    header_len = b[0] | (b[1] << 8);
  } else {
    unsigned char b[4];
    in.read(reinterpret_cast<char*>(b), 4);
    header_len = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::size_t>(b[3]) << 24);
  }
  if (!in || header_len > 65536) throw std::runtime_error(path.string() + ": bad .npy header");
  std::string header(header_len, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_len));
  if (header.find("'descr': '<f4'") == std::string::npos) throw std::runtime_error(path.string() + ": expected float32 ('<f4') data");
  if (header.find("'fortran_order': False") == std::string::npos) throw std::runtime_error(path.string() + ": expected C order");
  std::string want = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) want += std::to_string(shape[i]) + (shape.size() == 1 ? "," : (i + 1 < shape.size() ? ", " : ""));
  want += ")";
  if (header.find("'shape': " + want) == std::string::npos)
    throw std::runtime_error(path.string() + ": shape differs from model.json's " + want);
  if (!in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(count * sizeof(float))))
    throw std::runtime_error(path.string() + ": file ends before its " + std::to_string(count) + " values");
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(out[i])) throw std::runtime_error(path.string() + ": value " + std::to_string(i) + " is not finite");
}

template <class T>
T get(const Json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) throw std::runtime_error(where + "." + key + ": missing");
  try {
    return j.at(key).get<T>();
  } catch (const std::exception&) {
    throw std::runtime_error(where + "." + key + ": wrong type");
  }
}

}  // namespace

void save_model(const fs::path& dir, Network<float>& net, double dt_ms, bool replace) {
  const io::Replace r = replace ? io::Replace::Allowed : io::Replace::Never;
  const NetworkSpec& s = net.spec();
  Json j;
  j["format"] = "neurosim-gradient-model";
  j["format_version"] = 1;
  j["network"] = {{"input", shape_json(s.input)},
                  {"architecture", s.architecture},
                  {"steps", s.steps},
                  {"encoding", encoding_name(s.encoding)},
                  {"dt_ms", dt_ms},
                  {"neuron",
                   {{"type", unit_name(s.unit)},
                    {"beta", s.neuron.beta},
                    {"threshold", s.neuron.threshold},
                    {"learn_beta", s.neuron.learn_beta},
                    {"learn_threshold", s.neuron.learn_threshold},
                    {"reset", reset_name(s.neuron.reset)},
                    {"detach_reset", s.neuron.detach_reset},
                    {"surrogate", surrogate_name(s.neuron.surrogate.kind)},
                    {"slope", s.neuron.surrogate.slope}}},
                  {"readout", s.readout},
                  {"readout_beta", s.readout_beta}};
  Json layers = Json::array();
  for (int i = 0; i < net.layer_count(); ++i) {
    Layer<float>& l = net.layer(i);
    Json lj{{"index", i}, {"type", layer_kind_name(l.kind())}, {"in_shape", shape_json(l.in_shape())}, {"out_shape", shape_json(l.out_shape())}};
    if (l.kind() == LayerKind::Conv2d) {
      const auto& c = static_cast<const Conv2d<float>&>(l);
      lj["kernel"] = c.kernel();
      lj["stride"] = c.stride();
      lj["padding"] = c.padding();
    }
    if (l.kind() == LayerKind::AvgPool2d || l.kind() == LayerKind::MaxPool2d) lj["kernel"] = static_cast<const Pool2d<float>&>(l).kernel();
    Json params = Json::object();
    for (Param<float>* p : l.params()) {
      const std::string file = "layer" + std::to_string(i) + "." + p->name + ".npy";
      const std::vector<std::uint64_t> shape = param_shape(l, *p);
      io::AtomicFile f(dir / file, r);
      const io::NpyField field{"", "<f4"};
      f.put(io::npy_header(io::npy_descr(std::span(&field, 1)), shape));
      f.write(p->value.data(), static_cast<std::size_t>(p->value.size()) * sizeof(float));
      f.commit();
      params[p->name] = {{"file", file}, {"shape", shape}, {"learnable", p->learnable}};
    }
    if (!params.empty()) lj["params"] = params;
    layers.push_back(lj);
  }
  j["layers"] = layers;
  io::write_file_atomically(dir / "model.json", j.dump(2) + "\n", r);
}

Network<float> load_model(const fs::path& model_json, double* dt_ms) {
  const std::string src = model_json.string();
  std::ifstream in(model_json);
  if (!in) throw std::runtime_error(src + ": cannot open");
  Json j;
  try {
    j = Json::parse(in);
  } catch (const std::exception& e) {
    throw std::runtime_error(src + ": not JSON: " + e.what());
  }
  if (!j.is_object() || j.value("format", "") != "neurosim-gradient-model") throw std::runtime_error(src + ": format: expected \"neurosim-gradient-model\"");
  const Json& n = j.at("network");
  NetworkSpec s;
  const auto in_shape = get<std::vector<int>>(n, "input", src + ": network");
  if (in_shape.size() != 3) throw std::runtime_error(src + ": network.input: expected [channels, height, width]");
  s.input = {in_shape[0], in_shape[1], in_shape[2]};
  s.architecture = get<std::string>(n, "architecture", src + ": network");
  s.steps = get<int>(n, "steps", src + ": network");
  const std::string enc = get<std::string>(n, "encoding", src + ": network");
  if (enc != "rate" && enc != "latency" && enc != "direct") throw std::runtime_error(src + ": network.encoding: \"rate\", \"latency\" or \"direct\"");
  s.encoding = enc == "rate" ? Encoding::Rate : enc == "latency" ? Encoding::Latency : Encoding::Direct;
  const Json& nj = n.at("neuron");
  const std::string w = src + ": network.neuron";
  // Files written before ReLU networks existed have no type: they are LIF networks.
  const std::string type = nj.contains("type") ? get<std::string>(nj, "type", w) : "lif";
  if (type != "lif" && type != "relu") throw std::runtime_error(w + ".type: \"lif\" or \"relu\"");
  s.unit = type == "lif" ? Unit::Lif : Unit::Relu;
  s.neuron.beta = get<double>(nj, "beta", w);
  s.neuron.threshold = get<double>(nj, "threshold", w);
  s.neuron.learn_beta = get<bool>(nj, "learn_beta", w);
  s.neuron.learn_threshold = get<bool>(nj, "learn_threshold", w);
  const std::string reset = get<std::string>(nj, "reset", w);
  if (reset != "subtract" && reset != "zero") throw std::runtime_error(w + ".reset: \"subtract\" or \"zero\"");
  s.neuron.reset = reset == "subtract" ? Reset::Subtract : Reset::Zero;
  s.neuron.detach_reset = get<bool>(nj, "detach_reset", w);
  const auto kind = parse_surrogate(get<std::string>(nj, "surrogate", w));
  if (!kind) throw std::runtime_error(w + ".surrogate: unknown");
  s.neuron.surrogate = {*kind, get<double>(nj, "slope", w), false};
  s.readout = get<bool>(n, "readout", src + ": network");
  s.readout_beta = get<double>(n, "readout_beta", src + ": network");
  if (dt_ms) *dt_ms = get<double>(n, "dt_ms", src + ": network");
  Network<float> net = [&] {
    try {
      return Network<float>(s);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(src + ": network." + e.what());
    }
  }();
  const Json& layers = j.at("layers");
  if (!layers.is_array() || static_cast<int>(layers.size()) != net.layer_count())
    throw std::runtime_error(src + ": layers: " + std::to_string(layers.size()) + " layers listed, the architecture has " + std::to_string(net.layer_count()));
  for (int i = 0; i < net.layer_count(); ++i) {
    Layer<float>& l = net.layer(i);
    const Json& lj = layers[static_cast<std::size_t>(i)];
    const std::string where = src + ": layers[" + std::to_string(i) + "]";
    if (get<std::string>(lj, "type", where) != layer_kind_name(l.kind())) throw std::runtime_error(where + ".type: does not match the architecture");
    for (Param<float>* p : l.params()) {
      if (!lj.contains("params") || !lj["params"].contains(p->name)) throw std::runtime_error(where + ".params." + p->name + ": missing");
      const std::string file = get<std::string>(lj["params"][p->name], "file", where + ".params." + p->name);
      if (file.find('/') != std::string::npos || file.find("..") != std::string::npos) throw std::runtime_error(where + ".params." + p->name + ".file: must be a plain file name");
      read_npy_f4(model_json.parent_path() / file, param_shape(l, *p), p->value.data(), static_cast<std::size_t>(p->value.size()));
    }
  }
  net.clamp();
  return net;
}

}  // namespace neurosim::gradient
