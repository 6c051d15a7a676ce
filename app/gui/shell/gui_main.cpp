// `neurosim gui`: the window's main loop, in the order of Dear ImGui's
// examples/example_glfw_opengl3/main.cpp. Each phase is a few lines; App::frame() does the work.
#include "gui/shell/gui_main.hpp"

#include <glad/gl.h>  // before GLFW: glad refuses to follow another GL header
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>  // declarations only; never include its loader header
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "cli/sweep_plan.hpp"
#include "gui/shell/app.hpp"
#include "gui/views/sweep_table.hpp"
#include "gui/shell/gradient_window.hpp"
#include "gui/shell/imgui_window.hpp"
#include "gui/shell/replay_network.hpp"
#include "gui/shell/scenario_loader.hpp"
#include "gui/shell/frame_stats.hpp"
#include "gui/shell/screenshot.hpp"
#include "neurosim/io/atomic_file.hpp"

namespace neurosim::gui {

namespace {

constexpr int kRewindFrames = 10;  // frames drawn after --rewind-to's seek
constexpr int kSweepFrames = 5;    // frames drawn after a --sweep-vary sweep has finished

void glfw_error(int code, const char* description) {
  std::fprintf(stderr, "GLFW error 0x%x: %s\n", static_cast<unsigned>(code), description);
}

void print_no_display_help(const GuiOptions& options) {
  const char* display = std::getenv("DISPLAY");
  std::cerr << "error: cannot open a window (no X display? DISPLAY=" << (display != nullptr ? display : "<unset>")
            << ").\n"
            << "On a machine without a display, either run the window in a virtual X server:\n"
            << "  xvfb-run -a -s \"-screen 0 " << options.width << "x" << options.height << "x24\" neurosim gui "
            << options.scenario << " --frames 120 --screenshot shot.png\n"
            << "or run the simulation headless and write its results to a directory:\n"
            << "  neurosim run " << options.scenario << " --out DIR\n";
}

void on_drop(GLFWwindow* window, int count, const char** paths) {
  if (auto* app = static_cast<App*>(glfwGetWindowUserPointer(window))) app->drop_files(count, paths);
}

}  // namespace

int run_gui(const GuiOptions& options) {
  // Gradient-training presets open their own layout (gradient_window.hpp).
  if (options.replay.empty() && is_gradient_gui(options.scenario)) return run_gradient_gui(options);
  // Scenario first: an invalid one is reported (status 2) even where no window can open.
  LoadedNetwork loaded;
  ReplayNetwork replay;
  if (!options.replay.empty()) {  // recorded spikes (replay_network.hpp)
    replay = build_replay_network(options.replay, options.replay_scenario);
    if (!replay.network) {
      std::cerr << "error: " << replay.error << "\n";
      return 2;
    }
    loaded.network = std::move(replay.network);
  } else {
    loaded = load_network(options.scenario, options.inputs);
  }
  if (!loaded.network) {
    for (const std::string& e : loaded.errors) std::cerr << "error: " << e << "\n";
    return 2;
  }
  // Run B of a comparison: checked and built here too, so that a bad B is refused (status 2)
  // before any window opens.
  CompareSpec compare;
  if (options.compare.any()) {
    if (!options.replay.empty()) {
      std::cerr << "error: --compare and --compare-set need a scenario, not --replay\n";
      return 2;
    }
    compare = compare_spec(loaded.network->spec(), options.compare);
    std::string error = compare.error;
    if (compare.spec && !build_side(*compare.spec, options.compare.scenario.empty() ? "--compare-set" : options.compare.scenario, error)) {
      compare.spec.reset();
    }
    if (!compare.spec) {
      std::cerr << "error: " << error << "\n";
      return 2;
    }
  }

  // The Sweep window's file or sweep, checked as `neurosim sweep` checks them, before any window
  // opens.
  if (!options.sweep_csv.empty()) {
    std::string why;
    if (!read_sweep_csv(options.sweep_csv, why)) {
      std::cerr << "error: --sweep-csv: " << why << "\n";
      return 2;
    }
  }
  if (!options.sweep_vary.empty()) {
    std::string why;
    const std::optional<double> point_ms =
        loaded.network->spec().experiment ? std::nullopt : std::optional<double>(options.sweep_duration_ms > 0 ? options.sweep_duration_ms : 1000.0);
    if (!cli::plan_sweep(loaded.network->spec(), options.sweep_vary, point_ms, why)) {
      std::cerr << "error: --sweep-vary: " << why << "\n";
      return 2;
    }
  }

  // Setup window: OpenGL 3.3 core, as everything in shaders/ is GLSL 330.
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    print_no_display_help(options);
    return 2;
  }
  const bool batch = options.frames > 0;  // --frames N: render N frames, then exit
  GLFWwindow* window = nullptr;
  if (const std::string why = open_imgui_window(options.width, options.height, "NeuroSim", batch, window); !why.empty()) {
    std::cerr << "error: " << why << ".\n";
    print_no_display_help(options);
    glfwTerminate();
    return 2;
  }

