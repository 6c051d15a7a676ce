// App, sweep and print-theme feature (as Tracy splits a big class into TracyView_*.cpp): the
// Sweep window's entry points from the command line, and the print theme's switch.
#include "gui/panels/print_theme.hpp"
#include "gui/shell/app.hpp"

namespace neurosim::gui {

std::string App::open_sweep_csv(const std::string& path) { return sweep_panel_.open_csv(path); }

std::string App::start_sweep(const std::vector<std::string>& vary, double duration_ms) {
  return sweep_panel_.start(*facts_, vary, duration_ms);
}

void App::use_print_theme(bool on) {
  set_print_theme(on);
  data_.exports.what.print_theme = on;  // and the exports' default with it
}

}  // namespace neurosim::gui
