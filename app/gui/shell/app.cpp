// One frame of the application (see app.hpp).
#include "gui/shell/app.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>

#include "gui/panels/print_theme.hpp"
#include "gui/shell/layout.hpp"
#include "gui/shell/scenario_loader.hpp"
#include "gui/shell/screenshot.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/presets.hpp"

namespace neurosim::gui {

namespace {

ImTextureID texture_id(GLuint texture) {
  return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture));
}

std::vector<int> population_sizes(const ScenarioFacts& facts) {
  std::vector<int> sizes;
  for (const PopulationFact& p : facts.populations) sizes.push_back(p.size);
  return sizes;
}

constexpr double kMessageSeconds = 10.0;
constexpr int kHeatmapMaxCells = 512;  // per side; larger matrices are block-averaged

}  // namespace

App::App(GLFWwindow* window, std::unique_ptr<Network> network, std::string scenario, AppOptions options)
    : window_(window), options_(options) {
  clock_.budget_ms = options_.step_budget_ms;
  clock_.fixed_frame_ms = options_.fixed_frame_s * 1000.0;
  clock_.speed = static_cast<float>(options_.speed);
  clock_.paused = options_.paused;
  rewind_.configure(options_.rewind_seconds, options_.rewind_budget_mb);
  adopt(std::move(network), scenario);
}

bool App::create_gl(std::string& error) {
  if (!raster_renderer_.create(error)) return false;
  if (!heatmap_renderer_.create(error)) return false;
  if (!learning_.create_gl(error)) return false;
  if (!classification_.create_gl(error)) return false;
  return true;
}

void App::destroy_gl() {
  if (compare_) compare_->destroy_gl();
  raster_renderer_.destroy();
  raster_pixels_texture_.destroy();
  heatmap_renderer_.destroy();
  learning_.destroy_gl();
  classification_.destroy_gl();
}

// [SECTION] Frame

void App::frame() {
  AppRequests requests;
  handle_shortcuts(requests);
  if (compare_) {
    frame_compare(requests);  // app_compare.cpp
    return;
  }
  pace_engine();
  // The frame never waits for the engine: it draws what the observations brought (copied by the
  // engine's thread after a chunk) while that thread steps on.
  if (!dropped_.empty()) {
    // Data files (CSV, data JSON, IDX) go to the Input data panel; the first scenario loads.
    for (const std::string& p : dropped_) {
      const io::DataFileKind kind = io::sniff_data_file(p);
      if (kind == io::DataFileKind::TimeSeries || kind == io::DataFileKind::Idx) {
        ui_.show_input = true;
        data_.input.drop(p, InputsSeen{*facts_, images_shown_});
        set_message(data_.input.message.empty() ? "reading " + p : data_.input.message, data_.input.message_is_error);
      } else if (kind == io::DataFileKind::Scenario && requests.load.empty()) {
        requests.load = p;
      } else if (kind == io::DataFileKind::Unknown) {
        set_message(p + ": not a scenario (.json) or input data (.csv, .json, IDX) file", true);
      }
    }
    dropped_.clear();
  }
  read_observations(runner_->take());
  // The raster's new pixel columns, at the size the panel was last shown (a resize catches up
  // a frame later).
  raster_pixels_.set_print(print_theme());
  raster_pixels_.update(ring_, raster_panel_.visible_columns, raster_panel_.image_width, raster_panel_.image_height);
  draw_panels(requests);
  draw_replay();  // --replay only (app_replay.cpp)
  perform(requests);
  seek_replay();
  // A new network replaces the Session and its thread.
  if (!requests.load.empty()) load(requests.load);
  else if (requests.rebuild) rebuild(*requests.rebuild, requests.rebuild_note);
  else if (rewind_.perform(*runner_, clock_)) runner_paused_ = true;  // a seek pauses the run
  if (compare_requested_) open_compare_copy();
  poll_compare_build();
  render_passes();
  message_age_s_ += ImGui::GetIO().DeltaTime;
  if (message_age_s_ > kMessageSeconds) message_.clear();
}

void App::handle_shortcuts(AppRequests& requests) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureKeyboard) return;  // typing in a field: the keys belong to it
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) requests.toggle_pause = true;
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false)) requests.screenshot = true;
  if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Z, false)) history_request_ = io.KeyShift ? 2 : 1;
}

void App::show_network_editor() {
  ui_.show_network = true;
  ui_.show_traces = ui_.show_rates = false;
  network_panel_placed_ = false;
}