  int status = 0;
  {
    // The application: network, panels, render passes. Lives inside the GL context's lifetime.
    AppOptions app_options;
    app_options.speed = options.speed;
    // A batch run simulates the same time per frame on every machine, unless frames are being
    // timed: then the simulation keeps to the wall clock as in an interactive session.
    // Such runs write files (screenshots, exports): the engine's thread then steps in lockstep
    // with the frames, so the same command line gives the same pictures.
    if (batch && !options.frame_stats) {
      app_options.fixed_frame_s = 1.0 / 60.0;
      app_options.step_budget_ms = 200.0;
      app_options.lockstep = true;
    }
    app_options.paused = options.paused;
    app_options.rewind_seconds = options.rewind_seconds;
    app_options.rewind_budget_mb = options.rewind_budget_mb;
    App app(window, std::move(loaded.network), options.replay.empty() ? options.scenario : replay.label, app_options);
    if (!options.replay.empty()) app.enable_replay(replay.duration_ms, replay.label, replay.spikes);
    std::string error;
    if (!app.create_gl(error)) {
      std::cerr << "error: " << error << "\n";
      status = 1;
      glfwSetWindowShouldClose(window, GLFW_TRUE);
    }
    if (compare.spec && status == 0) {
      if (const std::string why = app.start_compare(*compare.spec, compare.label); !why.empty()) {
        std::cerr << "error: " << why << "\n";
        status = 2;
        glfwSetWindowShouldClose(window, GLFW_TRUE);
      }
    }
    if (options.layout == "network") app.use_layout(Layout::Network);
    if (options.layout == "diversity") app.use_layout(Layout::Diversity);
    if (options.layout == "learning") app.use_layout(Layout::Learning);
    if (options.layout == "classification") app.use_layout(Layout::Classification);
    if (options.layout == "editor") {
      app.use_layout(Layout::Network);
      app.show_network_editor();
    }
    if (options.print_theme) app.use_print_theme(true);
    // The Sweep window: a sweep.csv, or a sweep run in the background. A bad file or --vary is
    // refused (status 2) as `neurosim sweep` refuses it.
    if (!options.sweep_csv.empty() && status == 0) {
      if (const std::string why = app.open_sweep_csv(options.sweep_csv); !why.empty()) {
        std::cerr << "error: --sweep-csv: " << why << "\n";
        status = 2;
        glfwSetWindowShouldClose(window, GLFW_TRUE);
      }
    }
    if (!options.sweep_vary.empty() && status == 0) {
      if (const std::string why = app.start_sweep(options.sweep_vary, options.sweep_duration_ms); !why.empty()) {
        std::cerr << "error: --sweep-vary: " << why << "\n";
        status = 2;
        glfwSetWindowShouldClose(window, GLFW_TRUE);
      }
    }
    if (options.inputs.any())  // what was given, previewed, and the image on show
      app.show_input_panel(options.inputs.input.empty() ? options.inputs.images : options.inputs.input, options.inputs.labels);
    if (options.start_at_ms > 0.0 && status == 0) app.start_at(options.start_at_ms);
    glfwSetWindowUserPointer(window, &app);
    glfwSetDropCallback(window, on_drop);  // the ImGui backend installs no drop callback

    // Main loop
    int frame = 0;
    FrameStats stats;
    const double sim_start_ms = app.simulated_ms();
    auto frame_start = std::chrono::steady_clock::now();
    while (!glfwWindowShouldClose(window)) {
      // Poll and handle events (inputs, window resize, dropped files).
      glfwPollEvents();

      // Skip all work while iconified: nothing is visible, and the simulation waits too.
      if (glfwGetWindowAttrib(window, GLFW_ICONIFIED) != 0 && !batch) {
        glfwWaitEventsTimeout(0.1);
        continue;
      }

      // Start the Dear ImGui frame.
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();

      // --rewind-to: the last frames show the run paused and gone back.
      if (batch && options.rewind_to_ms >= 0 && frame == std::max(0, options.frames - kRewindFrames)) app.rewind_to(options.rewind_to_ms);
      // --sweep-vary: the last frames show the finished sweep.
      if (batch && !options.sweep_vary.empty() && frame == std::max(0, options.frames - kSweepFrames)) app.wait_for_sweep();
      // Step the simulation, read what it produced, draw the panels and their textures.
      app.frame();

      // Rendering
      int fb_width = 0, fb_height = 0;
      render_imgui_frame(window, fb_width, fb_height);

      // Screenshots read the back buffer, so they happen before the swap.
      app.after_render(fb_width, fb_height);
      ++frame;
      if (batch && frame >= options.frames) {
        if (!options.screenshot.empty()) {
          const std::string shot_error = write_screenshot(options.screenshot, fb_width, fb_height);
          if (shot_error.empty()) {
            std::cout << "screenshot " << options.screenshot << " " << fb_width << "x" << fb_height << "\n";
          } else {
            std::cerr << "error: " << shot_error << "\n";
            status = 1;
          }
        }
        if (!options.export_all.empty()) {  // the window's picture is read from the back buffer first
          bool ok = false;
          const std::string report = app.export_all(options.export_all, options.panel_width, options.panel_height, options.overwrite,
                                                    fb_width, fb_height, ok);
          (ok ? std::cout : std::cerr) << (ok ? "" : "error: ") << report << "\n";
          if (!ok) status = 1;
        }
        if (!options.export_panels.empty()) {  // offscreen, so the back buffer stays as it is
          try {
            const std::vector<std::string> names = App::picture_file_names();
            const io::Replace replace = options.overwrite ? io::Replace::Allowed : io::Replace::Never;
            const auto dir = io::free_directory(options.export_panels, names, replace);
            std::filesystem::create_directories(dir);
            const auto files = app.export_panels(dir, options.panel_width, options.panel_height, replace);
            std::cout << "exported " << files.size() << " panels (" << options.panel_width << "x" << options.panel_height << ") to " << dir.string()
                      << ":";
            for (const std::string& f : files) std::cout << " " << std::filesystem::path(f).filename().string();
            std::cout << "\n";
          } catch (const std::exception& e) {
            std::cerr << "error: " << e.what() << "\n";
            status = 1;
          }
        }
        glfwSetWindowShouldClose(window, GLFW_TRUE);
      }
      if (app.quit_requested()) glfwSetWindowShouldClose(window, GLFW_TRUE);
      glfwSwapBuffers(window);
      const auto now = std::chrono::steady_clock::now();
      stats.add(std::chrono::duration<double, std::milli>(now - frame_start).count());
      frame_start = now;
    }
    if (options.frame_stats) std::cout << stats.summary(app.simulated_ms() - sim_start_ms) << std::endl;
    if (batch && options.rewind_to_ms >= 0) std::cout << app.rewind_summary() << std::endl;  // the last frame's state
    glfwSetWindowUserPointer(window, nullptr);
    app.destroy_gl();
  }

  close_imgui_window(window);
  return status;
}

}  // namespace neurosim::gui
