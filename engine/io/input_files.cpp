// Loading a scenario's inputs and choosing which input a command-line file feeds
// (see input_files.hpp).
#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "neurosim/io/mapped_file.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/presets.hpp"

namespace neurosim::io {
namespace {

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

std::string where(const char* list, std::size_t i) { return std::string(list) + "[" + std::to_string(i) + "]"; }

}  // namespace

SeriesResult load_time_series(const std::filesystem::path& path, InputKind kind) {
  SeriesResult result;
  const std::string source = path.string();
  MappedFile file;
  std::string error;
  if (!file.open(path, kMaxInputFileBytes, "input files", error)) {
    result.error = source + ": " + error;
    return result;
  }
  if (lower_extension(path) == ".json") return parse_time_series_json(file.text(), source, kind);
  return parse_time_series_csv(file.text(), source, kind);
}

// [SECTION] A scenario's inputs

std::vector<SpecError> load_inputs(ScenarioSpec& spec) {
  std::vector<SpecError> errors;
  ScenarioSpec& updated = spec;  // inputs that load keep their data even when another fails
  for (std::size_t i = 0; i < updated.populations.size(); ++i) {
    PopulationSpec& p = updated.populations[i];
    const std::string path = where("populations", i);
    if (p.model == "images") {
      if ((!p.input || p.input->path.empty()) && !(p.input && p.input->images)) {
        ImagesResult r = load_shipped_digits(false);
        if (!r.error.empty()) {
          errors.push_back({path + ".input", r.error});
          continue;
        }
        if (!p.input) p.input = InputSpec{};
        p.input->images = std::move(r.images);
      }
      if (p.input && !p.input->images && !p.input->path.empty()) {
        ImagesResult r = load_idx_images(p.input->resolved_path(), p.input->resolved_labels());
        if (!r.error.empty()) {
          errors.push_back({path + ".input.path", r.error});
          continue;
        }
        p.input->images = std::move(r.images);
      }
      if (p.size == 0) p.size = p.input && p.input->images ? p.input->images->pixels_per_image() : 28 * 28;
      continue;
    }
    if (p.model != "file" || !p.input) continue;
    if (!p.input->series && !p.input->path.empty()) {
      SeriesResult r = load_time_series(p.input->resolved_path(), p.input->as);
      if (!r.error.empty()) {
        errors.push_back({path + ".input.path", r.error});
        continue;
      }
      p.input->series = std::move(r.series);
    }
    if (p.size == 0 && p.input->series) p.size = p.input->series->columns;
  }
  for (std::size_t k = 0; k < updated.stimuli.size(); ++k) {
    StimulusSpec& s = updated.stimuli[k];
    if (!s.input || s.input->series || s.input->path.empty()) continue;
    SeriesResult r = load_time_series(s.input->resolved_path(), s.input->as);
    if (!r.error.empty()) {
      errors.push_back({where("stimuli", k) + ".input.path", r.error});
      continue;
    }
    s.input->series = std::move(r.series);
  }
  return errors;
}

ImagesResult load_shipped_digits(bool test_set) {
  const std::filesystem::path dir = asset_dir() / "data";
  const std::string set = test_set ? "digits-test" : "digits-train";
  return load_idx_images(dir / (set + "-images.idx.gz"), dir / (set + "-labels.idx.gz"));
}

std::string set_input_file(ScenarioSpec& spec, const std::string& file) {
  std::vector<std::size_t> pops;
  for (std::size_t i = 0; i < spec.populations.size(); ++i)
    if (spec.populations[i].model == "file") pops.push_back(i);
  std::vector<std::size_t> stims;
  for (std::size_t k = 0; k < spec.stimuli.size(); ++k)
    if (spec.stimuli[k].input) stims.push_back(k);
  const auto named = std::find_if(pops.begin(), pops.end(), [&](std::size_t i) { return spec.populations[i].name == "input"; });
  const auto feed = [&](InputSpec& in) {
    in.path = file;
    in.base_dir.clear();  // relative to the working directory, as typed
    in.series.reset();
  };
  if (named != pops.end() || pops.size() == 1) {
    PopulationSpec& p = spec.populations[named != pops.end() ? *named : pops[0]];
    if (!p.input) p.input = InputSpec{};
    feed(*p.input);
    p.size = 0;  // the file decides
    return {};
  }
  if (pops.size() > 1) {
    std::string names;
    for (std::size_t i : pops) names += (names.empty() ? "" : ", ") + spec.populations[i].name;
    return "--input: the scenario has " + std::to_string(pops.size()) + " populations of model file (" + names +
           "); name the one to feed \"input\"";
  }
  if (stims.size() == 1) {
    feed(*spec.stimuli[stims[0]].input);
    return {};
  }
  if (stims.size() > 1) return "--input: the scenario has " + std::to_string(stims.size()) + " stimuli with an input; it cannot choose one";
  return "--input: this scenario has no file-driven input (a population of model file, or a stimulus with an \"input\"); "
         "try the file-input preset";
}

std::string set_image_files(ScenarioSpec& spec, const std::string& images, const std::string& labels) {
  std::vector<std::size_t> pops;
  for (std::size_t i = 0; i < spec.populations.size(); ++i)
    if (spec.populations[i].model == "images") pops.push_back(i);
  const auto named = std::find_if(pops.begin(), pops.end(), [&](std::size_t i) { return spec.populations[i].name == "input"; });
  if (named == pops.end() && pops.size() != 1) {
    if (pops.empty()) return "--images: this scenario has no population of model images; try the mnist-input preset";
    return "--images: the scenario has " + std::to_string(pops.size()) + " populations of model images; name the one to feed \"input\"";
  }
  PopulationSpec& p = spec.populations[named != pops.end() ? *named : pops[0]];
  if (!p.input) p.input = InputSpec{};
  p.input->path = images;
  p.input->labels = labels;
  p.input->base_dir.clear();
  p.input->images.reset();
  p.size = 0;
  return {};
}

void rebase_inputs(ScenarioSpec& spec, const std::filesystem::path& dir) {
  std::error_code ec;
  const std::filesystem::path target = std::filesystem::absolute(dir, ec).lexically_normal();
  const auto rebase = [&](std::string& file, const std::string& base) {
    if (file.empty() || std::filesystem::path(file).is_absolute()) return;
    const std::filesystem::path from = std::filesystem::absolute(std::filesystem::path(base) / file, ec).lexically_normal();
    const std::filesystem::path rel = from.lexically_relative(target);
    file = rel.empty() ? from.string() : rel.string();
  };
  const auto fix = [&](std::optional<InputSpec>& in) {
    if (!in) return;
    rebase(in->path, in->base_dir);
    rebase(in->labels, in->base_dir);
    in->base_dir = target.string();
  };
  for (PopulationSpec& p : spec.populations) fix(p.input);
  for (StimulusSpec& s : spec.stimuli) fix(s.input);
}

// [SECTION] Sniffing dropped files

namespace {

// Stops at the first top-level key that tells a scenario from a time series.
class KeySniffer : public nlohmann::json_sax<nlohmann::json> {
 public:
  DataFileKind kind = DataFileKind::Unknown;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return ++depth_, true; }
  bool end_object() override { return --depth_, true; }
  bool start_array(std::size_t) override { return ++depth_, true; }
  bool end_array() override { return --depth_, true; }
  bool key(string_t& k) override {
    if (depth_ != 1) return true;
    if (k == "data" || k == "spikes" || k == "t_ms" || k == "neurons") kind = DataFileKind::TimeSeries;
    else if (k == "populations" || k == "projections" || k == "stimuli" || k == "monitors" || k == "name" || k == "description" ||
             k == "seed" || k == "experiment")
      kind = DataFileKind::Scenario;
    return kind == DataFileKind::Unknown;  // false stops the parse
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  int depth_ = 0;
};

}  // namespace

DataFileKind sniff_data_file(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt" || ext == ".dat") return DataFileKind::TimeSeries;
  if (ext == ".idx" || ext == ".ubyte" || name.find("idx") != std::string::npos || name.find("ubyte") != std::string::npos) return DataFileKind::Idx;
  if (ext != ".json") return DataFileKind::Unknown;
  MappedFile file;
  std::string error;
  if (!file.open(path, kMaxInputFileBytes, "input files", error)) return DataFileKind::Scenario;  // let the loader say why
  KeySniffer sniffer;
  const std::string_view text = file.text();
  nlohmann::json::sax_parse(text.begin(), text.end(), &sniffer, nlohmann::detail::input_format_t::json, false);
  return sniffer.kind == DataFileKind::Unknown ? DataFileKind::Scenario : sniffer.kind;
}

}  // namespace neurosim::io
