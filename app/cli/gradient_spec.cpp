// Reading gradient-training presets (gradient_spec.hpp).
#include "cli/gradient_spec.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "neurosim/io/presets.hpp"

namespace neurosim::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::uint64_t kMaxSpecBytes = 1 << 20;

const std::map<std::string, std::set<std::string>>& schema() {
  static const std::map<std::string, std::set<std::string>> s{
      {"", {"name", "description", "kind", "task", "seed", "data", "network", "training", "fewshot"}},
      {"data", {"images", "labels", "test_images", "test_labels"}},
      {"network",
       {"architecture", "neuron", "steps", "encoding", "dt_ms", "beta", "threshold", "learn_beta", "learn_threshold", "reset", "detach_reset", "surrogate", "slope",
        "readout", "readout_beta"}},
      {"training",
       {"epochs", "batch_size", "learning_rate", "beta1", "beta2", "weight_decay", "clip_norm", "loss", "correct_rate", "incorrect_rate", "train_limit",
        "threads", "init_from", "lr_decay", "max_shift"}},
      {"fewshot", {"ways", "shots", "queries", "train_classes", "test_classes", "episodes_per_epoch", "test_episodes", "test_shots", "distance_scale", "train_ways", "class_turns"}}};
  return s;
}

const std::map<std::string, std::string>& aliases() {
  static const std::map<std::string, std::string> a{
      {"epochs", "training.epochs"},   {"learning_rate", "training.learning_rate"}, {"lr", "training.learning_rate"},
      {"T", "network.steps"},          {"steps", "network.steps"},                 {"beta", "network.beta"},
      {"threshold", "network.threshold"}, {"surrogate", "network.surrogate"},      {"slope", "network.slope"},
      {"ways", "fewshot.ways"},        {"shots", "fewshot.shots"},                 {"queries", "fewshot.queries"},
      {"batch_size", "training.batch_size"}, {"seed", "seed"},
      {"neuron", "network.neuron"},    {"encoding", "network.encoding"},          {"distance_scale", "fewshot.distance_scale"}};
  return a;
}

bool read_json_file(const fs::path& file, Json& out, std::string& error) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) {
    error = file.string() + ": cannot read: " + ec.message();
    return false;
  }
  if (size > kMaxSpecBytes) {
    error = file.string() + ": larger than 1 MiB; not a preset";
    return false;
  }
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    out = Json::parse(ss.str());
  } catch (const Json::parse_error& e) {
    error = file.string() + ": not valid JSON: " + e.what();
    return false;
  }
  return true;
}

// Field readers: each appends "path: message" on a problem and returns the default.
class Reader {
 public:
  Reader(const Json& root, std::vector<std::string>& errors) : root_(root), errors_(errors) {}

  const Json* find(const std::string& path) const {
    const Json* j = &root_;
    std::size_t start = 0;
    while (true) {
      const std::size_t dot = path.find('.', start);
      const std::string key = path.substr(start, dot - start);
      if (!j->is_object() || !j->contains(key)) return nullptr;
      j = &(*j)[key];
      if (dot == std::string::npos) return j;
      start = dot + 1;
    }
  }
  double number(const std::string& path, double def, double lo, double hi, bool whole = false) {
    const Json* j = find(path);
    if (!j) return def;
    if (!j->is_number()) return fail(path, "must be a number (got " + j->dump() + ")", def);
    const double v = j->get<double>();
    if (!std::isfinite(v) || v < lo || v > hi || (whole && v != std::floor(v))) {
      std::ostringstream m;
      m << "must be " << (whole ? "a whole number" : "a number") << " from " << lo << " to " << hi << " (got " << j->dump() << ")";
      return fail(path, m.str(), def);
    }
    return v;
  }
  int integer(const std::string& path, int def, int lo, int hi) { return static_cast<int>(number(path, def, lo, hi, true)); }
  bool boolean(const std::string& path, bool def) {
    const Json* j = find(path);
    if (!j) return def;
    if (!j->is_boolean()) return fail(path, "must be true or false (got " + j->dump() + ")", def);
    return j->get<bool>();
  }
  std::string text(const std::string& path, const std::string& def) {
    const Json* j = find(path);
    if (!j) return def;
    if (!j->is_string()) return fail(path, "must be a string (got " + j->dump() + ")", def);
    return j->get<std::string>();
  }
  std::string choice(const std::string& path, const std::string& def, const std::vector<std::string>& options) {
    const std::string v = text(path, def);
    if (std::find(options.begin(), options.end(), v) != options.end()) return v;
    std::string list;
    for (const auto& o : options) list += (list.empty() ? "" : ", ") + o;
    return fail(path, "must be one of " + list + " (got \"" + v + "\")", def);
  }
  std::vector<int> int_list(const std::string& path, std::vector<int> def, int lo, int hi) {
    const Json* j = find(path);
    if (!j) return def;
    if (!j->is_array() || j->empty()) return fail(path, "must be a non-empty list of whole numbers", def);
    std::vector<int> out;
    for (const Json& e : *j) {
      if (!e.is_number_integer() || e.get<long long>() < lo || e.get<long long>() > hi)
        return fail(path, "entries must be whole numbers from " + std::to_string(lo) + " to " + std::to_string(hi) + " (got " + e.dump() + ")", def);
      out.push_back(e.get<int>());
    }
    std::set<int> unique(out.begin(), out.end());
    if (unique.size() != out.size()) return fail(path, "lists a value twice", def);
    return out;
  }
  template <class T>
  T fail(const std::string& path, const std::string& message, T def) {
    errors_.push_back(path + ": " + message);
    return def;
  }

