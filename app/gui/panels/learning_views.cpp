// The learning views as one unit for the App (see learning_panels.hpp): what happens when a
// network is adopted or reset, the per-frame observation, the View menu entries, the windows
// and the GPU maps.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "gui/render/diverging_colormap.hpp"
#include "gui/panels/learning_panels.hpp"
#include "neurosim/network.hpp"
#include "neurosim/pattern_source.hpp"
#include "neurosim/reward_task.hpp"

namespace neurosim::gui {

namespace {

ImTextureID texture_id(GLuint texture) { return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)); }

// A few synapses worth following from the start: two that take part in the first hidden pattern
// and two that do not, or else some spread over the projection.
void choose_default_synapses(const Network& network, int projection, WeightWatch& watch) {
  if (projection < 0) return;
  const Projection& p = network.projection(projection);
  if (p.pre_size() == 0 || p.post_size() == 0) return;
  // The synapse a reward rule pays for (Izhikevich 2007) is the one to watch.
  if (const RewardTask* task = network.reward_task(); task != nullptr && task->settings().projection == projection)
    watch.choose(network, task->settings().pre, task->settings().post);
  if (const auto* source = dynamic_cast<const PatternPopulation*>(&network.population(p.pre()));
      source != nullptr && source->param("patterns") >= 1.0) {
    const std::vector<int>& members = source->pattern_afferents(0);
    std::vector<char> in_pattern(static_cast<std::size_t>(p.pre_size()), 0);
    for (int m : members)
      if (m >= 0 && m < p.pre_size()) in_pattern[static_cast<std::size_t>(m)] = 1;
    for (std::size_t k = 0; k < members.size() && k < 2; ++k) watch.choose(network, members[k], 0);
    int others = 0;
    for (int i = 0; i < p.pre_size() && others < 2; ++i)
      if (!in_pattern[static_cast<std::size_t>(i)] && *watch.choose(network, i, 0) == '\0') ++others;
    return;
  }
  for (int k = 0; k < 4; ++k) {
    const int pre = static_cast<int>(static_cast<std::int64_t>(p.pre_size()) * (2 * k + 1) / 8);
    // The first synapse of that presynaptic neuron, whichever post it reaches.
    const auto row_ptr = p.row_ptr();
    if (row_ptr[static_cast<std::size_t>(pre)] < row_ptr[static_cast<std::size_t>(pre) + 1])
      watch.choose(network, pre, p.col()[static_cast<std::size_t>(row_ptr[static_cast<std::size_t>(pre)])]);
  }
}

}  // namespace

bool has_plasticity(const Network& network) { return first_plastic_projection(network) >= 0; }

int first_plastic_projection(const Network& network) {
  for (int j = 0; j < network.projection_count(); ++j)
    if (network.plasticity(j) != nullptr) return j;
  return -1;
}

// [SECTION] Network life cycle

bool LearningViews::on_adopt(const Network& network, UiState& ui, HeatmapPanel& heatmap) {
  learning_.projection = first_plastic_projection(network);
  learning_.sync();
  learning_.dopamine.clear();
  learning_.eligibility_mean = learning_.eligibility_max = 0.0;
  synapses_.message.clear();
  before_after_.message.clear();
  experiment_.energy_model = -1;
  experiment_.current = PhaseMetrics{};
  experiment_.current_age_s = 1e9;
  watch_.adopt(network, learning_.projection);
  choose_default_synapses(network, learning_.projection, watch_);
  // Latency: the experiment's input and output, or the pattern source feeding the projection.
  int input = -1, output = -1;
  if (const auto& x = network.spec().experiment) {
    input = network.spec().population_index(x->input);
    output = network.spec().population_index(x->output);
  } else if (learning_.projection >= 0) {
    input = find_pattern_input(network, learning_.projection);
    output = network.projection(learning_.projection).post();
  }
  latencies_.attach(network, input, output);
  // The weights heatmap follows the plastic projection, a few times a second.
  if (learning_.projection >= 0) {
    heatmap.projection = learning_.projection;
    heatmap.refresh_s = 0.25f;
  } else {
    heatmap.refresh_s = HeatmapPanel{}.refresh_s;
  }
  force_refresh_ = true;
  const bool experiment = network.spec().experiment.has_value(), patterns = latencies_.active();
  const bool changed = experiment != ui.learning_has_experiment || patterns != ui.learning_has_patterns;
  ui.learning_has_experiment = experiment;
  ui.learning_has_patterns = patterns;
  return changed;
}

void LearningViews::after_reset(const Network& network) {
  learning_.sync();
  learning_.dopamine.clear();
  watch_.restart(network);
  latencies_.attach(network, latencies_.input(), latencies_.output());
  experiment_.current = PhaseMetrics{};
  experiment_.current_age_s = 1e9;
  force_refresh_ = true;
}

void LearningViews::on_grown(const Network& network) {
  watch_.on_grown(network);
  before_after_.message.clear();  // it may name a cell of the old layout
  force_refresh_ = true;
}

std::string LearningViews::experiment_summary(const Experiment& experiment) {
  const PhaseMetrics score = experiment.final_score();
  char text[160];
  if (experiment.classification()) {
    std::snprintf(text, sizeof text, "experiment finished: accuracy %.3f, %llu of %llu windows right (see the Experiment window)",
                  score.accuracy, static_cast<unsigned long long>(score.correct), static_cast<unsigned long long>(score.windows));
  } else {
    std::snprintf(text, sizeof text, "experiment finished: accuracy %.3f, %s (see the Experiment window)", score.accuracy,
                  score.success ? "every pattern learned" : "not every pattern learned");
  }
  return text;
}

// [SECTION] Per frame

