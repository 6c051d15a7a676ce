// neurosim: one binary for the window and the headless runner.
//   neurosim                      the GUI on the `default` preset
//   neurosim gui [SCENARIO] ...   the GUI
//   neurosim run SCENARIO ...     headless run, results to a directory
//   neurosim sweep SCENARIO ...   a parameter sweep, one row per combination
//   neurosim validate FILE        every problem in a scenario file
//   neurosim presets              the built-in scenarios
//   neurosim export SCENARIO ...  the scenario as NIR (or JSON)
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <regex>

#include "cli/commands.hpp"
#include "cli/export_pynn.hpp"
#include "cli/export_sonata.hpp"
#include "cli/export_command.hpp"
#include "cli/replay_command.hpp"
#include "cli/sweep_command.hpp"
#include "gui/shell/gui_main.hpp"
#include "neurosim/network.hpp"
#include "version.hpp"

namespace {

// "1600x900" -> width and height; false when malformed.
bool parse_size(const std::string& text, int& width, int& height) {
  static const std::regex pattern(R"((\d{2,5})x(\d{2,5}))");
  std::smatch m;
  if (!std::regex_match(text, m, pattern)) return false;
  width = std::stoi(m[1]);
  height = std::stoi(m[2]);
  return width >= 320 && height >= 240 && width <= 16384 && height <= 16384;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"NeuroSim: a real-time simulator and visualizer for spiking neural networks"};
  app.set_version_flag("--version", std::string("neurosim ") + neurosim::kVersion);
  app.require_subcommand(0, 1);

  neurosim::gui::GuiOptions gui_options;
  std::string size_text;
  auto* gui = app.add_subcommand("gui", "Open the interactive window");
  gui->add_option("scenario", gui_options.scenario, "Preset name or scenario file (default: default)");
  gui->add_option("--frames", gui_options.frames, "Render N frames, then exit")->check(CLI::NonNegativeNumber);
  gui->add_option("--screenshot", gui_options.screenshot, "Write the window to this PNG after the last frame");
  gui->add_option("--size", size_text, "Window size WxH (default 1600x900)");
  gui->add_option("--speed", gui_options.speed, "Simulated ms per wall ms at start (default 1; with --frames, per 1/60 s frame)")
      ->check(CLI::Range(0.01, 100.0));
  gui->add_option("--input", gui_options.inputs.input, "Data file (CSV or JSON) for the scenario's file-driven input");
  gui->add_option("--images", gui_options.inputs.images, "IDX images file (plain or .gz) for the scenario's images population");
  gui->add_option("--labels", gui_options.inputs.labels, "IDX labels file that goes with --images");
  std::string panel_size_text;
  gui->add_option("--export-panels", gui_options.export_panels,
                  "After the last frame (--frames, default 60), write each open plot panel as a PNG into DIR and exit");
  gui->add_option("--export", gui_options.export_all,
                  "After the last frame (--frames, default 60), write what the Export panel writes (result files, panels, window) into DIR and exit");
  gui->add_option("--panel-size", panel_size_text, "Size of each exported panel WxH (default 1200x800)");
  gui->add_option("--layout", gui_options.layout,
                  "Window layout: network, diversity, learning, classification, or editor (the network layout with the network "
                  "editor in place of traces and rates) (default: chosen from the scenario)")
      ->check(CLI::IsMember({"network", "diversity", "learning", "classification", "editor"}));
  gui->add_flag("--frame-stats", gui_options.frame_stats,
                "After the last frame, print one line: frames=N fps_mean=... frame_ms_p50=... frame_ms_p95=... sim_ms=... realtime=... "
                "(the simulation then keeps to the wall clock, as in an interactive session)");
  gui->add_flag("--paused", gui_options.paused, "Start with the simulation paused");
  gui->add_option("--start-at", gui_options.start_at_ms,
                  "Simulate up to this time (ms), flat out, before the first frame: with --paused, a paused window that shows a run's "
                  "raster, traces and rates (the fair reference for --frame-stats)")
      ->check(CLI::NonNegativeNumber);
  gui->add_option("--replay", gui_options.replay,
                  "Show recorded spikes instead of a scenario: spikes.csv/.npy, SONATA .h5, NEST .dat (every virtual process), .gdf");
  gui->add_option("--scenario", gui_options.replay_scenario, "With --replay: map the populations onto this scenario's (preset name or file)");
  gui->add_flag("--overwrite", gui_options.overwrite, "Replace files in the --export-panels DIR (default: use DIR-2, DIR-3, ...)");
  gui->add_option("--rewind-seconds", gui_options.rewind_seconds, "How far back the Rewind window reaches, in simulated seconds (default 30)")
      ->check(CLI::Range(0.1, 86400.0));
  gui->add_option("--rewind-budget-mb", gui_options.rewind_budget_mb, "Memory the Rewind window's checkpoints may take, in MB (default 256)")
      ->check(CLI::Range(1.0, 1048576.0));
  gui->add_option("--rewind-to", gui_options.rewind_to_ms,
                  "With --frames: pause and go back to this simulated time (ms) for the last 10 frames, in the Rewind window")
      ->check(CLI::NonNegativeNumber);
  gui->add_option("--compare", gui_options.compare.scenario,
                  "Run B (a preset name or scenario file) beside the scenario, in lockstep with the same seed, drawn side by side");
  gui->add_option("--compare-set", gui_options.compare.changes,
                  "Run the scenario beside a copy with these changes: PATH=VALUE (repeatable, paths as for run --set)");
  gui->add_flag("--print-theme", gui_options.print_theme,
                "Light print theme (white paper, black text) for the window, its screenshots and exported pictures");
  gui->add_option("--sweep-csv", gui_options.sweep_csv, "Show a sweep.csv written by `neurosim sweep` in the Sweep window (curve or heatmap)");
  gui->add_option("--sweep-vary", gui_options.sweep_vary,
                  "Run a sweep of the scenario in the Sweep window: PATH=v1,v2,... or PATH=lo:hi:n as for sweep --vary (once or twice); "
                  "with --frames, the last 5 frames show it finished");
  gui->add_option("--sweep-duration", gui_options.sweep_duration_ms, "With --sweep-vary: simulated ms per point (default: the scenario's, at most 2000)")
      ->check(CLI::PositiveNumber);
  int gui_threads = 0;
  gui->add_option("--threads", gui_threads, "Threads that step the network (default 0: every core where it pays; results are the same for any count)")
      ->check(CLI::Range(0, 1024));