 private:
  const Json& root_;
  std::vector<std::string>& errors_;
};

void check_unknown(const Json& j, std::vector<std::string>& errors) {
  if (!j.is_object()) {
    errors.push_back("the file must hold a JSON object");
    return;
  }
  for (const auto& [section, keys] : schema()) {
    const Json* obj = section.empty() ? &j : (j.contains(section) ? &j[section] : nullptr);
    if (!obj) continue;
    if (!obj->is_object()) {
      errors.push_back(section + ": must be an object");
      continue;
    }
    for (const auto& [k, v] : obj->items())
      if (!keys.count(k)) errors.push_back((section.empty() ? "" : section + ".") + k + ": unknown field");
  }
}

// Applies --set PATH=VALUE to the JSON; VALUE is JSON when it parses as such, else a string.
bool apply_set(Json& j, const std::string& o, std::vector<std::string>& errors, std::set<std::string>& set_paths) {
  const auto eq = o.find('=');
  if (eq == std::string::npos || eq == 0) {
    errors.push_back("--set " + o + ": expected PATH=VALUE, e.g. --set epochs=3");
    return false;
  }
  std::string path = o.substr(0, eq);
  if (const auto a = aliases().find(path); a != aliases().end()) path = a->second;
  const std::string value = o.substr(eq + 1);
  const auto dot = path.find('.');
  const std::string section = dot == std::string::npos ? "" : path.substr(0, dot);
  const std::string key = dot == std::string::npos ? path : path.substr(dot + 1);
  const auto s = schema().find(section);
  if (s == schema().end() || !s->second.count(key) || schema().count(key)) {
    errors.push_back("--set " + o + ": no field " + path + " (training parameters: epochs, learning_rate, T, beta, threshold, surrogate, slope, ways, shots, queries, or a full path such as training.batch_size)");
    return false;
  }
  Json v;
  try {
    v = Json::parse(value);
  } catch (const Json::parse_error&) {
    v = value;
  }
  if (section.empty()) j[key] = v;
  else j[section][key] = v;
  set_paths.insert(path);
  return true;
}

fs::path data_path(Reader& r, const std::string& path, const fs::path& base) {
  const std::string t = r.text(path, "");
  if (t.empty()) return {};
  const fs::path p(t);
  return p.is_absolute() ? p : base / p;
}

}  // namespace

std::optional<fs::path> gradient_preset_path(const std::string& name) {
  if (name.find('/') == std::string::npos && name.find('\\') == std::string::npos && name.find("..") == std::string::npos && !name.empty()) {
    const fs::path p = io::asset_dir() / "gradient" / (name + ".json");
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p;
  }
  std::error_code ec;
  const fs::path p(name);
  if (p.extension() != ".json" || !fs::is_regular_file(p, ec)) return std::nullopt;
  Json j;
  std::string error;
  if (!read_json_file(p, j, error)) return std::nullopt;
  if (j.is_object() && j.contains("kind") && j["kind"] == "gradient-training") return p;
  return std::nullopt;
}

std::vector<std::string> gradient_preset_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(io::asset_dir() / "gradient", ec))
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