LearningInputs App::learning_inputs() const {
  static const ScenarioFacts none;
  return LearningInputs{facts_ ? *facts_ : none, seen_t_ms_, runner_step_seen_, weight_copies_, synapse_weights_, frame_spikes_,
                        frame_spikes_lost_, frame_onsets_, learning_readout_ ? &*learning_readout_ : nullptr};
}

std::optional<ExperimentSeen> App::experiment_seen() const {
  if (!experiment_progress_.present || !experiment_record_) return std::nullopt;
  return ExperimentSeen{experiment_progress_, *experiment_record_};
}

ObserveWants App::frame_wants() {
  ObserveWants wants;
  const double dt = ImGui::GetIO().DeltaTime;
  diversity_.add_wants(ui_, wants);
  learning_.add_wants(ui_, wants, dt);
  classification_.add_wants(wants, dt);
  wants.images_shown = ui_.show_input;
  // The experiment's record: twice a second, and at once when a phase ended.
  record_age_s_ += dt;
  if (experiment_progress_.present &&
      (!experiment_record_ || record_age_s_ >= 0.5 || record_generation_ != experiment_progress_.generation || summary_pending_)) {
    wants.experiment_record = true;
    record_age_s_ = 0.0;
    record_generation_ = experiment_progress_.generation;
  }
  // The heatmap's weights at a modest rate (copied only when they changed), at once for another
  // projection.
  heatmap_age_s_ += ImGui::GetIO().DeltaTime;
  if (ui_.show_heatmap && heatmap_panel_.image_width > 0 && facts_ && !facts_->projections.empty()) {
    const int projection = std::clamp(heatmap_panel_.projection, 0, static_cast<int>(facts_->projections.size()) - 1);
    if (heatmap_age_s_ >= heatmap_panel_.refresh_s || projection != heatmap_.projection || !weight_copies_.contains(projection)) {
      wants.weights.push_back(projection);
      heatmap_age_s_ = 0.0;
    }
  }
  return wants;
}

void App::pace_engine() {
  // The run controls go to the engine's thread when they change.
  if (clock_.paused != runner_paused_) {
    runner_->set_paused(clock_.paused);
    runner_paused_ = clock_.paused;
  }
  const double speed = clock_.max_speed ? std::numeric_limits<double>::infinity() : static_cast<double>(clock_.speed);
  if (speed != runner_speed_) {
    runner_->set_speed(speed);
    runner_speed_ = speed;
  }
  // What the windows show beyond the stream: copied by the engine's thread with its next
  // observation (in lockstep, after the frame's steps, asked for first).
  if (!options_.lockstep) {
    runner_->want(frame_wants());
    return;
  }
  // Lockstep: the frame's planned steps (a fixed frame time in batch runs), done before reading.
  if (!clock_.paused) {
    const double plan_dt = options_.fixed_frame_s > 0.0 ? options_.fixed_frame_s : ImGui::GetIO().DeltaTime;
    runner_->request_steps(clock_.steps_wanted(plan_dt, dt_ms_));
  }
  runner_->want(frame_wants());
  runner_->wait_idle();
}

void App::start_at(double t_ms) {
  if (compare_) return;  // a comparison starts both sides together, from t = 0
  const auto target = static_cast<std::int64_t>(std::llround(t_ms / dt_ms_));
  runner_->request_steps(std::max<std::int64_t>(0, target - runner_->step_index()));  // paused: done all the same
  runner_->wait_idle();
  clock_.resync();
}

void App::start_runner() {
  rewind_.attach(*session_);
  runner_ = std::make_unique<SessionRunner>(*session_);
  runner_->set_lockstep(options_.lockstep);
  runner_->set_pause_at_experiment_end(true);  // the schedule's end pauses the run
  runner_paused_ = true;
  runner_speed_ = -1.0;
  runner_step_seen_ = session_->step_index();
  runner_busy_seen_s_ = 0.0;
  experiment_done_seen_ = false;
}

