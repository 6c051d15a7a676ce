#pragma once
// The application behind the window: owns the network, the panels and the render passes.
// gui_main.cpp runs the loop; App::frame() does one frame's work between ImGui::NewFrame()
// and ImGui::Render():
//   shortcuts and dropped files -> step the simulation (speed, budget) -> read spikes, traces,
//   weights -> draw the panels -> perform what they asked (load, save, reset, trace) ->
//   render the raster and heatmap textures at the size the panels show them.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gui/heatmap_data.hpp"
#include "gui/heatmap_renderer.hpp"
#include "gui/panels.hpp"
#include "gui/raster_renderer.hpp"
#include "gui/raster_ring.hpp"
#include "gui/sim_clock.hpp"
#include "gui/trace_spikes.hpp"
#include "gui/ui_state.hpp"
#include "neurosim/network.hpp"

struct GLFWwindow;

namespace neurosim::gui {

struct AppOptions {
  // > 0: every frame advances the clock by this many seconds instead of the measured frame
  // time, so `--frames N` renders the same simulated time on any machine.
  double fixed_frame_s = 0.0;
  double step_budget_ms = 10.0;  // wall time per frame the simulation may use
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
  bool quit_requested() const { return quit_; }

 private:
  void handle_shortcuts(AppRequests& requests);
  void advance_simulation();
  void read_observations();
  void draw_menu(AppRequests& requests);
  void draw_panels(AppRequests& requests);
  void perform(const AppRequests& requests);
  void render_passes();

  void load(const std::string& name_or_path);
  void adopt(std::unique_ptr<Network> network, const std::string& label);
  void trace_neuron(int population, int neuron);
  void after_reset();
  std::string submit(const Command& command);
  void set_message(std::string text, bool error);

  GLFWwindow* window_;
  AppOptions options_;
  std::unique_ptr<Network> network_;
  UiState ui_;
  SimClock clock_;
  ScenarioFiles files_;

  // Panels
  SimulationPanel simulation_panel_;
  ControlsPanel controls_panel_;
  TracesPanel traces_panel_;
  RasterPanel raster_panel_;
  HeatmapPanel heatmap_panel_;
  RatesPanel rates_panel_;
  StatusBar status_bar_;

  // Observations read from the engine
  RasterRing ring_;
  TraceSpikes trace_spikes_;
  std::vector<std::uint8_t> traced_flags_;       // per global neuron: is it traced?
  std::vector<std::pair<int, int>> traced_list_;  // the probes the flags were built from
  std::vector<SpikeEvent> traced_events_;
  HeatmapData heatmap_;
  double heatmap_age_s_ = 0.0;
  std::int64_t last_step_ = 0;

  // GPU
  RasterRenderer raster_renderer_;
  HeatmapRenderer heatmap_renderer_;

  std::vector<std::string> dropped_;
  std::string screenshot_path_;  // pending, written after the frame renders
  std::string message_;
  bool message_error_ = false;
  double message_age_s_ = 0.0;
  bool quit_ = false;
};

}  // namespace neurosim::gui
