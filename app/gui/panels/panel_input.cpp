// Input data panel: give the running network's file-driven inputs new data: a file (CSV, JSON,
// IDX) read on a worker thread and previewed (shape, first rows or first image) before it is
// applied, random input (rate, share of active neurons, seed), and the image on show.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "gui/panels/data_panels.hpp"
#include "gui/render/palette.hpp"
#include "gui/shell/style.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/rng.hpp"

namespace neurosim::gui {

namespace {

// A titled separator (ImGui 1.86 has no SeparatorText).
void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}


std::string shape_text(const TimeSeries& s, double dt) {
  char buf[160];
  if (s.is_events())
    std::snprintf(buf, sizeof buf, "%zu spikes of %d neurons, %.6g ms", s.events.size(), s.columns, s.length_ms(dt));
  else
    std::snprintf(buf, sizeof buf, "%zu rows x %d columns, %.6g ms%s", s.rows(), s.columns, s.length_ms(dt),
                  s.t_ms.empty() ? (s.dt_ms > 0 ? " (rows every dt_ms)" : " (a row per step)") : " (rows at t_ms)");
  return buf;
}

// Draws image `i` of `set` with its top left at the cursor, `px` screen pixels per image pixel.
void draw_image(const ImageSet& set, int i, float px) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const std::uint8_t* img = set.image(i);
  dl->AddRectFilled(origin, ImVec2(origin.x + px * static_cast<float>(set.cols), origin.y + px * static_cast<float>(set.rows)), IM_COL32(0, 0, 0, 255));
  for (int y = 0; y < set.rows; ++y)
    for (int x = 0; x < set.cols; ++x) {
      const std::uint8_t v = img[y * set.cols + x];
      if (v == 0) continue;
      const ImVec2 a(origin.x + px * static_cast<float>(x), origin.y + px * static_cast<float>(y));
      dl->AddRectFilled(a, ImVec2(a.x + px, a.y + px), IM_COL32(v, v, v, 255));
    }
  ImGui::Dummy(ImVec2(px * static_cast<float>(set.cols), px * static_cast<float>(set.rows)));
}

}  // namespace

std::vector<InputTarget> input_targets(const ScenarioFacts& facts) {
  std::vector<InputTarget> out;
  for (int p = 0; p < static_cast<int>(facts.populations.size()); ++p) {
    const PopulationFact& pop = facts.populations[static_cast<std::size_t>(p)];
    const bool images = pop.model == "images";
    if (pop.model != "file" && !images) continue;
    InputTarget t;
    t.population = p;
    t.images = images;
    t.width = pop.size;
    t.label = pop.name + " (" + pop.model + ", " + std::to_string(pop.size) + " neurons)";
    out.push_back(std::move(t));
  }
  for (int k = 0; k < static_cast<int>(facts.stimuli.size()); ++k) {
    const StimulusFact& s = facts.stimuli[static_cast<std::size_t>(k)];
    if (!s.input) continue;
    InputTarget t;
    t.stimulus = k;
    t.width = static_cast<int>(s.targets.size());
    t.label = s.name + " (currents into " + facts.populations[static_cast<std::size_t>(s.population)].name + ", " + std::to_string(t.width) + " neurons)";
    out.push_back(std::move(t));
  }
  return out;
}

namespace {

// The input a population or stimulus of the spec plays now (null: none).
const InputSpec* playing(const ScenarioFacts& facts, const InputTarget& t) {
  if (t.population >= 0 && static_cast<std::size_t>(t.population) < facts.spec.populations.size()) {
    const auto& in = facts.spec.populations[static_cast<std::size_t>(t.population)].input;
    return in ? &*in : nullptr;
  }
  if (t.stimulus >= 0 && static_cast<std::size_t>(t.stimulus) < facts.spec.stimuli.size()) {
    const auto& in = facts.spec.stimuli[static_cast<std::size_t>(t.stimulus)].input;
    return in ? &*in : nullptr;
  }
  return nullptr;
}

}  // namespace