void App::read_observations(Observations seen) {
  // Speed figures from what the engine's thread did since the last frame.
  const double busy = runner_->busy_seconds();
  const std::int64_t steps = std::max<std::int64_t>(0, seen.step - runner_step_seen_);
  clock_.report(steps, steps, (busy - runner_busy_seen_s_) * 1000.0, seen.spikes.size(), ImGui::GetIO().DeltaTime, dt_ms_);
  runner_busy_seen_s_ = busy;
  runner_step_seen_ = seen.step;
  if (seen.restarted) after_rewind();
  // The schedule's end paused the engine's thread: the controls follow.
  if (seen.experiment.present && seen.experiment.done && !experiment_done_seen_) {
    clock_.paused = true;
    runner_paused_ = true;  // the runner paused itself there
    summary_pending_ = true;
  }
  experiment_done_seen_ = seen.experiment.done;
  experiment_progress_ = seen.experiment;
  if (seen.experiment_record) experiment_record_ = std::move(seen.experiment_record);
  if (summary_pending_ && experiment_record_ && experiment_record_->history.size() >= experiment_progress_.phases_done) {
    set_message(LearningViews::experiment_summary(*experiment_seen()), false);
    summary_pending_ = false;
  }
  if (seen.facts) facts_ = seen.facts;
  seen_t_ms_ = seen.t_ms;
  captions_.update(*facts_, seen_t_ms_, ImGui::GetIO().DeltaTime);
  // Weights: the copies asked for (frame_wants) replace the older ones, before the verdicts (a
  // reset's restarts the learning views' start weights from the copies that follow).
  bool heatmap_copy_new = false;
  for (WeightSnapshot& w : seen.weights) {
    heatmap_copy_new = heatmap_copy_new || w.projection == heatmap_panel_.projection;
    weight_copies_[w.projection] = std::move(w);
  }
  synapse_weights_ = std::move(seen.synapse_weights);
  if (seen.learning) learning_readout_ = std::move(seen.learning);
  // Verdicts first: the spikes that follow a reset belong to the new run. Widgets check their
  // commands when they send them, so a refusal here is news: the state changed in between.
  for (const CommandVerdict& v : seen.verdicts) {
    if (v.applied && v.command == "ResetNetwork") after_reset();
    else if (!v.applied) set_message(v.command + " not applied: " + v.reason, true);
  }
  pattern_bands_.add(seen.pattern_onsets);  // kept for the learning views below (frame_onsets_)
  trace_history_.add(std::move(seen.traces));
  if (facts_->structure_version != structure_version_) on_network_grown();
  last_step_ = seen.step;

  // Which neurons are traced (as observed), so their spikes can be marked on the traces.
  std::vector<std::pair<int, int>> probes;
  for (const TraceHistory::Probe& p : trace_history_.probes()) probes.emplace_back(p.population, p.neuron);
  if (probes != traced_list_) {
    traced_list_ = probes;
    traced_flags_.assign(static_cast<std::size_t>(ring_.total_neurons()), 0);
    for (const auto& [pop, neuron] : probes) {
      const int g = ring_.global_index(pop, neuron);
      if (g >= 0 && g < ring_.total_neurons()) traced_flags_[static_cast<std::size_t>(g)] = 1;
    }
  }

  // A new raster window changes the time per column: start the ring afresh at the new scale.
  const int spc = raster_panel_.steps_per_column(facts_->dt_ms);
  if (spc != ring_.steps_per_column()) ring_.configure(population_sizes(*facts_), spc, /*same_run=*/true);
  rates_.add(seen.rates);
  traced_events_.clear();
  ring_.consume(seen.spikes, seen.spikes_lost, seen.step, traced_flags_, traced_events_);
  for (const SpikeEvent& e : traced_events_) trace_spikes_.add(e);
  frame_spikes_ = std::move(seen.spikes);
  frame_onsets_ = std::move(seen.pattern_onsets);
  frame_spikes_lost_ = seen.spikes_lost;
  if (seen.neuron) neuron_state_ = std::move(seen.neuron);
  if (seen.weight_sums) weight_sums_ = std::move(seen.weight_sums);

  // The heatmap is laid out again when a new copy of its projection came, or the projection or
  // the shown size changed.
  if (ui_.show_heatmap && !facts_->projections.empty() && heatmap_panel_.image_width > 0) {
    const int projection = std::clamp(heatmap_panel_.projection, 0, static_cast<int>(facts_->projections.size()) - 1);
    const auto copy = weight_copies_.find(projection);
    if (copy != weight_copies_.end()) {
      const int rows = std::min(kHeatmapMaxCells, std::max(8, heatmap_panel_.image_height));
      const int cols = std::min(kHeatmapMaxCells, std::max(8, heatmap_panel_.image_width));
      const WeightStructure& s = *copy->second.structure;
      const bool resized = std::min(rows, s.pre_size) != heatmap_.rows || std::min(cols, s.post_size) != heatmap_.cols;
      if (projection != heatmap_.projection || resized || heatmap_copy_new) heatmap_.refresh(&copy->second, rows, cols);
    }
  }
  learning_.observe(learning_inputs(), ImGui::GetIO().DeltaTime);  // weights, latencies, dopamine
  if (seen.classification) classification_seen_ = std::move(seen.classification);
  if (!seen.images_shown.empty()) images_shown_ = std::move(seen.images_shown);
  {
    const std::optional<ExperimentSeen> experiment = experiment_seen();
    classification_.observe(experiment ? &*experiment : nullptr, classification_seen_ ? &*classification_seen_ : nullptr, weight_copies_);
  }
}

