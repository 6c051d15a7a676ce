#pragma once
// The Sweep window: one or two of the running scenario's parameters over ranges, run in the
// background with the code `neurosim sweep` runs (so each point equals a plain run with those
// --set values), with progress and Cancel; the measured column (a population's rate, CV of ISIs
// or synchrony, or the accuracy) drawn as a curve against one parameter or as a heatmap over two,
// with axis titles and a colour bar. A sweep.csv written by `neurosim sweep` opens here too
// (File > Open sweep.csv, `neurosim gui S --sweep-csv DIR/sweep.csv`).
// The data side is in gui/views/sweep_table.hpp and sweep_job.hpp (tested headless).
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/views/sweep_job.hpp"
#include "gui/views/sweep_table.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

struct SweepPanel {
  // Settings
  struct Dimension {
    std::string path;  // as --vary takes it; "A+B" ties two paths
    double lo = 0.0, hi = 1.0;
    int count = 5;
  };
  Dimension dims[2];
  bool two_parameters = false;
  double duration_ms = 1000.0;  // per point (scenarios without an experiment)
  int threads = 1;
  std::string measure;          // the measured column shown; "" picks the first rate
  std::string csv_path;         // a sweep.csv to open
  std::string save_dir = "sweep";
  bool open = false;

  void draw(const ScenarioFacts& facts);
  // Starts a sweep of the running scenario with `vary` as --vary arguments (the window's own
  // fields are filled from them), `duration` ms per point (<= 0: the window's); "" or why not.
  std::string start(const ScenarioFacts& facts, const std::vector<std::string>& vary, double duration = 0.0);
  // Reads a sweep.csv and shows it; "" or why not.
  std::string open_csv(const std::string& path);
  // Blocks until a running sweep has finished and its result is shown (`--frames` runs).
  void wait();

  // Outputs: the plot as a picture.
  bool has_plot() const { return table.has_value(); }
  std::string plot_svg(int width, int height, bool print) const;

  // Internal
  SweepJob job;
  std::optional<SweepTable> table;
  std::string table_source;  // "sweep of lif-single" or the file's path
  std::string message;
  bool message_is_error = false;
  std::vector<SweepParameter> parameters;
  std::uint64_t parameters_version = ~std::uint64_t{0};
  int x_column = 0, y_column = 1;
  std::string last_csv;  // of the last sweep run here, for Save
  bool initialised = false;
  std::vector<std::string> sources;  // spike-source populations: their rate is an input, not a result

 private:
  void poll();
  void initialise(const ScenarioFacts& facts);
  void draw_setup(const ScenarioFacts& facts);
  void draw_plot();
  int measure_column() const;
};

}  // namespace neurosim::gui