// [SECTION] Reading and applying

void InputPanel::start_reading(const InputTarget& t, const std::string& file, const std::string& labels, bool apply_after) {
  const InputKind k = t.stimulus >= 0 ? InputKind::Currents : kind == 1 ? InputKind::Rates : InputKind::Spikes;
  const bool images = t.images;
  apply_when_read = apply_after;
  message.clear();
  pending = std::async(std::launch::async, [file, labels, k, images]() {
    InputPreview p;
    p.path = file;
    p.kind = k;
    const auto start = std::chrono::steady_clock::now();
    if (images) {
      io::ImagesResult r = io::load_idx_images(file, labels);
      p.images = std::move(r.images);
      p.error = std::move(r.error);
    } else {
      io::SeriesResult r = io::load_time_series(file, k);
      p.series = std::move(r.series);
      p.error = std::move(r.error);
    }
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return p;
  });
}

void InputPanel::poll(const InputsSeen& seen, const Submit& submit) {
  if (!pending.valid() || pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  preview = pending.get();
  if (!preview.ok()) {
    message = preview.error + "\nThe running input is unchanged.";
    message_is_error = true;
    return;
  }
  if (!apply_when_read) return;
  targets = input_targets(seen.facts);
  if (target >= 0 && target < static_cast<int>(targets.size())) apply(targets[static_cast<std::size_t>(target)], preview, submit);
}

void InputPanel::apply(const InputTarget& t, const InputPreview& p, const Submit& submit) {
  InputSpec in;
  in.path = p.path;
  in.labels = t.images ? labels_path : std::string();
  std::error_code ec;
  in.base_dir = std::filesystem::current_path(ec).string();  // typed paths start here; saving rebases them
  in.as = p.kind;
  in.loop = loop;
  in.series = p.series;
  in.images = p.images;
  const std::string error = submit(SetInput{t.population, t.stimulus, in});
  if (error.empty()) {
    message = "applied " + p.path + " to " + t.label;
    message_is_error = false;
  } else {
    message = "not applied: " + error + "\nThe running input is unchanged.";
    message_is_error = true;
  }
}

void InputPanel::drop(const std::string& file, const InputsSeen& seen) {
  targets = input_targets(seen.facts);
  const bool idx = io::sniff_data_file(file) == io::DataFileKind::Idx;
  const auto fits = [&](const InputTarget& t) { return t.images == idx; };
  if (target < 0 || target >= static_cast<int>(targets.size()) || !fits(targets[static_cast<std::size_t>(target)])) {
    const auto it = std::find_if(targets.begin(), targets.end(), fits);
    if (it == targets.end()) {
      message = file + ": this scenario has no " + (idx ? "population of model images" : "file-driven input (model file, or a stimulus with an input)") +
                " to take it; try the " + (idx ? "mnist-input" : "file-input") + " preset";
      message_is_error = true;
      return;
    }
    target = static_cast<int>(it - targets.begin());
  }
  std::string name = std::filesystem::path(file).filename().string();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (idx && name.find("label") != std::string::npos) {
    labels_path = file;
    message = "labels set to " + file + "; now drop (or choose) the images file";
    message_is_error = false;
    return;
  }
  path = file;
  start_reading(targets[static_cast<std::size_t>(target)], file, idx ? labels_path : std::string(), true);
}

void InputPanel::show_file(const std::string& file, const std::string& labels, const InputsSeen& seen) {
  targets = input_targets(seen.facts);
  const bool images = !labels.empty() || io::sniff_data_file(file) == io::DataFileKind::Idx;
  const auto it = std::find_if(targets.begin(), targets.end(), [&](const InputTarget& t) { return t.images == images; });
  if (it == targets.end()) return;
  target = static_cast<int>(it - targets.begin());
  path = file;
  labels_path = labels;
  if (const InputSpec* in = it->population >= 0 ? playing(seen.facts, *it) : nullptr) {
    kind = in->as == InputKind::Rates ? 1 : 0;
    loop = in->loop;
  }
  start_reading(*it, file, labels, false);
}

// [SECTION] Drawing

void place_floating_window(float x_share, float y_share, float width_em, float height_em) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * x_share, vp->Pos.y + vp->Size.y * y_share), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * width_em, ImGui::GetFontSize() * height_em), ImGuiCond_FirstUseEver);
}

