// The gradient-training window (gradient_window.hpp): preset -> LiveTraining, then the loop of
// gui_main.cpp (window, GL, ImGui, frames, cleanup in reverse order) around the gradient panels.
#include "gui/shell/gradient_window.hpp"

#include <glad/gl.h>  // before GLFW: glad refuses to follow another GL header
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/gradient_run.hpp"
#include "cli/gradient_spec.hpp"
#include "gui/panels/gradient_panels.hpp"
#include "gui/shell/imgui_window.hpp"
#include "gui/shell/screenshot.hpp"
#include "gui/views/gradient_view.hpp"
#include "neurosim/gradient/live_training.hpp"
#include "neurosim/io/input_files.hpp"

namespace neurosim::gui {
namespace {

namespace g = neurosim::gradient;

// The preset as the training thread takes it; nullptr with the errors printed.
std::unique_ptr<g::LiveTraining> start_training(const GuiOptions& options, std::string& title) {
  const auto file = cli::gradient_preset_path(options.scenario);
  cli::GradientSpecResult loaded = cli::load_gradient_spec(*file, {});
  if (!loaded.errors.empty()) {
    for (const std::string& e : loaded.errors) std::cerr << "error: " << file->string() << ": " << e << "\n";
    return nullptr;
  }
  const cli::GradientSpec& s = *loaded.spec;
  const bool own_images = !options.inputs.images.empty();
  const std::string images = own_images ? options.inputs.images : s.images.string();
  const std::string labels = own_images ? options.inputs.labels : s.labels.string();
  io::ImagesResult train = io::load_idx_images(images, labels);
  if (!train.images) {
    std::cerr << "error: " << (own_images ? "--images" : "data.images") << ": " << train.error << "\n";
    return nullptr;
  }
  io::ImagesResult test = io::load_idx_images(s.test_images, s.test_labels);
  if (!test.images) {
    std::cerr << "error: data.test_images: " << test.error << "\n";
    return nullptr;
  }
  g::LiveConfig c;
  c.network = s.network;
  c.adam = s.adam;
  c.loss = s.loss;
  c.seed = s.seed;
  c.threads = s.threads > 0 ? s.threads : g::default_threads();
  c.batch_size = s.batch_size;
  c.max_shift = s.max_shift;
  c.fewshot = s.fewshot;
  c.ways = s.ways, c.train_ways = s.train_ways > 0 ? s.train_ways : s.ways, c.shots = s.shots, c.queries = s.queries, c.class_turns = s.class_turns;
  c.train_classes = s.train_classes, c.test_classes = s.test_classes;
  c.distance_scale = s.distance_scale;
  c.episodes_per_epoch = s.episodes_per_epoch;
  title = s.name + ": " + s.network.architecture + (s.fewshot ? ", few-shot prototypes" : ", surrogate-gradient BPTT");
  try {
    return std::make_unique<g::LiveTraining>(c, train.images, test.images, options.paused);
  } catch (const std::exception& e) {
    std::cerr << "error: " << file->string() << ": " << e.what() << "\n";
    return nullptr;
  }
}

}  // namespace

bool is_gradient_gui(const std::string& scenario) { return cli::is_gradient_training(scenario); }

int run_gradient_gui(const GuiOptions& options) {
  if (!options.export_panels.empty() || !options.export_all.empty() || !options.layout.empty()) {
    std::cerr << "error: --export, --export-panels and --layout do not apply to " << options.scenario
              << ": it opens the gradient-training layout (`neurosim run " << options.scenario << " --out DIR` writes its results)\n";
    return 2;
  }
  // The preset and its data first: a bad one is reported (status 2) even without a display.
  std::string title;
  std::unique_ptr<g::LiveTraining> training = start_training(options, title);
  if (!training) return 2;

  // Window: OpenGL 3.3 core, as in gui_main.cpp.
  if (!glfwInit()) {
    std::cerr << "error: cannot open a window (no X display?); `neurosim run " << options.scenario << " --out DIR` trains without one\n";
    return 2;
  }
  const bool batch = options.frames > 0;
  GLFWwindow* window = nullptr;
  if (const std::string why = open_imgui_window(options.width, options.height, "NeuroSim: gradient training", batch, window); !why.empty()) {
    std::cerr << "error: " << why << "\n";
    glfwTerminate();
    return 2;
  }

  int status = 0;
  GradientPanels panels;
  GradientView view;
  std::uint64_t seen = 0;
  int frame = 0;
  while (!glfwWindowShouldClose(window)) {
    glfwPollEvents();
    if (glfwGetWindowAttrib(window, GLFW_ICONIFIED) != 0 && !batch) {
      glfwWaitEventsTimeout(0.1);
      continue;
    }
    // A batch run moves on with the training: one more step per frame, and the last frame waits
    // for a live test too (LiveConfig::test_every steps).
    if (batch && !options.paused) {
      const bool last = frame + 1 >= options.frames;
      const auto now = training->snapshot();
      training->wait_for(std::max(static_cast<long>(frame + 1), now ? now->step : 0L), last ? 1 : 0, 600.0);
    }
    if (const auto s = training->snapshot(); s && s->version != seen) {
      view = make_gradient_view(*s);
      seen = s->version;
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    GradientRequests requests;
    // Shortcuts as in the main window (ImGui 1.86 takes GLFW's key codes).
    if (!ImGui::GetIO().WantCaptureKeyboard) {
      if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) requests.toggle_pause = true;
      if (ImGui::IsKeyPressed(GLFW_KEY_F12, false)) requests.screenshot = true;
      if (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q, false)) requests.quit = true;
    }
    panels.draw(view, title, requests);
    if (requests.toggle_pause) training->pause(!view.paused);
    if (requests.reset) training->reset();
    if (requests.send_controls) {
      g::LiveControls c;
      c.learning_rate = panels.sliders.learning_rate;
      c.beta = panels.sliders.beta;
      c.threshold = panels.sliders.threshold;
      c.surrogate = static_cast<g::SurrogateKind>(panels.sliders.surrogate);
      c.slope = panels.sliders.slope;
      training->set_controls(c);
    }
    if (requests.quit) glfwSetWindowShouldClose(window, GLFW_TRUE);

    int fb_width = 0, fb_height = 0;
    render_imgui_frame(window, fb_width, fb_height);
    ++frame;
    const bool shot_now = requests.screenshot || (batch && frame >= options.frames && !options.screenshot.empty());
    if (shot_now) {
      const std::string path = batch && !options.screenshot.empty() ? options.screenshot : timestamped_screenshot_name();
      const std::string error = write_screenshot(path, fb_width, fb_height);
      if (error.empty()) std::cout << "screenshot " << path << " " << fb_width << "x" << fb_height << "\n";
      else {
        std::cerr << "error: " << error << "\n";
        status = 1;
      }
    }
    if (batch && frame >= options.frames) glfwSetWindowShouldClose(window, GLFW_TRUE);
    glfwSwapBuffers(window);
  }

  training.reset();  // stops the training thread
  close_imgui_window(window);
  return status;
}

}  // namespace neurosim::gui
