// Two runs side by side (see app.hpp, gui/compare/compare_window.hpp): opening a comparison
// from the command line or from the Compare action, and the frame while it is open.
#include <imgui.h>

#include <exception>
#include <utility>

#include "gui/shell/app.hpp"
#include "gui/shell/screenshot.hpp"
#include "neurosim/checkpoint.hpp"

namespace neurosim::gui {

namespace {

// The neurons a side traces: those given (the single run's), else, when its scenario traces
// none, the first neuron of up to two simulated populations (as a loaded scenario shows them).
void trace_side(Session& session, const std::vector<std::pair<int, int>>& probes) {
  const Network& net = session.network();
  auto trace = [&](int population, int neuron) {
    const Command c = SetTraced{population, neuron};
    if (session.check(c).empty()) session.submit(c);
  };
  if (!probes.empty()) {
    for (const auto& [population, neuron] : probes) trace(population, neuron);
  } else if (net.traces().probes().empty()) {
    int added = 0;
    for (int i = 0; i < net.population_count() && added < 2; ++i) {
      if (net.population(i).is_source() || net.population(i).size() == 0) continue;
      trace(i, 0);
      ++added;
    }
  }
  session.advance(0);  // traced from the first step shown
}

}  // namespace

std::string App::start_compare(const ScenarioSpec& b, const std::string& b_label) {
  const ScenarioSpec a = runner_->with_session([](Session& s) { return s.network().spec(); });
  const std::string name = a.name.empty() ? files_.current : a.name;
  return open_compare(a, "A: " + name, b, "B: " + (b_label == "A" ? name : b_label), nullptr, {});
}

void App::open_compare_copy() {
  compare_requested_ = false;
  if (compare_) return;
  // The running network's scenario (every applied change in it) and its whole state now: the
  // copy goes on from here, as the original does.
  ScenarioSpec spec;
  Checkpoint state;
  std::string why;
  runner_->with_session([&](Session& s) {
    spec = s.network().spec();
    try {
      s.capture_state(state);
    } catch (const std::exception& e) {
      why = e.what();
    }
  });
  const std::string name = spec.name.empty() ? files_.current : spec.name;
  const std::string error = open_compare(spec, "A: " + name, spec, "B: copy of " + name, why.empty() ? &state : nullptr, traced_list_);
  if (!error.empty()) set_message("cannot compare: " + error, true);
  else if (!why.empty()) set_message("the copy starts at t = 0 (" + why + ")", false);
  else set_message("B is a copy of A: change it with the sliders of the Parameters window", false);
}

std::string App::open_compare(const ScenarioSpec& a, std::string label_a, const ScenarioSpec& b, std::string label_b, const Checkpoint* from,
                              const std::vector<std::pair<int, int>>& probes) {
  std::string error;
  std::unique_ptr<Network> net_a = build_side(a, "A", error);
  if (!net_a) return error;
  std::unique_ptr<Network> net_b = build_side(b, "B", error);
  if (!net_b) return error;
  auto session_options = [&](const ScenarioSpec& spec) {
    const bool classifies = spec.experiment && spec.experiment->task == "classification";
    return SessionOptions{classifies ? shipped_test_digits_ : nullptr};
  };
  auto session_a = std::make_unique<Session>(std::move(net_a), session_options(a));
  auto session_b = std::make_unique<Session>(std::move(net_b), session_options(b));
  if (from != nullptr) {
    for (Session* s : {session_a.get(), session_b.get()}) {
      if (const std::string e = s->restore_state(*from); !e.empty()) return "cannot copy the state: " + e;
    }
  }
  trace_side(*session_a, probes);
  trace_side(*session_b, probes);
  auto window = std::make_unique<CompareWindow>(std::move(session_a), std::move(label_a), std::move(session_b), std::move(label_b),
                                                options_.lockstep);
  if (!window->create_gl(error)) return error;
  // The single run waits, paused, while the two are compared.
  runner_->set_paused(true);
  runner_paused_ = true;
  clock_.resync();
  compare_ = std::move(window);
  return "";
}

void App::frame_compare(AppRequests& requests) {
  const double frame_dt = ImGui::GetIO().DeltaTime;
  compare_->pace(clock_, options_.fixed_frame_s > 0.0 ? options_.fixed_frame_s : frame_dt);
  compare_->read(clock_, frame_dt);
  {
    const auto lock = engine_lock();  // the menu names the single run's scenario
    draw_menu(requests);
  }
  const bool keep = compare_->draw(clock_);
  if (requests.quit) quit_ = true;
  if (requests.toggle_pause) {
    clock_.paused = !clock_.paused;
    clock_.resync();
  }
  if (requests.step_once) compare_->step_once(clock_);
  if (requests.reset) compare_->reset_both();
  if (requests.screenshot) screenshot_path_ = timestamped_screenshot_name();
  compare_->render_gl();
  // Back to the single run: the Compare action again, the window's button, or another scenario.
  if (!keep || compare_requested_ || !requests.load.empty() || requests.rebuild) {
    compare_requested_ = false;
    compare_->destroy_gl();
    compare_.reset();
    clock_.resync();
    ui_.reset_layout = true;  // the single run's windows where they belong (B's Parameters moved)
    if (!requests.load.empty()) load(requests.load);
  }
}

}  // namespace neurosim::gui