// [SECTION] Panels

void App::draw_menu(AppRequests& requests) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::BeginMenu("Load preset")) {
      for (const std::string& name : io::preset_names())
        if (ImGui::MenuItem(name.c_str(), nullptr, name == files_.current)) requests.load = name;
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Save scenario", nullptr, false, !files_.save_path.empty())) requests.save = files_.save_path;
    if (ImGui::MenuItem("Screenshot", "F12")) requests.screenshot = true;
    if (ImGui::MenuItem("Input data...")) ui_.show_input = true;
    if (ImGui::MenuItem("Export...")) ui_.show_export = true;
    if (ImGui::MenuItem("Open sweep.csv...")) sweep_panel_.open = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit")) requests.quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Edit")) {
    const auto facts = facts_;
    if (ImGui::MenuItem(facts->undo_label.empty() ? "Undo" : ("Undo " + facts->undo_label).c_str(), "Ctrl+Z", false, !facts->undo_label.empty()))
      history_request_ = 1;
    if (ImGui::MenuItem(facts->redo_label.empty() ? "Redo" : ("Redo " + facts->redo_label).c_str(), "Ctrl+Shift+Z", false, !facts->redo_label.empty()))
      history_request_ = 2;
    ImGui::Separator();
    ImGui::MenuItem("Network editor", nullptr, &ui_.show_network);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Simulation")) {
    if (ImGui::MenuItem(clock_.paused ? "Run" : "Pause", "Space")) requests.toggle_pause = true;
    if (ImGui::MenuItem("Step")) requests.step_once = true;
    if (ImGui::MenuItem("Reset")) requests.reset = true;
    ImGui::MenuItem("Max speed", nullptr, &clock_.max_speed);
    ImGui::MenuItem("Rewind...", nullptr, &rewind_.open);
    // Two runs side by side: a copy of this network (same seed, same state) to change.
    if (ImGui::MenuItem("Compare with a copy", nullptr, compare_ != nullptr)) compare_requested_ = true;
    ImGui::Separator();
    // The edits made while recording become timeline entries at their time; Save scenario
    // writes them into the scenario's "timeline", to replay in class.
    if (ImGui::MenuItem("Record edits", nullptr, session_->recording())) session_->set_recording(!session_->recording());
    if (ImGui::MenuItem("Clear recorded edits", nullptr, false, !session_->recorded_timeline().empty())) session_->clear_recorded_timeline();
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Simulation", nullptr, &ui_.show_simulation);
    ImGui::MenuItem("Parameters", nullptr, &ui_.show_parameters);
    ImGui::MenuItem("Spike raster", nullptr, &ui_.show_raster);
    ImGui::MenuItem("Membrane traces", nullptr, &ui_.show_traces);
    ImGui::MenuItem("Weights", nullptr, &ui_.show_heatmap);
    ImGui::MenuItem("Firing rates", nullptr, &ui_.show_rates);
    ImGui::MenuItem("Network editor", nullptr, &ui_.show_network);
    diversity_.draw_menu_items(ui_);
    learning_.draw_menu_items(ui_);
    classification_.draw_menu_items(ui_);
    ImGui::MenuItem("Input data", nullptr, &ui_.show_input);
    ImGui::MenuItem("Export", nullptr, &ui_.show_export);
    ImGui::MenuItem("Sweep", nullptr, &sweep_panel_.open);
    if (ImGui::MenuItem("Print theme", nullptr, print_theme())) use_print_theme(!print_theme());
    ImGui::Separator();
    if (ImGui::MenuItem("Network layout", nullptr, ui_.layout == Layout::Network)) show_layout_windows(ui_, Layout::Network);
    if (ImGui::MenuItem("Neuron diversity layout", nullptr, ui_.layout == Layout::Diversity))
      show_layout_windows(ui_, Layout::Diversity);
    if (ImGui::MenuItem("Learning layout", nullptr, ui_.layout == Layout::Learning)) show_layout_windows(ui_, Layout::Learning);
    if (ImGui::MenuItem("Classification layout", nullptr, ui_.layout == Layout::Classification))
      show_layout_windows(ui_, Layout::Classification);
    if (ImGui::MenuItem("Reset layout")) {
      const Layout layout = ui_.layout;
      ui_ = UiState{};
      show_layout_windows(ui_, layout);
    }
    ImGui::MenuItem("ImGui demo", nullptr, &ui_.show_imgui_demo);
    ImGui::EndMenu();
  }
  // The scenario name on the right of the menu bar.
  const std::string title = facts_->name.empty() ? files_.current : facts_->name;
  const float w = ImGui::CalcTextSize(title.c_str()).x;
  ImGui::SameLine(ImGui::GetWindowWidth() - w - ImGui::GetFontSize());
  ImGui::TextDisabled("%s", title.c_str());
  ImGui::EndMainMenuBar();
}

