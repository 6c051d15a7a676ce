#pragma once
// The application behind the window: owns the Session (network, experiment, commands), the
// panels and the render passes.
// gui_main.cpp runs the loop; App::frame() does one frame's work between ImGui::NewFrame()
// and ImGui::Render():
//   shortcuts and dropped files -> step the simulation (speed, budget) -> read spikes, traces,
//   weights -> draw the panels -> perform what they asked (load, save, reset, trace) ->
//   render the raster and heatmap textures at the size the panels show them.
#include <cstdint>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gui/compare/compare_build.hpp"
#include "gui/compare/compare_spec.hpp"
#include "gui/compare/compare_window.hpp"
#include "gui/panels/classification_panels.hpp"
#include "gui/panels/data_panels.hpp"
#include "gui/panels/diversity_panels.hpp"
#include "gui/views/heatmap_data.hpp"
#include "gui/render/heatmap_renderer.hpp"
#include "gui/shell/layout.hpp"
#include "gui/shell/rewind.hpp"
#include "gui/panels/learning_panels.hpp"
#include "gui/panels/panel_network.hpp"
#include "gui/panels/panel_parameters.hpp"
#include "gui/panels/panels.hpp"
#include "gui/render/raster_pixels_texture.hpp"
#include "gui/render/raster_renderer.hpp"
#include "gui/views/pattern_bands.hpp"
#include "gui/views/raster_pixels.hpp"
#include "gui/views/raster_ring.hpp"
#include "gui/views/rate_history.hpp"
#include "gui/panels/replay_panel.hpp"
#include "gui/panels/sweep_panel.hpp"
#include "gui/panels/timeline_captions.hpp"
#include "gui/shell/sim_clock.hpp"
#include "gui/views/trace_history.hpp"
#include "gui/views/trace_spikes.hpp"
#include "gui/shell/ui_state.hpp"
#include "neurosim/checkpoint.hpp"
#include "neurosim/session.hpp"
#include "neurosim/session_runner.hpp"

struct GLFWwindow;

namespace neurosim::gui {

struct AppOptions {
  // > 0: every frame advances the clock by this many seconds instead of the measured frame
  // time, so `--frames N` renders the same simulated time on any machine.
  double fixed_frame_s = 0.0;
  double step_budget_ms = 10.0;  // wall time per frame the simulation may use
  double speed = 1.0;            // the speed control's starting value
  bool paused = false;           // start paused (--paused)
  // Each frame asks the engine's thread for exactly the steps its clock plans and waits for
  // them: `--frames N` runs that write files (screenshots, exports) repeat exactly. Otherwise
  // the engine runs at its own pace and the frame never waits for it.
  bool lockstep = false;
  double rewind_seconds = 30.0;     // how far back the Rewind window reaches (--rewind-seconds)
  double rewind_budget_mb = 256.0;  // the memory its checkpoints may take (--rewind-budget-mb)
};

class App {
 public:
  App(GLFWwindow* window, std::unique_ptr<Network> network, std::string scenario, AppOptions options);
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // GL resources (shaders from shaders/); false with a message when a shader is missing or broken.
  bool create_gl(std::string& error);
  void destroy_gl();

