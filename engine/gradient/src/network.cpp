// Building a network from its architecture string, running it forward and backward.
#include "neurosim/gradient/network.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "neurosim/rng.hpp"

namespace neurosim::gradient {
namespace {

struct Token {
  enum Kind { Conv, AvgPool, MaxPool, Linear } kind;
  int n = 0, k = 0, stride = 1, pad = 0;
};

// Reads a decimal number at s[i]; -1 when there is none or it is out of range.
int read_int(std::string_view s, std::size_t& i) {
  std::size_t j = i;
  while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
  if (j == i || j - i > 6) return -1;
  int v = 0;
  std::from_chars(s.data() + i, s.data() + j, v);
  i = j;
  return v;
}

std::string parse_tokens(std::string_view arch, std::vector<Token>& out) {
  if (arch.empty()) return "architecture: empty";
  std::size_t start = 0;
  int index = 0;
  while (start <= arch.size()) {
    const std::size_t end = std::min(arch.find('-', start), arch.size());
    const std::string_view t = arch.substr(start, end - start);
    ++index;
    const std::string where = "architecture: layer " + std::to_string(index) + " \"" + std::string(t) + "\": ";
    std::size_t i = 0;
    Token tok{};
    if (!t.empty() && (t[0] == 'P' || t[0] == 'M')) {
      tok.kind = t[0] == 'P' ? Token::AvgPool : Token::MaxPool;
      i = 1;
      tok.k = read_int(t, i);
      if (tok.k < 1 || i != t.size()) return where + "pooling is P<k> (average) or M<k> (max), e.g. P2";
    } else {
      tok.n = read_int(t, i);
      if (tok.n < 1 || tok.n > 100000) return where + "expected a layer: <N>C<k> (convolution), P<k>/M<k> (pooling) or <N> (linear)";
      if (i == t.size()) {
        tok.kind = Token::Linear;
      } else if (t[i] == 'C') {
        tok.kind = Token::Conv;
        ++i;
        tok.k = read_int(t, i);
        if (tok.k < 1 || tok.k > 64) return where + "a convolution needs a kernel size of 1 to 64, e.g. 12C5";
        while (i < t.size()) {
          const char c = t[i++];
          const int v = read_int(t, i);
          if (c == 's' && v >= 1 && v <= 64) tok.stride = v;
          else if (c == 'p' && v >= 0 && v <= 64) tok.pad = v;
          else return where + "after the kernel size only s<stride> and p<padding> may follow, e.g. 12C5s2p1";
        }
      } else {
        return where + "expected a layer: <N>C<k> (convolution), P<k>/M<k> (pooling) or <N> (linear)";
      }
    }
    out.push_back(tok);
    if (end == arch.size()) break;
    start = end + 1;
  }
  if (out.front().kind == Token::AvgPool || out.front().kind == Token::MaxPool) return "architecture: starts with pooling; the first layer must be a convolution or a linear layer";
  return "";
}

template <class S>
std::string build(const NetworkSpec& spec, std::vector<std::unique_ptr<Layer<S>>>& layers) {
  if (spec.input.c < 1 || spec.input.h < 1 || spec.input.w < 1) return "input: shape " + spec.input.text() + " is empty";
  if (spec.steps < 1 || spec.steps > 100000) return "steps: must be 1 to 100000 (got " + std::to_string(spec.steps) + ")";
  std::vector<Token> tokens;
  if (std::string e = parse_tokens(spec.architecture, tokens); !e.empty()) return e;
  Shape shape = spec.input;
  try {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const Token& t = tokens[i];
      const std::string where = "architecture: layer " + std::to_string(i + 1) + ": ";
      try {
        if (t.kind == Token::Conv) {
          if (shape.h == 1 && shape.w == 1 && i > 0 && tokens[i - 1].kind == Token::Linear) return where + "a convolution cannot follow a linear layer";
          layers.push_back(std::make_unique<Conv2d<S>>(shape, t.n, t.k, t.stride, t.pad));
        } else if (t.kind == Token::Linear) {
          if (shape.h * shape.w > 1) {
            layers.push_back(std::make_unique<Flatten<S>>(shape));
            shape = layers.back()->out_shape();
          }
          layers.push_back(std::make_unique<Linear<S>>(shape, t.n));
        } else {
          layers.push_back(std::make_unique<Pool2d<S>>(t.kind == Token::AvgPool ? LayerKind::AvgPool2d : LayerKind::MaxPool2d, shape, t.k));
        }
      } catch (const std::invalid_argument& e) {
        return where + e.what();
      }
      shape = layers.back()->out_shape();
      const bool pool_follows = i + 1 < tokens.size() && (tokens[i + 1].kind == Token::AvgPool || tokens[i + 1].kind == Token::MaxPool);
      if (pool_follows) continue;
      if (i + 1 == tokens.size() && spec.readout) layers.push_back(std::make_unique<Readout<S>>(shape, spec.readout_beta, false));
      else if (spec.unit == Unit::Relu) layers.push_back(std::make_unique<Relu<S>>(shape));
      else layers.push_back(std::make_unique<Lif<S>>(shape, spec.neuron));
    }
  } catch (const std::invalid_argument& e) {
    return std::string("neuron: ") + e.what();
  }
  return "";
}

}  // namespace

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::Rate: return "rate";
    case Encoding::Latency: return "latency";
    case Encoding::Direct: return "direct";
  }
  return "?";
}