void App::draw_panels(AppRequests& requests) {
  const Submit submit_fn = [this](const Command& c) { return submit(c); };
  const bool reset = ui_.reset_layout;
  draw_menu(requests);
  if (ui_.show_simulation) {
    place_window(Slot::Simulation, reset, ui_.layout);
    simulation_panel_.draw(&ui_.show_simulation, *facts_, clock_, files_, requests);
  }
  if (ui_.show_parameters) {
    place_window(Slot::Parameters, reset, ui_.layout);
    parameters_panel_.draw(&ui_.show_parameters, *facts_, seen_t_ms_, submit_fn);
  }
  if (ui_.show_raster) {
    place_window(Slot::Raster, reset, ui_.layout);
    raster_panel_.draw(&ui_.show_raster, *facts_, ring_, pattern_bands_, texture_id(raster_pixels_texture_.texture()), requests,
                       &raster_pixels_);
  } else {
    raster_panel_.image_width = raster_panel_.image_height = 0;
  }
  if (ui_.show_traces) {
    place_window(Slot::Traces, reset, ui_.layout);
    traces_panel_.draw(&ui_.show_traces, *facts_, seen_t_ms_, trace_history_, trace_spikes_, submit_fn, requests);
  }
  if (ui_.show_heatmap) {
    place_window(Slot::Heatmap, reset, ui_.layout);
    heatmap_panel_.draw(&ui_.show_heatmap, *facts_, heatmap_, texture_id(heatmap_renderer_.texture()));
  } else {
    heatmap_panel_.image_width = heatmap_panel_.image_height = 0;
  }
  if (ui_.show_rates) {
    place_window(Slot::Rates, reset, ui_.layout);
    rates_panel_.draw(&ui_.show_rates, rates_, *facts_);
  }
  if (ui_.show_network) {
    // Over the traces and rates (their slots below the raster and weights), or floating.
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float menu = ImGui::GetFrameHeight();
    const float h = vp->Size.y - menu - status_bar_height();
    const ImGuiCond cond = (reset || !network_panel_placed_) ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.225f, vp->Pos.y + menu + h * 0.5f), cond);
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.775f, h * 0.5f), cond);
    network_panel_placed_ = true;
    network_panel_.draw(&ui_.show_network, *facts_, rates_, session_->recording(), submit_fn);
    if (network_panel_.toggle_recording) session_->set_recording(!session_->recording());
  }
  {
    const DiversityInputs in{*facts_, seen_t_ms_, runner_step_seen_, trace_history_, trace_spikes_, rates_,
                             neuron_state_ ? &*neuron_state_ : nullptr, frame_spikes_, frame_spikes_lost_,
                             weight_sums_ ? &*weight_sums_ : nullptr};
    diversity_.draw(ui_, in, submit_fn, requests, reset);
  }
  {
    const std::optional<ExperimentSeen> experiment = experiment_seen();
    learning_.draw(ui_, learning_inputs(), experiment ? &*experiment : nullptr, submit_fn, reset);
  }
  classification_.draw(ui_, reset);
  if (ui_.show_input) {
    place_floating_window(0.30f, 0.12f, 30.0f, 36.0f);
    data_.input.draw(&ui_.show_input, InputsSeen{*facts_, images_shown_}, submit_fn);
  }
  if (ui_.show_export) {
    place_floating_window(0.36f, 0.18f, 26.0f, 25.0f);
    data_.exports.draw(&ui_.show_export, data_.export_request);
  }
  sweep_panel_.draw(*facts_);
  if (ui_.show_imgui_demo) ImGui::ShowDemoWindow(&ui_.show_imgui_demo);
  rewind_.set_lead_ms(raster_panel_.window_ms);
  rewind_.draw(clock_);
  status_bar_.draw(seen_t_ms_, clock_, ring_, message_, message_error_);
  captions_.draw(session_->recording());
  ui_.reset_layout = false;
}

