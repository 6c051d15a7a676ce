// The window's data paths, headless (no display: ImGui gets a context and a font atlas, no
// renderer):
//   - the Input data panel's load path (app/gui/panels/panel_input.cpp): a dropped file is read on a
//     worker thread, reported, and only then sent to the engine as a SetInput command. Every
//     malformed file of tests/data/bad_inputs/ and a good file of the wrong width must leave the
//     running input playing: the same data object, and spikes identical to a network that was
//     never touched;
//   - Save scenario (gui::save_scenario): the live parameters after commands, under a numbered
//     name when the file exists, and loading what was saved reproduces the run bit for bit.
#include <doctest/doctest.h>

#include "neurosim/session.hpp"
#include <imgui.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "gui/panels/data_panels.hpp"
#include "gui/shell/scenario_loader.hpp"
#include "neurosim/file_source.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"

using namespace neurosim;

namespace {

const std::filesystem::path kBad = std::filesystem::path(NEUROSIM_TEST_DATA_DIR) / "bad_inputs";

// An ImGui context with a built font atlas: enough for NewFrame/Render without a GPU.
struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1200, 800);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;
};

std::unique_ptr<Network> build_file_input() {
  auto loaded = io::load_scenario("file-input");
  REQUIRE(loaded.spec);
  BuildOptions options;
  options.record = RecordMode::Full;
  auto built = build_network(*loaded.spec, options);
  for (const auto& e : built.errors) FAIL_CHECK(e.text());
  REQUIRE(built.network);
  return std::move(built.network);
}

// Draws frames (the panel polls its reader in draw()) until the dropped file has been read
// and handled, or 20 s have passed.
void draw_until_read(gui::InputPanel& panel, Session& session, const gui::Submit& submit) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  const std::vector<std::pair<int, int>> none;
  do {
    ImGui::NewFrame();
    bool open = true;
    const auto facts = session.facts();  // the window hands the panel the observed facts
    panel.draw(&open, gui::InputsSeen{*facts, none}, submit);
    ImGui::Render();
    if (!panel.pending.valid()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  } while (std::chrono::steady_clock::now() < deadline);
  FAIL("the panel did not finish reading the file");
}

const TimeSeries* playing(const Network& net) { return dynamic_cast<const FilePopulation&>(net.population(0)).series(); }

bool same_spikes(const std::vector<SpikeEvent>& a, const std::vector<SpikeEvent>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const SpikeEvent& x, const SpikeEvent& y) {
           return x.step == y.step && x.population == y.population && x.neuron == y.neuron;
         });
}

}  // namespace