void InputPanel::draw(bool* open, const InputsSeen& seen, const Submit& submit) {
  if (!ImGui::Begin("Input data", open)) {
    ImGui::End();
    return;
  }
  poll(seen, submit);
  targets = input_targets(seen.facts);
  if (targets.empty()) {
    ImGui::TextWrapped("This scenario has no file-driven input. Load the file-input or mnist-input preset, or give a population "
                       "\"model\": \"file\" (spikes or rates from a CSV or JSON file) or \"images\" (IDX files), or a stimulus an "
                       "\"input\" (currents).");
  } else {
    target = std::clamp(target, 0, static_cast<int>(targets.size()) - 1);
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##target", targets[static_cast<std::size_t>(target)].label.c_str())) {
      for (int i = 0; i < static_cast<int>(targets.size()); ++i)
        if (ImGui::Selectable(targets[static_cast<std::size_t>(i)].label.c_str(), i == target)) target = i;
      ImGui::EndCombo();
    }
    const InputTarget& t = targets[static_cast<std::size_t>(target)];
    if (t.images) draw_images_target(t, seen, submit);
    else draw_series_target(t, seen, submit);
  }
  if (!message.empty()) {
    ImGui::Separator();
    ImGui::PushStyleColor(ImGuiCol_Text, message_is_error ? kErrorColor : kOkColor);
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

void InputPanel::draw_series_target(const InputTarget& t, const InputsSeen& seen, const Submit& submit) {
  // What plays now.
  const TimeSeries* now = nullptr;
  bool now_loop = false;
  InputKind now_kind = InputKind::Currents;
  if (const InputSpec* in = playing(seen.facts, t); in != nullptr && in->series) {
    now = in->series.get();
    now_loop = in->loop;
    now_kind = t.population >= 0 ? in->as : InputKind::Currents;
  }
  if (now != nullptr) {
    ImGui::TextDisabled("Playing: %s", now->source.empty() ? "(data without a file)" : now->source.c_str());
    ImGui::TextDisabled("  %s as %s, %s", shape_text(*now, seen.facts.dt_ms).c_str(), std::string(input_kind_name(now_kind)).c_str(),
                        now_loop ? "looping" : "then silent");
  } else {
    ImGui::TextDisabled("No data yet.");
  }

  section("From a file");
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5.5f);
  const bool enter = ImGui::InputTextWithHint("##path", "data.csv or data.json (or drop it on the window)", &path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  const bool reading = pending.valid();
  ImGui::BeginDisabled(reading || path.empty());
  if (ImGui::Button("Preview") || (enter && !path.empty() && !reading)) start_reading(t, path, {}, false);
  ImGui::EndDisabled();
  hover_tooltip("Read the file and show its shape and first rows; nothing changes until Apply");
  if (t.population >= 0) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
    const char* kinds[] = {"spikes", "rates (Hz)"};
    ImGui::Combo("as", &kind, kinds, 2);
    hover_tooltip("spikes: each value is a spike count for that step (0/1).\nrates: each value is a rate in Hz, turned into Poisson spikes.");
  } else {
    ImGui::TextDisabled("as currents (one column per target neuron)");
  }
  ImGui::SameLine();
  ImGui::Checkbox("loop", &loop);
  hover_tooltip("At the end of the file, start again (on) or stop (off)");
  const InputKind wanted = t.stimulus >= 0 ? InputKind::Currents : kind == 1 ? InputKind::Rates : InputKind::Spikes;
  const bool fresh = preview.ok() && preview.series && preview.path == path && preview.kind == wanted;
  ImGui::SameLine();
  ImGui::BeginDisabled(!fresh);
  if (ImGui::Button("Apply")) apply(t, preview, submit);
  ImGui::EndDisabled();
  if (!fresh && preview.ok() && preview.series && preview.path == path) hover_tooltip("The use changed: preview again");
  if (reading) ImGui::TextDisabled("reading %s ...", path.c_str());
  else draw_preview(t);
  if (t.population >= 0) draw_random(t, submit);
}