// [SECTION] Requests

void App::perform(const AppRequests& requests) {
  if (requests.quit) quit_ = true;
  if (history_request_ != 0) {
    const Command c = history_request_ == 1 ? Command(UndoEdit{}) : Command(RedoEdit{});
    history_request_ = 0;
    if (const std::string why = submit(c); !why.empty()) set_message(why, true);
  }
  if (requests.toggle_pause) {
    clock_.paused = !clock_.paused;
    clock_.resync();
  }
  if (requests.step_once) {
    clock_.paused = true;
    runner_->set_paused(true);
    runner_paused_ = true;
    runner_->request_steps(1);  // paused: one step on the engine's thread
  }
  if (requests.reset) {
    // Applied before the engine's next steps; its verdict calls after_reset().
    runner_->submit(ResetNetwork{});
    set_message("reset to t = 0", false);
  }
  if (requests.trace) {
    trace_neuron(requests.trace->first, requests.trace->second);
    diversity_.selection.choose(requests.trace->first, requests.trace->second);  // a raster click picks it
  }
  if (!requests.save.empty()) {
    std::string saved_as;
    // With recorded edits, the lesson: the scenario from before the first of them, and the edits
    // since at their times (Session::recorded_lesson); otherwise the network as it stands.
    const std::optional<Session::RecordedLesson> lesson = session_->recorded_lesson();
    const std::string error = lesson ? save_scenario(lesson->start, requests.save, files_.overwrite, &saved_as, lesson->entries)
                                     : save_scenario(facts_->spec, requests.save, files_.overwrite, &saved_as, {});
    files_.errors.clear();
    if (error.empty()) {
      files_.message = "saved " + saved_as + (saved_as != requests.save ? " (" + requests.save + " exists and was kept)" : "");
      set_message(files_.message, false);
    } else {
      files_.errors.push_back(error);
      set_message(error, true);
    }
  }
  if (requests.screenshot) screenshot_path_ = timestamped_screenshot_name();
}

void App::rebuild(const ScenarioSpec& spec, const std::string& note) {
  BuildResult built = build_network(spec, BuildOptions{});
  if (!built.network) {
    std::string why = built.errors.empty() ? "cannot build the network" : built.errors.front().text();
    set_message("not changed: " + why, true);
    return;
  }
  // The same scenario, changed: the layout and the chosen neuron stay.
  const NeuronSelection keep = diversity_.selection;
  const Layout layout = ui_.layout;
  adopt(std::move(built.network), files_.current);
  if (ui_.layout != layout) show_layout_windows(ui_, layout);
  if (keep.valid(*facts_)) diversity_.selection.choose(keep.population, keep.neuron);
  set_message(note, false);
}

void App::load(const std::string& name_or_path) {
  LoadedNetwork loaded = load_network(name_or_path);
  if (!loaded.network) {
    // The old network keeps running; the reasons are listed in the Simulation panel.
    files_.errors = std::move(loaded.errors);
    files_.message.clear();
    set_message("could not load " + name_or_path + " (see Simulation panel)", true);
    ui_.show_simulation = true;
    return;
  }
  files_.errors.clear();
  files_.message = "loaded " + name_or_path;
  set_message(files_.message, false);
  adopt(std::move(loaded.network), name_or_path);
}