TEST_SUITE("app: input panel") {
  TEST_CASE("a dropped file that does not load or does not fit leaves the running input playing") {
    HeadlessImGui imgui;
    Session session(build_file_input());
    const Network* net = &session.network();
    auto reference = build_file_input();  // never given anything
    const std::vector<std::pair<int, int>> none;
    // What the window hands the panel for a drop: the facts as observed now.
    const auto drop = [&](gui::InputPanel& panel, const std::string& path) {
      const auto facts = session.facts();
      panel.drop(path, gui::InputsSeen{*facts, none});
    };
    REQUIRE(net->population(0).name() == "input");
    const TimeSeries* before = playing(*net);
    REQUIRE(before != nullptr);
    // As the window's: checked now, queued, applied before the next step.
    const gui::Submit submit = [&](const Command& c) {
      std::string why = session.check(c);
      if (why.empty()) session.submit(c);
      return why;
    };
    gui::InputPanel panel;
    session.advance(700);
    reference->run(700);

    // Each problem of the list that a dropped CSV or JSON file can have.
    for (const char* name : {"ragged.csv", "not_a_number.csv", "nan.csv", "inf.csv", "empty.csv", "binary.csv", "utf16.csv",
                             "utf16_nobom.csv", "malformed.json", "json_ragged.json", "json_string.json"}) {
      INFO(name);
      const std::string path = (kBad / name).string();
      const std::string error = io::load_time_series(path, InputKind::Spikes).error;
      REQUIRE(error.rfind(path + ":", 0) == 0);  // the message starts with the file's name
      drop(panel, path);
      draw_until_read(panel, session, submit);
      CHECK(panel.message_is_error);
      CHECK(panel.message == error + "\nThe running input is unchanged.");
      session.advance(100);
      reference->run(100);
      CHECK(playing(*net) == before);
    }
    // The line and column reach the panel's message unchanged.
    drop(panel, (kBad / "ragged.csv").string());
    draw_until_read(panel, session, submit);
    CHECK(panel.message.find("ragged.csv:3:6: row has 3 values, expected 4") != std::string::npos);

    // A good file of the wrong width is read, then refused by the engine's check.
    const auto dir = std::filesystem::temp_directory_path() / ("neurosim-test-panel-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "three.csv") << "1,0,1\n0,1,0\n";
    drop(panel, (dir / "three.csv").string());
    draw_until_read(panel, session, submit);
    CHECK(panel.message_is_error);
    CHECK(panel.message.rfind("not applied: ", 0) == 0);
    CHECK(panel.message.find("The running input is unchanged.") != std::string::npos);
    session.advance(1000);
    reference->run(1000);
    CHECK(playing(*net) == before);
    CHECK(same_spikes(net->spikes().all(), reference->spikes().all()));

    // A file that fits replaces the input from the next step: neuron 4 fires every step.
    {
      std::ofstream good(dir / "good.csv");
      for (int row = 0; row < 10; ++row) {
        for (int c = 0; c < 20; ++c) good << (c ? "," : "") << (c == 4 ? 1 : 0);
        good << '\n';
      }
    }
    drop(panel, (dir / "good.csv").string());
    draw_until_read(panel, session, submit);
    INFO(panel.message);
    CHECK_FALSE(panel.message_is_error);
    session.advance(0);  // the command applies before the next step
    const std::int64_t applied_at = net->step_index();
    session.advance(5);
    REQUIRE(playing(*net) != before);
    CHECK(playing(*net)->source == (dir / "good.csv").string());
    int input_spikes = 0;
    for (const SpikeEvent& e : net->spikes().all()) {
      if (e.step < applied_at || e.population != 0) continue;
      CHECK(e.neuron == 4);
      ++input_spikes;
    }
    CHECK(input_spikes == 5);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("Save scenario keeps the live parameters, never overwrites, and the saved file replays the run") {
    auto net = build_file_input();
    net->run(400);
    // As the sliders send them: a whole value per command, applied between steps.
    CHECK(net->submit(SetParam{1, "V_th", -56.5}) == "");
    CHECK(net->submit(SetParam{1, "tau_m", 12.5}) == "");
    net->run(400);
    const auto dir = std::filesystem::temp_directory_path() / ("neurosim-test-save-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "sub");
    const std::string path = (dir / "sub" / "saved.json").string();
    std::string saved_as;
    CHECK(gui::save_scenario(net->spec(), path, false, &saved_as) == "");
    CHECK(saved_as == path);
    std::string again;
    CHECK(gui::save_scenario(net->spec(), path, false, &again) == "");
    CHECK(again == (dir / "sub" / "saved-2.json").string());  // the first file stays as it was

    auto loaded = io::load_scenario_file(path);
    for (const auto& e : loaded.errors) FAIL_CHECK(e.text());
    REQUIRE(loaded.spec);
    CHECK(loaded.spec->populations[1].params.at("V_th").a == -56.5);
    CHECK(loaded.spec->populations[1].params.at("tau_m").a == 12.5);
    // The input file's path was rewritten to start at the saved file's folder, and read again.
    REQUIRE(loaded.spec->populations[0].input);
    CHECK(loaded.spec->populations[0].input->series);

    BuildOptions options;
    options.record = RecordMode::Full;
    auto built = build_network(*loaded.spec, options);
    REQUIRE(built.network);
    built.network->run(3000);
    REQUIRE(net->submit(ResetNetwork{}) == "");  // the live network from t = 0, changes kept
    net->run(3000);
    CHECK(net->spikes().all().size() > 100);
    CHECK(same_spikes(net->spikes().all(), built.network->spikes().all()));
    std::filesystem::remove_all(dir);
  }
}
