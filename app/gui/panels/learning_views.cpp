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

namespace neurosim::gui {

namespace {

ImTextureID texture_id(GLuint texture) { return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)); }

// A few synapses worth following from the start: two that take part in the first hidden pattern
// and two that do not, or else some spread over the projection. Needs the projection's weights
// observed.
void choose_default_synapses(const LearningInputs& in, int projection, WeightWatch& watch) {
  if (projection < 0) return;
  const WeightSources src = in.weights();
  const auto copy = in.copies.find(projection);
  if (copy == in.copies.end() || !copy->second.structure) return;
  const WeightStructure& p = *copy->second.structure;
  if (p.pre_size == 0 || p.post_size == 0) return;
  const ScenarioFacts& facts = in.facts;
  // The synapse a reward rule pays for (Izhikevich 2007) is the one to watch.
  if (facts.reward && facts.reward->projection == projection) watch.choose(src, facts.reward->pre, facts.reward->post);
  const int pre_population = facts.projections[static_cast<std::size_t>(projection)].pre;
  if (const PopulationFact& source = facts.populations[static_cast<std::size_t>(pre_population)]; source.patterns >= 1) {
    const std::vector<int>& members = source.first_pattern_afferents;
    std::vector<char> in_pattern(static_cast<std::size_t>(p.pre_size), 0);
    for (int m : members)
      if (m >= 0 && m < p.pre_size) in_pattern[static_cast<std::size_t>(m)] = 1;
    for (std::size_t k = 0; k < members.size() && k < 2; ++k) watch.choose(src, members[k], 0);
    int others = 0;
    for (int i = 0; i < p.pre_size && others < 2; ++i)
      if (!in_pattern[static_cast<std::size_t>(i)] && *watch.choose(src, i, 0) == '\0') ++others;
    return;
  }
  for (int k = 0; k < 4; ++k) {
    const int pre = static_cast<int>(static_cast<std::int64_t>(p.pre_size) * (2 * k + 1) / 8);
    // The first synapse of that presynaptic neuron, whichever post it reaches.
    const auto& row_ptr = p.row_ptr;
    if (row_ptr[static_cast<std::size_t>(pre)] < row_ptr[static_cast<std::size_t>(pre) + 1])
      watch.choose(src, pre, p.col[static_cast<std::size_t>(row_ptr[static_cast<std::size_t>(pre)])]);
  }
}

}  // namespace

bool has_plasticity(const ScenarioFacts& facts) { return first_plastic_projection(facts) >= 0; }

// [SECTION] Network life cycle

bool LearningViews::on_adopt(const LearningInputs& in, UiState& ui, HeatmapPanel& heatmap) {
  const ScenarioFacts& facts = in.facts;
  learning_.projection = first_plastic_projection(facts);
  learning_.sync();
  learning_.dopamine.clear();
  learning_.eligibility_mean = learning_.eligibility_max = 0.0;
  learning_.reward = RewardReadout{};
  synapses_.message.clear();
  before_after_.message.clear();
  experiment_.energy_model = -1;
  experiment_.current = PhaseMetrics{};
  experiment_.current_age_s = 1e9;
  watch_.adopt(in.weights(), learning_.projection);
  defaults_chosen_ = false;  // once the weights are observed (observe())
  // Latency: the experiment's input and output, or the pattern source feeding the projection.
  int input = -1, output = -1;
  if (const auto& x = facts.spec.experiment) {
    input = facts.spec.population_index(x->input);
    output = facts.spec.population_index(x->output);
  } else if (learning_.projection >= 0) {
    input = find_pattern_input(facts, learning_.projection);
    output = facts.projections[static_cast<std::size_t>(learning_.projection)].post;
  }
  latencies_.attach(facts, input, output);
  // The weights heatmap follows the plastic projection, a few times a second.
  if (learning_.projection >= 0) {
    heatmap.projection = learning_.projection;
    heatmap.refresh_s = 0.25f;
  } else {
    heatmap.refresh_s = HeatmapPanel{}.refresh_s;
  }
  force_refresh_ = true;
  const bool experiment = facts.spec.experiment.has_value(), patterns = latencies_.active();
  const bool changed = experiment != ui.learning_has_experiment || patterns != ui.learning_has_patterns;
  ui.learning_has_experiment = experiment;
  ui.learning_has_patterns = patterns;
  return changed;
}