void InputPanel::draw_preview(const InputTarget& t) {
  if (preview.path.empty()) return;
  if (!preview.ok()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", preview.error.c_str());
    ImGui::PopStyleColor();
    return;
  }
  if (!preview.series) return;
  const TimeSeries& s = *preview.series;
  ImGui::Text("%s", preview.path.c_str());
  ImGui::TextDisabled("%s, read in %.2f s", shape_text(s, 1.0).c_str(), preview.seconds);
  if (!s.is_events() && s.columns != t.width) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%d columns, but %s needs %d: it cannot be applied.", s.columns, t.label.c_str(), t.width);
    ImGui::PopStyleColor();
  }
  if (s.is_events()) {
    const int shown = static_cast<int>(std::min<std::size_t>(s.events.size(), 8));
    if (ImGui::BeginTable("events", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("t_ms");
      ImGui::TableSetupColumn("neuron");
      ImGui::TableHeadersRow();
      for (int i = 0; i < shown; ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%g", s.events[static_cast<std::size_t>(i)].t_ms);
        ImGui::TableNextColumn();
        ImGui::Text("%d", s.events[static_cast<std::size_t>(i)].neuron);
      }
      ImGui::EndTable();
    }
    return;
  }
  // The first rows and columns, and the range of every value.
  const auto [lo, hi] = std::minmax_element(s.values.begin(), s.values.end());
  ImGui::TextDisabled("values from %g to %g", static_cast<double>(*lo), static_cast<double>(*hi));
  const int cols = std::min(s.columns, 10);
  const int rows = static_cast<int>(std::min<std::size_t>(s.rows(), 8));
  const bool times = !s.t_ms.empty();
  if (ImGui::BeginTable("rows", cols + (times ? 1 : 0), ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX,
                        ImVec2(0.0f, ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(rows + 2)))) {
    if (times) ImGui::TableSetupColumn("t_ms");
    for (int c = 0; c < cols; ++c) ImGui::TableSetupColumn(c + 1 == cols && s.columns > cols ? "..." : std::to_string(c).c_str());
    ImGui::TableHeadersRow();
    for (int r = 0; r < rows; ++r) {
      ImGui::TableNextRow();
      if (times) {
        ImGui::TableNextColumn();
        ImGui::Text("%g", s.t_ms[static_cast<std::size_t>(r)]);
      }
      for (int c = 0; c < cols; ++c) {
        ImGui::TableNextColumn();
        ImGui::Text("%g", static_cast<double>(s.at(static_cast<std::size_t>(r), c)));
      }
    }
    ImGui::EndTable();
  }
}