GradientSpecResult load_gradient_spec(const fs::path& file, const std::vector<std::string>& overrides) {
  GradientSpecResult result;
  auto& errors = result.errors;
  Json j;
  std::string error;
  if (!read_json_file(file, j, error)) {
    errors.push_back(error);
    return result;
  }
  std::set<std::string> set_paths;
  for (const std::string& o : overrides) apply_set(j, o, errors, set_paths);
  // A new surrogate without a new slope takes that surrogate's default slope.
  if (set_paths.count("network.surrogate") && !set_paths.count("network.slope") && j.contains("network")) j["network"].erase("slope");
  check_unknown(j, errors);
  if (!errors.empty()) return result;

  Reader r(j, errors);
  GradientSpec s;
  s.name = r.text("name", file.stem().string());
  s.description = r.text("description", "");
  if (r.text("kind", "") != "gradient-training") errors.push_back("kind: must be \"gradient-training\"");
  s.fewshot = r.choice("task", "classification", {"classification", "fewshot"}) == "fewshot";
  s.seed = static_cast<std::uint64_t>(r.number("seed", 1, 0, 9007199254740992.0, true));
  const fs::path base = file.parent_path();
  s.images = data_path(r, "data.images", base);
  s.labels = data_path(r, "data.labels", base);
  s.test_images = data_path(r, "data.test_images", base);
  s.test_labels = data_path(r, "data.test_labels", base);

  gradient::NetworkSpec& n = s.network;
  n.architecture = r.text("network.architecture", n.architecture);
  n.steps = r.integer("network.steps", 25, 1, 10000);
  n.unit = r.choice("network.neuron", "lif", {"lif", "relu"}) == "lif" ? gradient::Unit::Lif : gradient::Unit::Relu;
  const std::string encoding = r.choice("network.encoding", "rate", {"rate", "latency", "direct"});
  n.encoding = encoding == "rate" ? gradient::Encoding::Rate : encoding == "latency" ? gradient::Encoding::Latency : gradient::Encoding::Direct;
  s.dt_ms = r.number("network.dt_ms", 1.0, 1e-6, 1e6);
  if (s.dt_ms <= 0) errors.push_back("network.dt_ms: must be > 0");
  n.neuron.beta = r.number("network.beta", 0.9, 0.0, 1.0);
  n.neuron.threshold = r.number("network.threshold", 1.0, 1e-6, 1e6);
  n.neuron.learn_beta = r.boolean("network.learn_beta", false);
  n.neuron.learn_threshold = r.boolean("network.learn_threshold", false);
  n.neuron.reset = r.choice("network.reset", "subtract", {"subtract", "zero"}) == "subtract" ? gradient::Reset::Subtract : gradient::Reset::Zero;
  n.neuron.detach_reset = r.boolean("network.detach_reset", true);
  const auto kind = gradient::parse_surrogate(r.choice("network.surrogate", "fast_sigmoid", {"fast_sigmoid", "arctan", "triangle", "sigmoid"}));
  n.neuron.surrogate.kind = kind.value_or(gradient::SurrogateKind::FastSigmoid);
  n.neuron.surrogate.slope = r.number("network.slope", gradient::default_slope(n.neuron.surrogate.kind), 1e-6, 1e6);
  n.readout = r.boolean("network.readout", false);
  n.readout_beta = r.number("network.readout_beta", 0.9, 0.0, 1.0);

  s.epochs = r.integer("training.epochs", 1, 0, 100000);
  s.batch_size = r.integer("training.batch_size", 64, 1, 100000);
  s.adam.learning_rate = r.number("training.learning_rate", 1e-3, 0.0, 10.0);
  s.adam.beta1 = r.number("training.beta1", 0.9, 0.0, 0.999999);
  s.adam.beta2 = r.number("training.beta2", 0.999, 0.0, 0.999999);
  s.adam.weight_decay = r.number("training.weight_decay", 0.0, 0.0, 10.0);
  s.adam.clip_norm = r.number("training.clip_norm", 0.0, 0.0, 1e9);
  const std::string loss = r.choice("training.loss", s.fewshot ? "prototypical" : "ce_count", {"ce_count", "ce_membrane", "mse_count", "prototypical"});
  if (s.fewshot != (loss == "prototypical")) errors.push_back("training.loss: \"prototypical\" goes with task \"fewshot\", and only with it (got \"" + loss + "\")");
  s.loss.kind = loss == "ce_membrane" ? gradient::LossKind::CrossEntropyMembranes
              : loss == "mse_count"   ? gradient::LossKind::CountMse
                                      : gradient::LossKind::CrossEntropyCounts;
  if (loss == "ce_membrane" && !n.readout) errors.push_back("training.loss: \"ce_membrane\" needs network.readout = true (a membrane output)");
  if (loss != "ce_membrane" && !s.fewshot && n.readout) errors.push_back("training.loss: a readout output has no spikes to count; use \"ce_membrane\"");
  if (loss == "mse_count" && n.unit == gradient::Unit::Relu) errors.push_back("training.loss: \"mse_count\" targets spike counts; a ReLU network (network.neuron = \"relu\") has none");
  s.loss.correct_rate = r.number("training.correct_rate", 0.8, 0.0, 1.0);
  s.loss.incorrect_rate = r.number("training.incorrect_rate", 0.2, 0.0, 1.0);
  s.train_limit = r.integer("training.train_limit", 0, 0, 100000000);
  s.threads = r.integer("training.threads", 0, 0, 1024);
  s.lr_decay = r.number("training.lr_decay", 1.0, 1e-6, 1.0);
  s.max_shift = r.integer("training.max_shift", 0, 0, 64);
  const std::string init = r.text("training.init_from", "");
  if (!init.empty()) s.init_from = fs::path(init).is_absolute() ? fs::path(init) : base / init;

  s.ways = r.integer("fewshot.ways", 5, 2, 1000);
  s.shots = r.integer("fewshot.shots", 5, 1, 10000);
  s.queries = r.integer("fewshot.queries", 15, 1, 10000);
  s.train_classes = r.int_list("fewshot.train_classes", {0, 1, 2, 3, 4}, 0, 255);
  s.test_classes = r.int_list("fewshot.test_classes", {5, 6, 7, 8, 9}, 0, 255);
  s.episodes_per_epoch = r.integer("fewshot.episodes_per_epoch", 200, 1, 100000000);
  s.test_episodes = r.integer("fewshot.test_episodes", 600, 1, 100000000);
  s.test_shots = r.int_list("fewshot.test_shots", {1, 5}, 1, 10000);
  s.distance_scale = r.number("fewshot.distance_scale", 1.0, 1e-9, 1e9);
  s.train_ways = r.integer("fewshot.train_ways", 0, 0, 1000);
  s.class_turns = r.integer("fewshot.class_turns", 0, 0, 3);
  if (!s.fewshot)
    for (const std::string& path : set_paths)
      if (path.rfind("fewshot.", 0) == 0) errors.push_back("--set " + path + ": applies to few-shot presets only; " + s.name + " is a classification task");
  if (s.fewshot) {
    // Turned copies of the training classes count as classes of their own (augment.hpp).
    const int train_classes = static_cast<int>(s.train_classes.size()) * (1 + s.class_turns);
    if (s.ways > train_classes)
      errors.push_back("fewshot.ways: " + std::to_string(s.ways) + " ways need at least " + std::to_string(s.ways) + " classes, fewshot.train_classes has " + std::to_string(train_classes));
    if (s.train_ways > train_classes)
      errors.push_back("fewshot.train_ways: " + std::to_string(s.train_ways) + " ways need at least " + std::to_string(s.train_ways) + " training classes, there are " +
                       std::to_string(train_classes) + " (fewshot.train_classes with fewshot.class_turns)");
    if (s.class_turns > 0)
      for (int c : s.train_classes)
        if (c >= 64) errors.push_back("fewshot.class_turns: training class " + std::to_string(c) + " cannot be turned: only classes 0 to 63 can");
    if (s.train_ways == 0) s.train_ways = s.ways;
    if (s.ways > static_cast<int>(s.test_classes.size()))
      errors.push_back("fewshot.ways: " + std::to_string(s.ways) + " ways need at least " + std::to_string(s.ways) + " classes, fewshot.test_classes has " + std::to_string(s.test_classes.size()));
    for (int c : s.test_classes)
      if (std::count(s.train_classes.begin(), s.train_classes.end(), c))
        errors.push_back("fewshot.test_classes: class " + std::to_string(c) + " is also a training class; the test classes must be unseen");
  }
  if (errors.empty()) result.spec = std::move(s);
  return result;
}

}  // namespace neurosim::cli