void LearningViews::observe(const Network& network, double wall_dt_s) {
  wall_dt_s_ = wall_dt_s;
  watch_.select(network, learning_.projection);
  watch_.update(network, wall_dt_s, force_refresh_);
  force_refresh_ = false;
  latencies_.update(network);
  // R-STDP readouts: dopamine every frame, eligibility statistics a few times a second.
  const int j = learning_.projection;
  const auto* rstdp = j >= 0 && j < network.projection_count() ? dynamic_cast<const RstdpPlasticity*>(network.plasticity(j)) : nullptr;
  if (rstdp == nullptr) return;
  learning_.dopamine.add(network.time_ms(), static_cast<float>(rstdp->dopamine()));
  RewardReadout& r = learning_.reward;
  r.t_ms = network.time_ms();
  r.dopamine = rstdp->dopamine();
  r.has_task = network.reward_task() != nullptr;
  if (const RewardTask* task = network.reward_task()) {
    const RewardTask::Settings& s = task->settings();
    const double dt = network.dt();
    r.pre = s.pre;
    r.post = s.post;
    r.projection_name = network.projection(s.projection).name();
    r.window_ms = static_cast<double>(s.window_steps) * dt;
    r.amount = s.amount;
    r.delay_min_s = static_cast<double>(s.delay_min_steps) * dt / 1000.0;
    r.delay_max_s = static_cast<double>(s.delay_max_steps) * dt / 1000.0;
    r.earned = task->earned();
    r.delivered = task->delivered();
    r.delivered_ms.clear();
    const auto& steps = task->delivered_steps();
    const auto from = static_cast<std::int64_t>((r.t_ms - 6000.0) / dt);
    for (auto it = std::lower_bound(steps.begin(), steps.end(), from); it != steps.end(); ++it) r.delivered_ms.push_back(static_cast<double>(*it) * dt);
  }
  learning_.eligibility_age_s += wall_dt_s;
  if (learning_.eligibility_age_s >= 0.2) {
    learning_.eligibility_age_s = 0.0;
    double sum = 0.0, biggest = 0.0;
    const auto c = rstdp->eligibility();
    for (double v : c) {
      sum += std::abs(v);
      biggest = std::max(biggest, std::abs(v));
    }
    learning_.eligibility_mean = c.empty() ? 0.0 : sum / static_cast<double>(c.size());
    learning_.eligibility_max = biggest;
  }
}

void LearningViews::draw_menu_items(UiState& ui) {
  ImGui::Separator();
  ImGui::MenuItem("Learning", nullptr, &ui.show_learning);
  ImGui::MenuItem("STDP window", nullptr, &ui.show_stdp_window);
  ImGui::MenuItem("Weight histogram", nullptr, &ui.show_weight_hist);
  ImGui::MenuItem("Synapse weights", nullptr, &ui.show_synapses);
  ImGui::MenuItem("Before / after", nullptr, &ui.show_before_after);
  ImGui::MenuItem("Latency", nullptr, &ui.show_latency);
  ImGui::MenuItem("Experiment", nullptr, &ui.show_experiment);
}

void LearningViews::draw(UiState& ui, const ScenarioFacts& facts, const Network& network, const Experiment* experiment, const Submit& submit,
                         bool reset) {
  if (ui.show_learning) {
    place_learning_window(LearningSlot::Learning, ui, reset);
    const bool evaluating = experiment != nullptr && !experiment->done() && experiment->phase() == ExperimentPhase::Evaluation;
    learning_.draw(&ui.show_learning, facts, evaluating, submit, watch_);
    if (learning_.snapshot_requested) watch_.snapshot(network);
  }
  if (ui.show_stdp_window) {
    place_learning_window(LearningSlot::StdpWindow, ui, reset);
    stdp_.draw(&ui.show_stdp_window, facts, learning_.projection);
  }
  if (ui.show_weight_hist) {
    place_learning_window(LearningSlot::WeightHist, ui, reset);
    hist_.draw(&ui.show_weight_hist, facts, watch_);
  }
  if (ui.show_synapses) {
    place_learning_window(LearningSlot::Synapses, ui, reset);
    synapses_.draw(&ui.show_synapses, watch_);
  }
  if (ui.show_before_after) {
    place_learning_window(LearningSlot::BeforeAfter, ui, reset);
    before_after_.draw(&ui.show_before_after, facts, watch_,
                       {texture_id(maps_[0].texture()), texture_id(maps_[1].texture()), texture_id(maps_[2].texture())});
  } else {
    before_after_.image_width.fill(0);
    before_after_.image_height.fill(0);
  }
  if (ui.show_latency) {
    place_learning_window(LearningSlot::Latency, ui, reset);
    latency_.draw(&ui.show_latency, facts, latencies_, experiment);
  }
  if (ui.show_experiment) {
    place_learning_window(LearningSlot::Experiment, ui, reset);
    experiment_.draw(&ui.show_experiment, facts, experiment, latencies_, wall_dt_s_, submit);
  }
}

// [SECTION] GPU

bool LearningViews::create_gl(std::string& error) {
  return maps_[0].create(error) && maps_[1].create(error) && maps_[2].create(error, diverging_blue_orange());
}

void LearningViews::destroy_gl() {
  for (HeatmapRenderer& r : maps_) r.destroy();
}

void LearningViews::render_gl() {
  const HeatmapData* data[3] = {&watch_.start_map(), &watch_.now_map(), &watch_.diff_map()};
  for (std::size_t i = 0; i < maps_.size(); ++i)
    if (before_after_.image_width[i] > 0 && before_after_.image_height[i] > 0)
      maps_[i].render(*data[i], before_after_.image_width[i], before_after_.image_height[i]);
}

}  // namespace neurosim::gui