void InputPanel::draw_random(const InputTarget& t, const Submit& submit) {
  section("Random input");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  ImGui::SliderFloat("rate", &random_rate_hz, 0.0f, 200.0f, "%.1f Hz");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
  ImGui::SliderFloat("active", &random_fraction, 0.0f, 1.0f, "%.2f");
  hover_tooltip("Share of the input neurons that fire; the others stay silent");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
  ImGui::InputInt("seed", &random_seed);
  ImGui::SameLine();
  if (ImGui::Button("Regenerate")) {
    // One row of rates, looping: the chosen neurons fire as Poisson trains (drawn by the
    // population from the scenario's seed), the rest are silent. Saved inline with the scenario.
    auto s = std::make_shared<TimeSeries>();
    s->columns = t.width;
    s->values.assign(static_cast<std::size_t>(t.width), 0.0f);
    std::vector<int> order(static_cast<std::size_t>(t.width));
    std::iota(order.begin(), order.end(), 0);
    Rng rng(static_cast<std::uint64_t>(random_seed));
    const auto active = static_cast<std::size_t>(std::lround(random_fraction * static_cast<float>(t.width)));
    for (std::size_t k = 0; k < active && k < order.size(); ++k) {
      std::swap(order[k], order[k + rng.below(static_cast<std::uint32_t>(order.size() - k))]);
      s->values[static_cast<std::size_t>(order[k])] = random_rate_hz;
    }
    char source[96];
    std::snprintf(source, sizeof source, "random: %zu of %d neurons at %.1f Hz (seed %d)", active, t.width, static_cast<double>(random_rate_hz),
                  random_seed);
    s->source = source;
    InputPreview p;
    p.kind = InputKind::Rates;
    p.series = s;
    const bool saved_loop = loop;
    loop = true;
    apply(t, p, submit);
    loop = saved_loop;
    if (!message_is_error) message = std::string("applied ") + source;
  }
  hover_tooltip("Draw a new set of active neurons and play them at this rate (Poisson), looping");
}

void InputPanel::draw_images_target(const InputTarget& t, const InputsSeen& seen, const Submit& submit) {
  const PopulationFact& pop = seen.facts.populations[static_cast<std::size_t>(t.population)];
  if (pop.images != nullptr) {
    const ImageSet& set = *pop.images;
    int on_show = 0;
    for (const auto& [population, image] : seen.images_shown)
      if (population == t.population) on_show = image;
    const int shown = std::clamp(on_show, 0, std::max(0, set.count - 1));
    ImGui::TextDisabled("Showing: %s", set.source.c_str());
    ImGui::Text("image %d of %d", shown + 1, set.count);
    if (!set.labels.empty()) {
      ImGui::SameLine();
      ImGui::Text("  label %d", set.labels[static_cast<std::size_t>(shown)]);
    }
    const float px = std::clamp(std::floor(ImGui::GetContentRegionAvail().x * 0.6f / static_cast<float>(set.cols)), 2.0f, 10.0f);
    draw_image(set, shown, px);
  }
  section("From IDX files");
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5.5f);
  ImGui::InputTextWithHint("##images", "train-images-idx3-ubyte.gz", &path);
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5.5f);
  ImGui::InputTextWithHint("##labels", "train-labels-idx1-ubyte.gz (optional)", &labels_path);
  const bool reading = pending.valid();
  ImGui::BeginDisabled(reading || path.empty());
  if (ImGui::Button("Preview")) start_reading(t, path, labels_path, false);
  ImGui::EndDisabled();
  ImGui::SameLine();
  const bool fresh = preview.ok() && preview.images && preview.path == path;
  ImGui::BeginDisabled(!fresh);
  if (ImGui::Button("Apply")) apply(t, preview, submit);
  ImGui::EndDisabled();
  if (reading) {
    ImGui::TextDisabled("reading %s ...", path.c_str());
  } else if (!preview.path.empty() && !preview.ok()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", preview.error.c_str());
    ImGui::PopStyleColor();
  } else if (fresh) {
    const ImageSet& set = *preview.images;
    ImGui::TextDisabled("%d images of %d x %d, %s, read in %.2f s", set.count, set.rows, set.cols, set.labels.empty() ? "no labels" : "with labels",
                        preview.seconds);
    if (set.pixels_per_image() != t.width) {
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
      ImGui::TextWrapped("%d pixels per image, but %s has %d neurons: it cannot be applied.", set.pixels_per_image(), t.label.c_str(), t.width);
      ImGui::PopStyleColor();
    }
    draw_image(set, 0, 3.0f);
  }
}

}  // namespace neurosim::gui
