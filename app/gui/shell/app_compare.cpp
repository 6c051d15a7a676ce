// Two runs side by side (see app.hpp, gui/compare/compare_window.hpp): opening a comparison
// from the command line or from the Compare action, and the frame while it is open.
#include <imgui.h>

#include <chrono>
#include <exception>
#include <future>
#include <utility>

#include "gui/shell/app.hpp"
#include "gui/shell/screenshot.hpp"
#include "neurosim/checkpoint.hpp"

namespace neurosim::gui {

std::string App::start_compare(const ScenarioSpec& b, const std::string& b_label) {
  // Before the first frame: built here (a bad B has been refused before the window opened).
  CompareRequest request;
  request.a = runner_->with_session([](Session& s) { return s.network().spec(); });
  const std::string name = request.a.name.empty() ? files_.current : request.a.name;
  request.b = b;
  request.label_a = "A: " + name;
  request.label_b = "B: " + (b_label == "A" ? name : b_label);
  request.test_digits = shipped_test_digits_;
  return open_compare(build_compare(request));
}

void App::open_compare_copy() {
  compare_requested_ = false;
  if (compare_ || compare_build_.valid()) return;
  // The running network's scenario (every applied change in it) and its whole state now, taken
  // between two of the engine's chunks; then both sides are built. All of it on a thread of its
  // own: the window draws on, and picks the result up when it is ready (poll_compare_build).
  SessionRunner* runner = runner_.get();
  const std::string current = files_.current;
  std::vector<std::pair<int, int>> probes = traced_list_;
  std::shared_ptr<const ImageSet> digits = shipped_test_digits_;
  compare_build_ = std::async(std::launch::async, [runner, current, probes = std::move(probes), digits]() {
    CompareRequest request;
    auto state = std::make_shared<Checkpoint>();
    std::string why;
    runner->with_session([&](Session& s) {
      request.a = s.network().spec();
      try {
        s.capture_state(*state);
      } catch (const std::exception& e) {
        why = e.what();
      }
    });
    const std::string name = request.a.name.empty() ? current : request.a.name;
    request.b = request.a;
    request.label_a = "A: " + name;
    request.label_b = "B: copy of " + name;
    if (why.empty()) request.from = std::move(state);
    request.probes = probes;
    request.test_digits = digits;
    CompareBuilt built = build_compare(request);
    if (built.error.empty() && !why.empty()) built.note = "the copy starts at t = 0 (" + why + ")";
    return built;
  });
  set_message("copying the network for the comparison...", false);
}

void App::poll_compare_build() {
  if (!compare_build_.valid() || compare_build_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  CompareBuilt built = compare_build_.get();
  const std::string note = built.note;
  const std::string error = open_compare(std::move(built));
  if (!error.empty()) set_message("cannot compare: " + error, true);
  else if (!note.empty()) set_message(note, false);
  else set_message("B is a copy of A: change it with the sliders of the Parameters window", false);
}

std::string App::open_compare(CompareBuilt built) {
  if (!built.a || !built.b) return built.error;
  std::string error;
  auto window = std::make_unique<CompareWindow>(std::move(built.a), std::move(built.label_a), std::move(built.b), std::move(built.label_b),
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