void LearningViews::after_reset(const LearningInputs& in) {
  learning_.sync();
  learning_.dopamine.clear();
  watch_.restart(in.weights());
  latencies_.attach(in.facts, latencies_.input(), latencies_.output());
  experiment_.current = PhaseMetrics{};
  experiment_.current_age_s = 1e9;
  force_refresh_ = true;
}

void LearningViews::on_grown(const LearningInputs& in) {
  watch_.on_grown(in.weights());
  before_after_.message.clear();  // it may name a cell of the old layout
  force_refresh_ = true;
}

std::string LearningViews::experiment_summary(const ExperimentSeen& experiment) {
  const PhaseMetrics& score = experiment.final_score();
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

void LearningViews::add_wants(const UiState& ui, ObserveWants& wants, double wall_dt_s) {
  (void)ui;
  watch_.add_wants(wants, wall_dt_s, force_refresh_ || !defaults_chosen_);
  // R-STDP readouts: dopamine every frame, eligibility statistics a few times a second.
  if (learning_.projection >= 0) {
    wants.learning_projection = learning_.projection;
    learning_.eligibility_age_s += wall_dt_s;
    if (learning_.eligibility_age_s >= 0.2) {
      learning_.eligibility_age_s = 0.0;
      wants.eligibility = true;
    }
  }
}

void LearningViews::observe(const LearningInputs& in, double wall_dt_s) {
  wall_dt_s_ = wall_dt_s;
  const WeightSources src = in.weights();
  watch_.select(src, learning_.projection);
  watch_.update(src, in.synapse_weights);
  if (!defaults_chosen_ && (learning_.projection < 0 || in.copies.contains(learning_.projection))) {
    choose_default_synapses(in, learning_.projection, watch_);
    defaults_chosen_ = true;
  }
  force_refresh_ = false;
  latencies_.update(in.onsets, in.spikes, in.spikes_lost, in.step);
  const LearningReadout* r = in.readout;
  if (r == nullptr || !r->rstdp || r->projection != learning_.projection) return;
  learning_.dopamine.add(in.t_ms, static_cast<float>(r->dopamine));
  RewardReadout& out = learning_.reward;
  out.t_ms = in.t_ms;
  out.dopamine = r->dopamine;
  out.has_task = in.facts.reward.has_value();
  if (const auto& task = in.facts.reward) {
    const double dt = in.facts.dt_ms;
    out.pre = task->pre;
    out.post = task->post;
    out.projection_name = in.facts.projections[static_cast<std::size_t>(task->projection)].name;
    out.window_ms = static_cast<double>(task->window_steps) * dt;
    out.amount = task->amount;
    out.delay_min_s = static_cast<double>(task->delay_min_steps) * dt / 1000.0;
    out.delay_max_s = static_cast<double>(task->delay_max_steps) * dt / 1000.0;
    out.earned = r->earned;
    out.delivered = r->delivered;
    out.delivered_ms.clear();
    for (const std::int64_t step : r->delivered_steps) out.delivered_ms.push_back(static_cast<double>(step) * dt);
  }
  if (r->has_eligibility) {
    learning_.eligibility_mean = r->eligibility_mean;
    learning_.eligibility_max = r->eligibility_max;
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

void LearningViews::draw(UiState& ui, const LearningInputs& in, const ExperimentSeen* experiment, const Submit& submit, bool reset) {
  const ScenarioFacts& facts = in.facts;
  if (ui.show_learning) {
    place_learning_window(LearningSlot::Learning, ui, reset);
    const bool evaluating = experiment != nullptr && !experiment->done() && experiment->phase() == ExperimentPhase::Evaluation;
    learning_.draw(&ui.show_learning, facts, evaluating, submit, watch_);
    if (learning_.snapshot_requested) watch_.snapshot(in.weights());
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