void App::adopt(std::unique_ptr<Network> network, const std::string& label) {
  // A classification experiment is tested on the shipped test digits after training.
  const bool classifies = network->spec().experiment && network->spec().experiment->task == "classification";
  if (classifies && !shipped_test_digits_) {
    io::ImagesResult digits = io::load_shipped_digits(/*test_set=*/true);
    if (digits.images) shipped_test_digits_ = std::move(digits.images);
    else set_message("no test phase: " + digits.error, true);
  }
  if (compare_build_.valid()) compare_build_.wait();  // it reads the old network through its runner
  compare_build_ = {};
  runner_.reset();  // the old network's thread stops before its Session goes
  rewind_.detach();
  session_ = std::make_unique<Session>(std::move(network), SessionOptions{classifies ? shipped_test_digits_ : nullptr});
  dt_ms_ = session_->network().dt();
  files_.current = label;
  replay_panel_.active = false;  // another scenario replaces a replay (enable_replay sets it again)
  // No thread steps the new network yet: it is read directly until start_runner().
  const Network& net = session_->network();
  structure_version_ = net.structure_version();
  ring_.configure(population_sizes(*session_->facts()), raster_panel_.steps_per_column(net.dt()));
  trace_spikes_.clear();
  rates_.clear();
  pattern_bands_.clear();
  trace_history_.clear();
  traced_list_.clear();
  traced_flags_.clear();
  heatmap_.clear();
  // The recurrent weights are the interesting ones: first projection between simulated
  // (non-source) populations, else the first.
  heatmap_panel_.projection = 0;
  for (int i = 0; i < net.projection_count(); ++i) {
    const Projection& p = net.projection(i);
    if (!net.population(p.pre()).is_source() && !net.population(p.post()).is_source()) {
      heatmap_panel_.projection = i;
      break;
    }
  }
  parameters_panel_ = ParametersPanel{};
  neuron_state_.reset();
  weight_sums_.reset();
  weight_copies_.clear();
  frame_spikes_.clear();
  frame_spikes_lost_ = 0;
  {
    std::vector<std::pair<int, int>> traced;
    for (const TraceProbe& p : net.traces().probes()) traced.emplace_back(p.population, p.neuron);
    diversity_.on_adopt(*session_->facts(), traced);
  }
  // A plastic projection opens the learning layout (arranged for the kind of learning scenario),
  // a classification experiment the classification layout.
  facts_ = session_->facts();
  seen_t_ms_ = net.time_ms();
  runner_step_seen_ = net.step_index();
  synapse_weights_.clear();
  frame_onsets_.clear();
  learning_readout_.reset();
  experiment_progress_ = ExperimentProgress{};
  experiment_record_.reset();
  record_generation_ = ~std::uint64_t{0};
  summary_pending_ = false;
  const bool learning_kind_changed = learning_.on_adopt(learning_inputs(), ui_, heatmap_panel_);
  {
    // The learning views start from the weights at t = 0: copied here, before the engine's
    // thread starts, through a reader of their own.
    ObserveWants wants;
    learning_.add_wants(ui_, wants, 0.0);
    if (!wants.weights.empty()) {
      const Session::ReaderId reader = session_->open_reader();
      Observations first = session_->observe(reader, wants);
      session_->close_reader(reader);
      for (WeightSnapshot& w : first.weights) weight_copies_[w.projection] = std::move(w);
      learning_.observe(learning_inputs(), 0.0);
    }
  }
  classification_seen_.reset();
  const bool classification = classification_.on_adopt(*facts_);
  const Layout layout = classification                    ? Layout::Classification
                        : has_plasticity(*facts_)          ? Layout::Learning
                        : prefers_diversity_layout(*session_->facts()) ? Layout::Diversity
                                                        : Layout::Network;
  if (layout != ui_.layout || (layout == Layout::Learning && learning_kind_changed)) show_layout_windows(ui_, layout);
  clock_.resync();
  last_step_ = net.step_index();
  traces_panel_.message.clear();
  traces_panel_.add_population = 0;
  for (int i = 0; i < net.population_count(); ++i) {
    if (!net.population(i).is_source()) {
      traces_panel_.add_population = i;
      break;
    }
  }
  // A scenario without trace monitors still shows something: the first neuron of up to two
  // non-source populations.
  if (net.traces().probes().empty()) {
    int added = 0;
    for (int i = 0; i < net.population_count() && added < 2; ++i) {
      if (net.population(i).is_source() || net.population(i).size() == 0) continue;
      if (submit(SetTraced{i, 0}).empty()) ++added;
    }
    session_->advance(0);  // traced from t = 0
  }
  start_runner();
  if (window_ != nullptr) {
    const std::string title = "NeuroSim - " + (net.spec().name.empty() ? label : net.spec().name);
    glfwSetWindowTitle(window_, title.c_str());
  }
}