  void frame();
  // After rendering, before the swap: writes a requested screenshot (F12, button).
  void after_render(int framebuffer_width, int framebuffer_height);
  // glfwSetDropCallback lands here; the files are handled at the next frame.
  void drop_files(int count, const char** paths);
  // Writes one PNG per open plot panel (raster, traces, weights, rates, input) into `dir`, each
  // drawn offscreen at width x height; returns the files. Call after the frame rendered, before
  // the swap (app_export.cpp). Throws std::runtime_error when a file cannot be written.
  // In the print theme when it is on (use_print_theme), with SVG beside the plots' PNG.
  std::vector<std::string> export_panels(const std::filesystem::path& dir, int width, int height, io::Replace replace) {
    return draw_export_panels(dir, width, height, replace, data_.exports.what.print_theme, data_.exports.what.svg);
  }
  // Everything the Export panel writes with its default choices, into `dir` (a numbered folder
  // when `dir` holds an export, unless overwrite), at the panel size given. For `--export DIR`.
  // Returns the Export panel's report; `ok` false when something failed.
  std::string export_all(const std::filesystem::path& dir, int panel_width, int panel_height, bool overwrite, int framebuffer_width,
                         int framebuffer_height, bool& ok);
  // The picture files an export may write (PNG per panel, SVG beside the plots, the sweep).
  static std::vector<std::string> picture_file_names();
  // The light print theme for the whole window and for exported pictures (`--print-theme`).
  void use_print_theme(bool on);
  // The Sweep window (app_sweep.cpp): opens a sweep.csv (`--sweep-csv`), or runs a sweep of the
  // running scenario with --vary arguments (`--sweep-vary`); "" or why not. wait_for_sweep()
  // blocks until a running sweep is drawn (for `--frames` runs).
  std::string open_sweep_csv(const std::string& path);
  std::string start_sweep(const std::vector<std::string>& vary, double duration_ms);
  void wait_for_sweep() { sweep_panel_.wait(); }
  // Opens the Input data panel on the files given with --input or --images, with their preview.
  void show_input_panel(const std::string& file, const std::string& labels);
  // Opens a layout's windows in place of the one chosen from the scenario (`--layout`).
  void use_layout(Layout layout) { show_layout_windows(ui_, layout); }
  // The network editor in place of the traces and rates (`--layout editor`).
  void show_network_editor();
  // Shows the Replay window for a network built by build_replay_network (app_replay.cpp).
  void enable_replay(double duration_ms, std::string label, std::size_t spikes);
  bool quit_requested() const { return quit_; }
  // Where the Rewind window stands: "t = A ms, later history kept to B ms" or "not rewound ..." (--rewind-to).
  std::string rewind_summary() const;
  // Pauses and goes back to t_ms in the Rewind window (--rewind-to).
  void rewind_to(double t_ms) {
    rewind_.open = true;
    rewind_.request_seek(t_ms, /*announce=*/true);
  }
  // Steps the run to t_ms before the first frame, whether it then runs or stays paused
  // (--start-at); the first frame draws what those steps produced.
  void start_at(double t_ms);
  double simulated_ms() const { return static_cast<double>(compare_ ? compare_->step_index() : runner_->step_index()) * dt_ms_; }
  // Opens the Compare window on this scenario (A) and `b` (compare_spec.hpp), both from t = 0
  // (`neurosim gui A --compare B`). Returns "" or why B cannot run (app_compare.cpp).
  std::string start_compare(const ScenarioSpec& b, const std::string& b_label);

 private:
  void handle_shortcuts(AppRequests& requests);
  void pace_engine();
  void read_observations(Observations seen);
  // What the open windows need observed beyond the stream this frame (observations.hpp).
  ObserveWants frame_wants();
  void start_runner();
  // Held only while the result files of an export are written from the network (a user's
  // action): the engine's thread waits for it. Drawing never takes it.
  std::unique_lock<std::mutex> engine_lock() { return runner_ ? runner_->lock() : std::unique_lock<std::mutex>(); }
  std::vector<std::string> draw_export_panels(const std::filesystem::path& dir, int width, int height, io::Replace replace, bool print,
                                              bool svg);
  void draw_menu(AppRequests& requests);
  void draw_panels(AppRequests& requests);
  void perform(const AppRequests& requests);
  // `offscreen`: an export draws the raster at another size through RasterRenderer.
  void render_passes(bool offscreen = false);

  void export_now(const ExportRequest& request, int framebuffer_width, int framebuffer_height);  // app_export.cpp
  void draw_replay();  // app_replay.cpp
  // Two runs side by side (app_compare.cpp): the Compare action copies the running network,
  // and while the comparison is open the frame draws it instead of the single run's panels.
  void open_compare_copy();
  void poll_compare_build();  // the copy built off the window's thread, opened once ready
  std::string open_compare(CompareBuilt built);
  void frame_compare(AppRequests& requests);
  void seek_replay();
  void load(const std::string& name_or_path);
  void rebuild(const ScenarioSpec& spec, const std::string& note);
  void adopt(std::unique_ptr<Network> network, const std::string& label);
  void on_network_grown();
  void trace_neuron(int population, int neuron);
  void after_reset();
  void after_rewind();  // app_rewind.cpp
  std::string submit(const Command& command);
  void set_message(std::string text, bool error);

  GLFWwindow* window_;
  AppOptions options_;
  // The Session steps the network (through the experiment while its schedule runs) on the
  // runner's thread; the App sees it only through its reader's observations (what the windows
  // want, ObserveWants, copied after a chunk) and sends commands. Direct reading of the network
  // happens only while no thread steps it (adopt) or under the runner's lock for a user's action
  // (export, a replay's jump, checking a command when it is sent).
  std::unique_ptr<Session> session_;
  Rewind rewind_;  // the session's history: attached while runner_ runs (declared between them)
  std::unique_ptr<SessionRunner> runner_;  // the engine's thread; stopped before session_ goes
  double dt_ms_ = 0.1;
  // What the runner was last told, and what the status bar's figures were computed from.
  bool runner_paused_ = true;
  double runner_speed_ = -1.0;
  std::int64_t runner_step_seen_ = 0;
  double runner_busy_seen_s_ = 0.0;
  bool experiment_done_seen_ = false;
  std::shared_ptr<const ScenarioFacts> facts_;  // the latest observation's
  TimelineCaptions captions_;  // the timeline's notes over the window
  double seen_t_ms_ = 0.0;
  UiState ui_;
  SimClock clock_;
  ScenarioFiles files_;

