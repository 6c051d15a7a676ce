#pragma once
// Which windows are open and layout requests: one struct, as imgui_demo.cpp keeps its
// ImGuiDemoWindowData. Every window takes a bool* p_open from here (View menu toggles them).
namespace neurosim::gui {

// Network: raster, traces, weights, rates. Diversity: raster, one neuron, its phase plane and
// the populations' E/I view (layout.hpp; chosen per scenario by prefers_diversity_layout).
// Learning: raster, weights and the learning views (learning_panels.hpp; chosen when a
// projection is plastic). Classification: receptive fields, the digit on show, the confusion
// matrix and the training curve (classification_panels.hpp; chosen for a classification
// experiment).
enum class Layout { Network, Diversity, Learning, Classification };

struct UiState {
  bool show_simulation = true;
  bool show_parameters = true;
  bool show_raster = true;
  bool show_traces = true;
  bool show_heatmap = true;
  bool show_rates = true;
  bool show_neuron = false;       // neuron diversity views (diversity_panels.hpp)
  bool show_phase_plane = false;
  bool show_population = false;
  bool show_learning = false;     // learning views (learning_panels.hpp)
  bool show_stdp_window = false;
  bool show_weight_hist = false;
  bool show_synapses = false;
  bool show_before_after = false;
  bool show_latency = false;
  bool show_experiment = false;
  bool show_receptive_fields = false;  // classification views (classification_panels.hpp)
  bool show_digit = false;
  bool show_confusion = false;
  bool show_training_curve = false;
  bool learning_has_experiment = false;  // the scenario kind the learning layout is arranged for
  bool learning_has_patterns = false;
  Layout layout = Layout::Network;
  bool show_network = false;     // the network editor (panel_network.hpp)
  bool show_input = false;       // input data and export (data_panels.hpp)
  bool show_export = false;
  bool show_imgui_demo = false;  // ImGui's own demo, handy when extending panels
  bool reset_layout = false;     // put every window back at its default place next frame
};

}  // namespace neurosim::gui
