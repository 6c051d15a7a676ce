// App, export feature (as Tracy splits a big class into TracyView_*.cpp): result files from the
// running network, each plot panel as a PNG drawn offscreen at a chosen size, and the window.
//
// A panel is drawn offscreen by running one extra ImGui frame after the window's frame has
// rendered (ImGui's frames are NewFrame..Render pairs; nothing forbids two per swap): the display
// is set to the picture's size, only that panel is submitted, at (0, 0) and the requested size,
// its textures (raster, heatmap) are rendered at that size, and ImGui's draw data goes through
// the OpenGL backend into an offscreen framebuffer that is read back. The panel's own window
// position and size are put back afterwards, so the screen's layout does not change. The mouse
// is parked outside the picture so no hover highlight or tooltip shows in it.
//
// Pictures are drawn in picture mode (print_theme.hpp): no controls, no close or collapse
// button, axis titles with units; on white paper when the print theme is asked for. The raster,
// traces, rates and a sweep are also written as SVG from the same view data (plot_svg.hpp).
#include <glad/gl.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: the panel's on-screen place, to restore it

#include <cfloat>
#include <ctime>
#include <functional>
#include <stdexcept>

#include "results/exports.hpp"
#include "results/results_writer.hpp"
#include "gui/shell/app.hpp"
#include "gui/panels/print_theme.hpp"
#include "gui/views/plot_svg.hpp"
#include "gui/render/gl_helpers.hpp"
#include "gui/shell/screenshot.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "version.hpp"

namespace neurosim::gui {

namespace {

ImTextureID as_texture_id(GLuint texture) { return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)); }

constexpr const char* kPanelFiles[] = {"raster.png", "traces.png", "weights.png", "rates.png", "input.png", "sweep.png"};
constexpr const char* kSvgFiles[] = {"raster.svg", "traces.svg", "rates.svg", "sweep.svg"};

}  // namespace

// [SECTION] Panels as PNG

std::vector<std::string> App::picture_file_names() {
  std::vector<std::string> names(std::begin(kPanelFiles), std::end(kPanelFiles));
  names.insert(names.end(), std::begin(kSvgFiles), std::end(kSvgFiles));
  return names;
}

