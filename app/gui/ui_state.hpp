#pragma once
// Which windows are open and layout requests: one struct, as imgui_demo.cpp keeps its
// ImGuiDemoWindowData. Every window takes a bool* p_open from here (View menu toggles them).
namespace neurosim::gui {

struct UiState {
  bool show_simulation = true;
  bool show_controls = true;
  bool show_raster = true;
  bool show_traces = true;
  bool show_heatmap = true;
  bool show_rates = true;
  bool show_imgui_demo = false;  // ImGui's own demo, handy when extending panels
  bool reset_layout = false;     // put every window back at its default place next frame
};

}  // namespace neurosim::gui