std::string_view unit_name(Unit u) { return u == Unit::Lif ? "lif" : "relu"; }

std::string check_architecture(const NetworkSpec& spec) {
  std::vector<std::unique_ptr<Layer<float>>> layers;
  return build<float>(spec, layers);
}

template <class S>
Network<S>::Network(const NetworkSpec& spec) : spec_(spec) {
  if (std::string e = build<S>(spec, layers_); !e.empty()) throw std::invalid_argument(e);
  acts_.resize(layers_.size() + 1);
  grads_.resize(layers_.size() + 1);
}

template <class S>
Network<S>::Network(const Network& other) : spec_(other.spec_), acts_(other.acts_.size()), grads_(other.grads_.size()) {
  for (const auto& l : other.layers_) layers_.push_back(l->clone());
}

template <class S>
Network<S>& Network<S>::operator=(const Network& other) {
  if (this != &other) {
    Network copy(other);
    spec_ = copy.spec_;
    layers_ = std::move(copy.layers_);
    acts_ = std::move(copy.acts_);
    grads_ = std::move(copy.grads_);
  }
  return *this;
}

template <class S>
void Network<S>::init(Rng& rng) {
  for (auto& l : layers_) l->init(rng);
}

template <class S>
const Mat<S>& Network<S>::forward(const Mat<S>& x) {
  if (x.cols() != spec_.input.size()) throw std::invalid_argument("network input: " + std::to_string(x.cols()) + " features, expected " + std::to_string(spec_.input.size()));
  acts_[0] = x;
  for (std::size_t i = 0; i < layers_.size(); ++i) layers_[i]->forward(acts_[i], acts_[i + 1]);
  return acts_.back();
}

template <class S>
const Mat<S>& Network<S>::backward(const Mat<S>& dy) {
  grads_.back() = dy;
  for (std::size_t i = layers_.size(); i-- > 0;) layers_[i]->backward(grads_[i + 1], grads_[i]);
  return grads_[0];
}

template <class S>
std::vector<Param<S>*> Network<S>::params() {
  std::vector<Param<S>*> all;
  for (auto& l : layers_)
    for (Param<S>* p : l->params()) all.push_back(p);
  return all;
}

template <class S>
std::size_t Network<S>::param_count() {
  std::size_t n = 0;
  for (Param<S>* p : params()) n += static_cast<std::size_t>(p->value.size());
  return n;
}

template <class S>
void Network<S>::zero_grad() {
  for (Param<S>* p : params()) p->grad.setZero();
}

template <class S>
void Network<S>::gradients_to(S* out) {
  for (Param<S>* p : params()) {
    std::copy(p->grad.data(), p->grad.data() + p->grad.size(), out);
    out += p->grad.size();
  }
}

template <class S>
void Network<S>::copy_values_from(Network& other) {
  auto mine = params();
  auto theirs = other.params();
  for (std::size_t i = 0; i < mine.size(); ++i) mine[i]->value = theirs[i]->value;
}

template <class S>
void Network<S>::clamp() {
  for (auto& l : layers_) {
    if (auto* lif = dynamic_cast<Lif<S>*>(l.get())) lif->clamp();
    if (auto* ro = dynamic_cast<Readout<S>*>(l.get())) ro->clamp();
  }
}

template <class S>
double Network<S>::spikes() const {
  double n = 0;
  for (const auto& l : layers_)
    if (const auto* lif = dynamic_cast<const Lif<S>*>(l.get())) n += static_cast<double>(lif->spikes().sum());
  return n;
}

template <class S>
void Network<S>::encode(const std::uint8_t* pixels, Rng& rng, Mat<S>& x) const {
  const int T = spec_.steps, n = spec_.input.size();
  x.setZero(T, n);
  if (spec_.encoding == Encoding::Rate) {
    for (int t = 0; t < T; ++t)
      for (int i = 0; i < n; ++i) {
        const double p = pixels[i] / 255.0;
        if (p > 0 && rng.uniform() < p) x(t, i) = S(1);
      }
  } else if (spec_.encoding == Encoding::Direct) {
    for (int i = 0; i < n; ++i) x.col(i).setConstant(static_cast<S>(pixels[i] / 255.0));
  } else {
    for (int i = 0; i < n; ++i) {
      if (pixels[i] == 0) continue;
      const double v = pixels[i] / 255.0;
      x(static_cast<int>(std::lround((1.0 - v) * (T - 1))), i) = S(1);
    }
  }
}

template class Network<float>;
template class Network<double>;

}  // namespace neurosim::gradient