std::vector<std::string> App::draw_export_panels(const std::filesystem::path& dir, int width, int height, io::Replace replace, bool print,
                                                 bool svg) {
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
  if (width < 1 || height < 1 || width > max_size || height > max_size)
    throw std::runtime_error("panel size " + std::to_string(width) + "x" + std::to_string(height) + " is outside 1.." + std::to_string(max_size));
  AppRequests ignored;  // clicks cannot happen offscreen; whatever a panel asks is dropped
  const Submit no_submit = [](const Command&) { return std::string("not while exporting"); };
  struct Shot {
    const char* file;
    const char* title;
    bool shown;
    std::function<void(bool*)> draw;
    std::function<std::string()> vector;  // the SVG beside the PNG, if any
  };
  const std::vector<std::string> names = [&] {
    std::vector<std::string> n;
    for (const PopulationFact& p : facts_->populations) n.push_back(p.name);
    return n;
  }();
  const std::vector<Shot> shots{
      {kPanelFiles[0], "Spike raster", ui_.show_raster,
       [&](bool* open) { raster_panel_.draw(open, *facts_, ring_, pattern_bands_, as_texture_id(raster_renderer_.texture()), ignored); },
       [&] { return raster_svg(ring_, RasterSvgView{names, facts_->dt_ms, raster_panel_.visible_columns}, width, height, print); }},
      {kPanelFiles[1], "Membrane traces", ui_.show_traces,
       [&](bool* open) { traces_panel_.draw(open, *facts_, seen_t_ms_, trace_history_, trace_spikes_, no_submit, ignored); },
       [&] {
         return traces_svg(trace_history_, trace_spikes_, *facts_, TracesSvgView{seen_t_ms_, traces_panel_.window_ms, traces_panel_.all_variables},
                           width, height, print);
       }},
      {kPanelFiles[2], "Weights", ui_.show_heatmap,
       [&](bool* open) { heatmap_panel_.draw(open, *facts_, heatmap_, as_texture_id(heatmap_renderer_.texture())); }, nullptr},
      {kPanelFiles[3], "Firing rates", ui_.show_rates, [&](bool* open) { rates_panel_.draw(open, rates_, *facts_); },
       [&] {
         return rates_svg(smoothed_rates(rates_, static_cast<int>(names.size()), rates_panel_.window_ms, rates_panel_.smooth_ms), names,
                          rates_panel_.window_ms, width, height, print);
       }},
      {kPanelFiles[4], "Input data", ui_.show_input,
       [&](bool* open) { data_.input.draw(open, InputsSeen{*facts_, images_shown_}, [this](const Command& c) { return submit(c); }); }, nullptr},
      {kPanelFiles[5], "Sweep", sweep_panel_.open && sweep_panel_.has_plot(), [&](bool*) { sweep_panel_.draw(*facts_); },
       [&] { return sweep_panel_.plot_svg(width, height, print); }},
  };

  std::vector<std::string> written;
  struct Target {  // freed on every way out (the GL context is current throughout)
    gl::RenderTarget rt{GL_RGBA8, GL_RGBA};
    ~Target() { rt.destroy(); }
  } offscreen;
  gl::RenderTarget& target = offscreen.rt;
  std::vector<unsigned char> rgb(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  ImGuiIO& io = ImGui::GetIO();
  for (const Shot& shot : shots) {
    if (!shot.shown) continue;
    // Where the panel is on screen, to put it back.
    ImGuiWindow* window = ImGui::FindWindowByName(shot.title);
    const bool known = window != nullptr;
    const ImVec2 pos = known ? window->Pos : ImVec2(0, 0);
    const ImVec2 size = known ? window->SizeFull : ImVec2(0, 0);
    const ImVec2 display = io.DisplaySize, scale = io.DisplayFramebufferScale, mouse = io.MousePos;
    const float delta = io.DeltaTime;
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    io.DeltaTime = 1.0f / 60.0f;

    {
      const PictureScope picture(print);  // no controls; the print theme when asked (print_theme.hpp)
      ImGui::NewFrame();
      ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
      ImGui::SetNextWindowSize(io.DisplaySize, ImGuiCond_Always);
      shot.draw(nullptr);  // no close button
      ImGui::Render();
      render_passes(/*offscreen=*/true);  // the raster and heatmap textures at the size just laid out, in the picture's theme
    }
    target.begin(width, height);
    if (print) {
      glClearColor(1.0f, 1.0f, 1.0f, 1.0f);
    } else {
      glClearColor(0.05f, 0.055f, 0.07f, 1.0f);
    }
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
    gl::RenderTarget::end();

    io.DisplaySize = display;
    io.DisplayFramebufferScale = scale;
    io.MousePos = mouse;
    io.DeltaTime = delta;
    if (known) {
      ImGui::SetWindowPos(shot.title, pos);
      ImGui::SetWindowSize(shot.title, size);
    }
    const std::filesystem::path file = dir / shot.file;
    write_png(file, rgb, width, height, replace);
    written.push_back(file.string());
    if (svg && shot.vector) {
      const std::filesystem::path vector_file = (dir / shot.file).replace_extension(".svg");
      io::write_file_atomically(vector_file, shot.vector(), replace);
      written.push_back(vector_file.string());
    }
  }
  return written;
}

std::string App::export_all(const std::filesystem::path& dir, int panel_width, int panel_height, bool overwrite, int framebuffer_width,
                            int framebuffer_height, bool& ok) {
  const auto lock = engine_lock();
  ExportRequest r = data_.exports.what;
  r.dir = dir;
  r.width = panel_width;
  r.height = panel_height;
  r.window = true;
  r.replace = overwrite ? io::Replace::Allowed : io::Replace::Never;
  export_now(r, framebuffer_width, framebuffer_height);
  ok = !data_.exports.result_is_error;
  return data_.exports.result;
}

void App::show_input_panel(const std::string& file, const std::string& labels) {
  ui_.show_input = true;
  if (!file.empty()) data_.input.show_file(file, labels, InputsSeen{*facts_, images_shown_});
}

// [SECTION] An export from the Export panel

void App::export_now(const ExportRequest& r, int framebuffer_width, int framebuffer_height) {
  ExportPanel& panel = data_.exports;
  try {
    const Network& net = session_->network();  // under engine_lock(): the engine's thread waits
    std::vector<std::string> names = cli::result_file_names();
    for (const std::string& f : picture_file_names()) names.push_back(f);
    names.emplace_back("window.png");
    const std::filesystem::path dir = io::free_directory(r.dir, names, r.replace);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
      throw std::runtime_error("cannot create folder " + dir.string() + (ec ? ": " + ec.message() : ": a file is in the way"));

    std::vector<std::string> written;
    std::uint64_t dropped_spikes = 0;  // older than the window's spike ring
    const auto add = [&](const char* name) { written.push_back(name); };
    if (r.metrics) {
      cli::write_metrics_csv(dir, net, cli::metrics_from_rate_bins(net), r.replace);
      add("metrics.csv");
    }
    if (r.spikes_csv || r.spikes_npy) {
      std::vector<SpikeEvent> spikes;
      dropped_spikes = net.spikes().for_each_since(0, [&](const SpikeEvent& e) { spikes.push_back(e); });
      if (r.spikes_csv) {
        cli::export_spikes_csv(dir / "spikes.csv", spikes, net, r.replace);
        add("spikes.csv");
      }
      if (r.spikes_npy) {
        cli::export_spikes_npy(dir / "spikes.npy", spikes, net, r.replace);
        add("spikes.npy");
      }
    }
    if (r.weights_csv) {
      cli::export_weights_csv(dir / "weights.csv", net, r.replace);
      add("weights.csv");
    }
    if (r.weights_npy) {
      cli::export_weights_npy(dir / "weights.npy", net, r.replace);
      add("weights.npy");
    }
    if (r.traces && !net.traces().probes().empty()) {
      cli::write_traces_csv(dir, net, r.replace);
      add("traces.csv");
    }
    if (r.experiment) {
      cli::RunSummary summary;
      summary.version = kVersion;
      summary.steps = net.step_index();
      summary.started_utc = cli::utc_now();
      cli::write_experiment_json(dir, net, summary, r.replace);
      add("experiment.json");
    }
    if (r.scenario) {
      ScenarioSpec spec = net.spec();
      io::rebase_inputs(spec, dir);
      io::write_file_atomically(dir / "scenario.json", io::scenario_to_json(spec), r.replace);
      add("scenario.json");
    }
    std::size_t pictures = 0;
    if (r.panels) pictures += draw_export_panels(dir, r.width, r.height, r.replace, r.print_theme, r.svg).size();
    if (r.window && framebuffer_width > 0 && framebuffer_height > 0) {
      std::vector<unsigned char> rgb(static_cast<std::size_t>(framebuffer_width) * static_cast<std::size_t>(framebuffer_height) * 3);
      glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
      glPixelStorei(GL_PACK_ALIGNMENT, 1);
      glReadBuffer(GL_BACK);
      glReadPixels(0, 0, framebuffer_width, framebuffer_height, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
      write_png(dir / "window.png", rgb, framebuffer_width, framebuffer_height, r.replace);
      ++pictures;
    }
    std::string list;
    for (const std::string& w : written) list += (list.empty() ? "" : ", ") + w;
    panel.result = "wrote " + list + (pictures > 0 ? (list.empty() ? "" : " and ") + std::to_string(pictures) + " picture" + (pictures == 1 ? "" : "s") + " (PNG" + (r.panels && r.svg ? ", SVG" : "") + ")" : "") +
                   " to " + dir.string() + (dir != r.dir ? " (" + r.dir.string() + " already held an export)" : "") +
                   (dropped_spikes > 0 ? "; the " + std::to_string(dropped_spikes) + " oldest spikes were no longer in memory" : "");
    panel.result_is_error = false;
    set_message(panel.result, false);
  } catch (const std::exception& e) {
    panel.result = std::string("export failed: ") + e.what() + "\nFiles written before it are complete; nothing was half written.";
    panel.result_is_error = true;
    set_message(std::string("export failed: ") + e.what(), true);
  }
}

}  // namespace neurosim::gui
