#pragma once
// A trained network on disk, and its NIR export.
//
// model.json describes the network (the NetworkSpec: input shape, architecture, steps,
// encoding, neuron options, dt) and lists, layer by layer, each parameter with its .npy file
// and shape; the parameters themselves are float32 .npy files next to it (layer<i>.<name>.npy,
// C order: a Conv2d weight is (C_out, C_in, k, k) as in PyTorch and NIR).
//
// model.nir is the network in the HDF5 layout of the NIR reference writer (neuromorphs/NIR
// 1.0, nir/write.py): a root dataset "version"; a group "node" with "type" = "NIRGraph", a group
// "nodes" holding one group per node (a "type" string and one dataset per parameter) and
// "edges", an n x 2 array of node names. Nodes: input, then per layer conv<i> (Conv2d), pool<i>
// (AvgPool2d), flatten<i> (Flatten), affine<i> (Affine), lif<i> (LIF) or readout<i> (LI), then
// output.
//
// beta to tau: NIR's LIF is tau dv/dt = (v_leak - v) + R I. One forward-Euler step of length dt
// gives v[t+1] = (1 - dt/tau) v[t] + (dt/tau) R I[t], which is NeuroSim's update
// v[t+1] = beta v[t] + I[t] when tau = dt / (1 - beta) and R = tau / dt = 1 / (1 - beta), with
// v_leak = 0 (snnTorch's NIR export makes the same choice). dt is the network's dt_ms in
// seconds; tau is written in seconds. beta = 1 (no leak) is an IF node with R = 1 / dt.
// v_threshold is the threshold. NIR 1.0's LIF resets to zero on a spike; a network trained with
// reset by subtraction is written the same way (NIR 1.0 has no field for the reset mechanism).
// Max pooling and ReLU have no NIR 1.0 node: such a network is refused with a message.
#include <filesystem>
#include <string>

#include "neurosim/gradient/network.hpp"

namespace neurosim::gradient {

struct SavedModel {
  NetworkSpec spec;
  double dt_ms = 1.0;
};

// Writes model.json and the .npy files into `dir` (existing files are replaced only when
// `replace`). Throws std::runtime_error naming the file on failure.
void save_model(const std::filesystem::path& dir, Network<float>& net, double dt_ms, bool replace);
// Reads model.json from `dir` and the weights it names into a new network. Throws
// std::runtime_error naming the file and field on anything malformed.
Network<float> load_model(const std::filesystem::path& model_json, double* dt_ms = nullptr);

// Writes model.nir (see above). Throws std::runtime_error with the reason.
void write_nir(const std::filesystem::path& path, Network<float>& net, double dt_ms, bool replace);
// "" when the network can be written as NIR 1.0, else why not.
std::string nir_unsupported(const Network<float>& net);

}  // namespace neurosim::gradient