  neurosim::cli::RunOptions run_options;
  double duration = 0;
  unsigned long long seed = 0;
  auto* run = app.add_subcommand("run", "Run a scenario headless and write results");
  run->add_option("scenario", run_options.scenario, "Preset name or scenario file")->required();
  auto* duration_opt = run->add_option("--duration", duration, "Simulated time in ms (default: the scenario's)");
  auto* seed_opt = run->add_option("--seed", seed, "Random seed (default: the scenario's)");
  run->add_option("--out", run_options.out_dir, "Output directory (default: out)");
  run->add_option("--set", run_options.overrides, "Override a scenario field: PATH=VALUE (repeatable)");
  run->add_option("--input", run_options.input, "Data file (CSV or JSON) for the scenario's file-driven input");
  run->add_option("--images", run_options.images, "IDX images file (plain or .gz) for the scenario's images population");
  run->add_option("--labels", run_options.labels, "IDX labels file that goes with --images");
  run->add_option("--test-images", run_options.test_images,
                  "IDX images presented once after training, learning frozen (classification; default: the shipped digits-test)");
  run->add_option("--test-labels", run_options.test_labels, "IDX labels file that goes with --test-images");
  run->add_flag("--npy", run_options.npy, "Also write spikes.npy and weights.npy (NumPy)");
  run->add_flag("--weights", run_options.weights, "Write weights.csv even for networks over 5 million synapses");
  run->add_flag("--overwrite", run_options.overwrite, "Replace results in --out (default: write to DIR-2, DIR-3, ... when DIR holds results)");
  run->add_option("--threads", run_options.threads, "Threads that step the network (default 0: every core where it pays; results are the same for any count)")
      ->check(CLI::Range(0, 1024));
  run->add_option("--record", run_options.record, "Write the spikes of these populations only: POP[,POP...] (default: monitors.spikes, else all)");
  run->add_option("--spikes-format", run_options.spikes_format, "Spike file format: csv (spikes.csv, default), npy (spikes.npy) or sonata (spikes.h5)")
      ->check(CLI::IsMember({"csv", "npy", "sonata"}));
  run->add_option("--save-state", run_options.save_state, "Write the whole state at the end of the run to FILE (continue it with --load-state)");
  run->add_option("--load-state", run_options.load_state,
                  "Continue from a state FILE saved by --save-state for the same scenario, seed and --set values (--duration: how much longer)");