void App::on_network_grown() {
  // The same network with more neurons (AddNeurons): the views sized per population or per
  // projection are laid out again as on a load, while the run and its experiment go on.
  structure_version_ = facts_->structure_version;
  ring_.configure(population_sizes(*facts_), raster_panel_.steps_per_column(facts_->dt_ms), /*same_run=*/true);
  traced_list_.clear();  // the traced-neuron flags are indexed over all neurons: rebuilt below
  traced_flags_.clear();
  heatmap_.clear();
  weight_copies_.clear();
  // Elements may have gone (the editor): choices by index stay within what there is.
  const int projections = static_cast<int>(facts_->projections.size());
  const int populations = static_cast<int>(facts_->populations.size());
  heatmap_panel_.projection = std::clamp(heatmap_panel_.projection, 0, std::max(0, projections - 1));
  traces_panel_.add_population = std::clamp(traces_panel_.add_population, 0, std::max(0, populations - 1));
  if (!diversity_.selection.valid(*facts_)) diversity_.on_adopt(*facts_, traced_list_);
  learning_.on_grown(learning_inputs());
}

void App::trace_neuron(int population, int neuron) {
  if (population < 0 || population >= static_cast<int>(facts_->populations.size())) return;
  const PopulationFact& pop = facts_->populations[static_cast<std::size_t>(population)];
  if (pop.source) {
    traces_panel_.message = pop.name + " is a spike source: it has no membrane potential to trace.";
    return;
  }
  for (const auto& probe : trace_history_.probes()) {
    if (probe.population == population && probe.neuron == neuron) return;  // already traced
  }
  traces_panel_.message = submit(SetTraced{population, neuron});
}

void App::after_reset() {
  ring_.clear();
  pattern_bands_.clear();
  trace_spikes_.clear();
  learning_.after_reset(learning_inputs());  // new start weights (the Session restarted the experiment)
  classification_.on_adopt(*facts_);
  clock_.resync();
  last_step_ = runner_ ? runner_->step_index() : 0;
}

// Checked now, for the widget's message; queued when it passes and applied (or refused, which
// the next observation reports) before the next step.
std::string App::submit(const Command& command) {
  if (!runner_) {  // while a network is being adopted: no thread steps it
    std::string why = session_->check(command);
    if (why.empty()) session_->submit(command);
    return why;
  }
  // A widget's command is checked when it is sent (the engine's thread waits for that check,
  // at most the chunk under way), for the widget's own message.
  std::string why = runner_->with_session([&](Session& session) { return session.check(command); });
  if (why.empty()) runner_->submit(command);
  return why;
}

void App::set_message(std::string text, bool error) {
  message_ = std::move(text);
  message_error_ = error;
  message_age_s_ = 0.0;
}

// [SECTION] GPU passes and screenshots

void App::render_passes(bool offscreen) {
  raster_renderer_.set_print(print_theme());  // white paper in the print theme (print_theme.hpp)
  if (offscreen) {
    // The spike ring's columns changed since the last export, then the view at the export's size.
    raster_renderer_.upload(ring_);
    if (raster_panel_.image_width > 0 && raster_panel_.image_height > 0)
      raster_renderer_.render(ring_, raster_panel_.visible_columns, raster_panel_.image_width, raster_panel_.image_height);
  } else {
    raster_pixels_texture_.upload(raster_pixels_);
  }
  if (heatmap_panel_.image_width > 0 && heatmap_panel_.image_height > 0)
    heatmap_renderer_.render(heatmap_, heatmap_panel_.image_width, heatmap_panel_.image_height);
  learning_.render_gl();  // the before/after maps at the size they are shown
  classification_.render_gl();  // the receptive fields
}

void App::after_render(int framebuffer_width, int framebuffer_height) {
  if (data_.export_request) {  // pictures need the rendered frame: exports happen here
    const auto lock = engine_lock();  // the result files are written from the network
    const ExportRequest request = *data_.export_request;
    data_.export_request.reset();
    export_now(request, framebuffer_width, framebuffer_height);
  }
  if (screenshot_path_.empty()) return;
  const std::string error = write_screenshot(screenshot_path_, framebuffer_width, framebuffer_height);
  if (error.empty()) {
    set_message("screenshot saved: " + screenshot_path_, false);
  } else {
    set_message("screenshot failed: " + error, true);
  }
  screenshot_path_.clear();
}

void App::drop_files(int count, const char** paths) {
  for (int i = 0; i < count; ++i) dropped_.emplace_back(paths[i]);
}

}  // namespace neurosim::gui