  // Panels
  SimulationPanel simulation_panel_;
  ParametersPanel parameters_panel_;
  NetworkPanel network_panel_;
  bool network_panel_placed_ = false;  // laid out over the traces and rates by show_network_editor()
  int history_request_ = 0;            // Ctrl+Z: 1 undo, Ctrl+Shift+Z: 2 redo (sent under the frame's lock)
  TracesPanel traces_panel_;
  RasterPanel raster_panel_;
  HeatmapPanel heatmap_panel_;
  RatesPanel rates_panel_;
  StatusBar status_bar_;
  DiversityViews diversity_;  // Neuron, Phase plane, Populations (diversity_panels.hpp)
  LearningViews learning_;    // Learning, STDP window, weights, latency, experiment (learning_panels.hpp)
  DataViews data_;            // Input data, Export (data_panels.hpp)
  ClassificationViews classification_;  // receptive fields, digit, confusion, curve (classification_panels.hpp)
  std::shared_ptr<const ImageSet> shipped_test_digits_;  // loaded once, for classification experiments

  // Observations read from the engine
  RasterRing ring_;
  PatternBands pattern_bands_;
  TraceHistory trace_history_;
  TraceSpikes trace_spikes_;
  RateHistory rates_;
  std::vector<std::uint8_t> traced_flags_;       // per global neuron: is it traced?
  std::vector<std::pair<int, int>> traced_list_;  // the probes the flags were built from
  std::vector<SpikeEvent> traced_events_;
  std::vector<SpikeEvent> frame_spikes_;  // this frame's observed spikes, for the panels that count them
  std::uint64_t frame_spikes_lost_ = 0;
  std::optional<NeuronState> neuron_state_;  // the chosen neuron's, latest observed
  std::optional<std::vector<double>> weight_sums_;  // per projection, latest observed
  std::map<int, WeightSnapshot> weight_copies_;    // per projection, the latest copy observed
  std::vector<float> synapse_weights_;             // this frame's followed synapses
  std::vector<PatternOnsetSeen> frame_onsets_;     // this frame's pattern onsets
  std::optional<LearningReadout> learning_readout_;
  std::optional<ClassificationSeen> classification_seen_;  // the latest observed
  std::vector<std::pair<int, int>> images_shown_;          // the latest observed
  ExperimentProgress experiment_progress_;         // the latest observed
  std::shared_ptr<const ExperimentRecord> experiment_record_;  // the latest asked for
  double record_age_s_ = 1e9;
  std::uint64_t record_generation_ = ~std::uint64_t{0};  // the progress generation it was asked at
  bool summary_pending_ = false;  // the experiment ended: its summary once the record has every phase
  LearningInputs learning_inputs() const;
  std::optional<ExperimentSeen> experiment_seen() const;
  HeatmapData heatmap_;
  double heatmap_age_s_ = 0.0;
  std::int64_t last_step_ = 0;
  std::uint64_t structure_version_ = 0;  // of the network the views were laid out for

  // GPU. The window's raster is the pixel ring (folded on the CPU as spikes arrive); exports
  // draw it at their own size with RasterRenderer.
  RasterPixels raster_pixels_;
  RasterPixelsTexture raster_pixels_texture_;
  RasterRenderer raster_renderer_;
  HeatmapRenderer heatmap_renderer_;

  std::unique_ptr<CompareWindow> compare_;  // while two runs are compared
  bool compare_requested_ = false;          // the Compare action, done after the frame's lock

  SweepPanel sweep_panel_;    // one or two parameters swept in the background, drawn as a curve or heatmap
  ReplayPanel replay_panel_;  // --replay only
  bool show_replay_ = false;
  double seek_ms_ = -1.0;     // a jump the Replay window asked for, done after the panels

  std::vector<std::string> dropped_;
  std::string screenshot_path_;  // pending, written after the frame renders
  std::string message_;
  bool message_error_ = false;
  double message_age_s_ = 0.0;
  bool quit_ = false;
  // The Compare action's two Sessions, being built on a thread of their own. Declared last: it is
  // waited for before the runner it reads from goes.
  std::future<CompareBuilt> compare_build_;
};

}  // namespace neurosim::gui