  neurosim::cli::ReplayOptions replay_options;
  auto* replay = app.add_subcommand("replay", "Write spikes.csv and metrics.csv from recorded spikes (NeuroSim, SONATA, NEST)");
  replay->add_option("files", replay_options.files, "Spike files: spikes.csv/.npy, SONATA .h5, NEST 3 .dat (every virtual process), NEST 2 .gdf")
      ->required();
  replay->add_option("--scenario", replay_options.scenario, "Map the populations onto this scenario's (preset name or file)");
  replay->add_option("--out", replay_options.out_dir, "Output directory (default: out)");
  replay->add_flag("--overwrite", replay_options.overwrite, "Replace results in --out (default: write to DIR-2, DIR-3, ... when DIR holds results)");

  neurosim::cli::SweepOptions sweep_options;
  double sweep_duration = 0;
  auto* sweep = app.add_subcommand("sweep", "Run every combination of --vary values in parallel; one row each in DIR/sweep.csv");
  sweep->add_option("scenario", sweep_options.scenario, "Preset name or scenario file")->required();
  sweep->add_option("--vary", sweep_options.vary, "PATH=v1,v2,... or PATH=lo:hi:n (repeatable; paths as for run --set)")->required();
  auto* sweep_duration_opt = sweep->add_option("--duration", sweep_duration, "Simulated time in ms per point (default: the scenario's)");
  sweep->add_option("--jobs", sweep_options.jobs, "Points run at once (default: every core)")->check(CLI::NonNegativeNumber);
  sweep->add_option("--out", sweep_options.out_dir, "Output directory (default: sweep)");
  sweep->add_flag("--overwrite", sweep_options.overwrite, "Replace DIR/sweep.csv (default: write to DIR-2, DIR-3, ...)");

  std::string validate_path;
  auto* validate = app.add_subcommand("validate", "Report every problem in a scenario file");
  validate->add_option("file", validate_path, "Scenario file or preset name")->required();

  auto* presets = app.add_subcommand("presets", "List the built-in scenarios");

  neurosim::cli::ExportOptions export_options;
  auto* export_cmd = app.add_subcommand("export", "Write a scenario in another format: SONATA (a directory), a PyNN script, NIR (.nir) or scenario JSON");
  export_cmd->add_option("scenario", export_options.scenario, "Preset name, scenario file or NIR graph (.nir)")->required();
  export_cmd->add_option("--to", export_options.to, "Format: sonata (DIR), pynn (a PyNN script, FILE.py), nir or json")
      ->required()
      ->check(CLI::IsMember({"sonata", "pynn", "nir", "json"}));
  export_cmd->add_option("--out", export_options.out, "File to write")->required();
  export_cmd->add_option("--set", export_options.overrides, "Override a scenario field: PATH=VALUE (repeatable)");
  export_cmd->add_flag("--overwrite", export_options.overwrite, "Replace --out if it exists");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;  // bad arguments
  }

  if (*run) {
    if (*duration_opt) run_options.duration_ms = duration;
    if (*seed_opt) run_options.seed = seed;
    return neurosim::cli::run_command(run_options);
  }
  if (*replay) return neurosim::cli::replay_command(replay_options);
  if (*sweep) {
    if (*sweep_duration_opt) sweep_options.duration_ms = sweep_duration;
    return neurosim::cli::sweep_command(sweep_options);
  }
  if (*validate) return neurosim::cli::validate_command(validate_path);
  if (*presets) return neurosim::cli::presets_command();
  if (*export_cmd && export_options.to == "sonata")
    return neurosim::cli::export_sonata_command(export_options.scenario, export_options.overrides, export_options.out, export_options.overwrite);
  if (*export_cmd && export_options.to == "pynn") {
    if (!export_options.overrides.empty()) {
      std::cerr << "error: --set is not available with --to pynn\n";
      return 2;
    }
    return neurosim::cli::export_command(export_options.scenario, export_options.to, export_options.out, export_options.overwrite);
  }
  if (*export_cmd) return neurosim::cli::export_command(export_options);
  if (*gui && !panel_size_text.empty() && !parse_size(panel_size_text, gui_options.panel_width, gui_options.panel_height)) {
    std::cerr << "error: --panel-size must be WxH between 320x240 and 16384x16384 (got " << panel_size_text << ")\n";
    return 2;
  }
  if (*gui && (!gui_options.export_panels.empty() || !gui_options.export_all.empty()) && gui_options.frames == 0) gui_options.frames = 60;
  if (*gui && !size_text.empty() && !parse_size(size_text, gui_options.width, gui_options.height)) {
    std::cerr << "error: --size must be WxH between 320x240 and 16384x16384 (got " << size_text << ")\n";
    return 2;
  }
  // Every network the window builds (loads, rebuilds) steps with this many threads.
  neurosim::set_default_threads(gui_threads);
  return neurosim::gui::run_gui(gui_options);
}
