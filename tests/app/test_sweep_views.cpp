// The Sweep panel's view-model (app/gui/views/sweep_table.cpp) and its background job
// (sweep_job.cpp): sweep.csv read back, curves and grids binned as the panel draws them, the
// parameters a sweep may vary, and a job's rows equal to `neurosim sweep`'s, byte for byte.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "cli/sweep_command.hpp"
#include "cli/sweep_plan.hpp"
#include "gui/views/sweep_job.hpp"
#include "gui/views/sweep_table.hpp"
#include "io/temp_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "neurosim/session.hpp"

using namespace neurosim;
using namespace neurosim::gui;

namespace {

// Two varied parameters (3 x 2 points) and one population, as `neurosim sweep` writes them.
constexpr const char* kTwoParameterCsv =
    "stimuli.step.amplitude,populations.neuron.params.tau_m,neuron_rate_hz,neuron_cv_isi,neuron_synchrony\n"
    "300,10,0,nan,nan\n"
    "300,20,5,0.1,nan\n"
    "450,10,10,0.05,nan\n"
    "450,20,20,0.02,nan\n"
    "600,10,30,0.01,nan\n"
    "600,20,50,0.01,nan\n";

ScenarioSpec preset(const char* name) {
  io::LoadResult loaded = io::load_scenario(name);
  REQUIRE(loaded.errors.empty());
  return *loaded.spec;
}

}  // namespace

TEST_SUITE("sweep views") {
  TEST_CASE("sweep views: sweep.csv parses into parameter and measured columns") {
    std::string error;
    const auto table = parse_sweep_csv(kTwoParameterCsv, "s.csv", error);
    REQUIRE(table);
    CHECK(error == "");
    CHECK(table->parameter_count == 2);
    CHECK(table->columns.size() == 5);
    CHECK(table->rows.size() == 6);
    CHECK(table->measure_columns() == std::vector<int>{2, 3, 4});
    CHECK(std::isnan(table->rows[0][3]));
    CHECK(table->rows[5][2] == 50.0);
    // Quoted fields as csv_field writes them.
    const auto quoted = parse_sweep_csv("\"a,b\",x_rate_hz\n1,2\n", "q.csv", error);
    REQUIRE(quoted);
    CHECK(quoted->columns[0] == "a,b");
  }

  TEST_CASE("sweep views: a malformed sweep.csv names the file, line and column") {
    std::string error;
    CHECK_FALSE(parse_sweep_csv("", "e.csv", error));
    CHECK(error == "e.csv: empty file");
    CHECK_FALSE(parse_sweep_csv("a,x_rate_hz\n", "h.csv", error));
    CHECK(error == "h.csv: no rows under the header");
    CHECK_FALSE(parse_sweep_csv("a,x_rate_hz\n1,2\n3\n", "f.csv", error));
    CHECK(error == "f.csv line 3: 1 fields, the header has 2");
    CHECK_FALSE(parse_sweep_csv("a,x_rate_hz\n1,fast\n", "n.csv", error));
    CHECK(error == "n.csv line 2, column x_rate_hz: \"fast\" is not a number");
    CHECK_FALSE(parse_sweep_csv("x_rate_hz,y_cv_isi\n1,2\n", "p.csv", error));
    CHECK(error.find("no varied parameter column") != std::string::npos);
    CHECK_FALSE(parse_sweep_csv("a,b\n1,2\n", "m.csv", error));
    CHECK(error.find("no measured column") != std::string::npos);
    CHECK_FALSE(parse_sweep_csv("a,x_rate_hz,b\n1,2,3\n", "o.csv", error));
    CHECK(error.find("column \"b\" follows the measured columns") != std::string::npos);
    CHECK_FALSE(read_sweep_csv("/nonexistent/sweep.csv", error));
    CHECK(error == "/nonexistent/sweep.csv: no such file");
  }

  TEST_CASE("sweep views: axis titles carry the measure and its unit") {
    CHECK(column_title("E_rate_hz") == "E rate (Hz)");
    CHECK(column_title("exc_cv_isi") == "exc CV of ISIs");
    CHECK(column_title("I_synchrony") == "I synchrony");
    CHECK(column_title("accuracy") == "accuracy");
    CHECK(column_title("stimuli.step.amplitude", "pA") == "stimuli.step.amplitude (pA)");
    CHECK(column_title("projections.ie.weight+projections.ii.weight") == "projections.ie.weight+projections.ii.weight");
    CHECK(weight_unit("lif") == "pA");
    CHECK(weight_unit("lif_cond") == "nS");
    CHECK(weight_unit("lif_delta") == "mV");
  }

  TEST_CASE("sweep views: a curve averages the rows of each x and sorts them") {
    std::string error;
    const auto table = parse_sweep_csv(kTwoParameterCsv, "s.csv", error);
    REQUIRE(table);
    // Rate against amplitude, averaged over tau_m: (0+5)/2, (10+20)/2, (30+50)/2.
    const SweepCurve curve = sweep_curve(*table, 0, 2);
    CHECK(curve.x == std::vector<double>{300, 450, 600});
    CHECK(curve.y == std::vector<double>{2.5, 15, 40});
    CHECK(curve.per_point == 2);
    CHECK(curve.left_out == 0);
    CHECK(curve.y_lo == 2.5);
    CHECK(curve.y_hi == 40);
    // NaN values are left out and counted.
    const SweepCurve cv = sweep_curve(*table, 0, 3);
    CHECK(cv.left_out == 1);
    CHECK(cv.x == std::vector<double>{300, 450, 600});
    CHECK(cv.y[0] == doctest::Approx(0.1));
    // Out-of-range columns give an empty curve, not a crash.
    CHECK(sweep_curve(*table, 9, 2).x.empty());
  }

  TEST_CASE("sweep views: a grid puts every row in its cell") {
    std::string error;
    const auto table = parse_sweep_csv(kTwoParameterCsv, "s.csv", error);
    REQUIRE(table);
    const SweepGrid grid = sweep_grid(*table, 0, 1, 2);
    CHECK(grid.xs == std::vector<double>{300, 450, 600});
    CHECK(grid.ys == std::vector<double>{10, 20});
    REQUIRE(grid.z.size() == 6);
    CHECK(grid.at(0, 0) == 0);
    CHECK(grid.at(2, 1) == 50);
    CHECK(grid.at(1, 1) == 20);
    CHECK(grid.z_lo == 0);
    CHECK(grid.z_hi == 50);
    CHECK(grid.empty_cells == 0);
    CHECK(grid.per_cell == 1);
    // Cell edges midway between values, the outer ones as wide as their neighbours.
    CHECK(SweepGrid::edges(grid.xs) == std::vector<double>{225, 375, 525, 675});
    CHECK(SweepGrid::edges({5.0}) == std::vector<double>{2.5, 7.5});
    // A missing combination is an empty cell.
    const auto sparse = parse_sweep_csv("a,b,x_rate_hz\n1,1,4\n2,2,8\n", "s.csv", error);
    REQUIRE(sparse);
    const SweepGrid g2 = sweep_grid(*sparse, 0, 1, 2);
    CHECK(g2.empty_cells == 2);
    CHECK(std::isnan(g2.at(1, 0)));
    CHECK(g2.at(1, 1) == 8);
  }

  TEST_CASE("sweep views: every parameter offered is a path --set accepts") {
    for (const char* name : {"default", "lif-single", "brunel2000-ai"}) {
      INFO(name);
      BuildResult built = build_network(preset(name));
      REQUIRE(built.errors.empty());
      Session session(std::move(built.network));
      const std::shared_ptr<const ScenarioFacts> facts = session.facts();
      const std::vector<SweepParameter> params = sweep_parameters(*facts);
      CHECK(params.size() > 3);
      for (const SweepParameter& p : params) {
        INFO(p.path);
        ScenarioSpec spec = facts->spec;
        char value[64];
        std::snprintf(value, sizeof value, "%.17g", p.value);
        CHECK(io::apply_override(spec, p.path, value) == "");
        CHECK(check_scenario(spec).empty());
        CHECK(p.lo <= p.hi);
      }
    }
    const std::vector<std::string> measures = sweep_measure_columns(preset("brunel2000-ai"));
    CHECK(measures == std::vector<std::string>{"E_rate_hz", "E_cv_isi", "E_synchrony", "I_rate_hz", "I_cv_isi", "I_synchrony"});
  }

  TEST_CASE("sweep views: a job in the background writes the rows neurosim sweep writes") {
    const auto dir = test::temp_dir("sweep-job");
    cli::SweepOptions options;
    options.scenario = "lif-single";
    options.vary = {"stimuli.step.amplitude=300:600:3", "populations.neuron.params.tau_m=10,20"};
    options.duration_ms = 300;
    options.jobs = 2;
    options.out_dir = (dir / "cli").string();
    REQUIRE(cli::sweep_command(options) == 0);
    const std::string expected = test::read_text(dir / "cli" / "sweep.csv");

    // The window sweeps the scenario as the running Session describes it (its facts), not the file.
    BuildResult built = build_network(preset("lif-single"));
    REQUIRE(built.errors.empty());
    Session session(std::move(built.network));
    session.advance(50);  // running: the sweep's points start from t = 0 all the same
    std::string error;
    auto plan = cli::plan_sweep(session.facts()->spec, options.vary, 300.0, error);
    REQUIRE(plan);
    CHECK(plan->points() == 6);
    SweepJob job;
    job.start(std::move(*plan), 2);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::optional<SweepOutcome> outcome;
    while (!(outcome = job.take()) && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(outcome);
    CHECK(outcome->error == "");
    CHECK_FALSE(outcome->cancelled);
    CHECK(job.done() == 6);
    CHECK(outcome->csv == expected);
    // And the panel reads it back: the f-I curve rises with the amplitude.
    const auto table = parse_sweep_csv(outcome->csv, "job", error);
    REQUIRE(table);
    const SweepCurve fi = sweep_curve(*table, 0, 2);
    REQUIRE(fi.y.size() == 3);
    CHECK(fi.y[2] > fi.y[0]);
  }

  TEST_CASE("sweep views: a cancelled job stops and writes nothing") {
    std::string error;
    auto plan = cli::plan_sweep(preset("lif-single"), {"stimuli.step.amplitude=300:600:40"}, 20000.0, error);
    REQUIRE(plan);
    SweepJob job;
    job.start(std::move(*plan), 1);
    job.cancel();
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::optional<SweepOutcome> outcome;
    while (!(outcome = job.take()) && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(outcome);
    CHECK(outcome->cancelled);
    CHECK(outcome->csv == "");
    CHECK(job.done() < 40);
  }

  TEST_CASE("sweep views: a bad range is refused before anything runs, naming the argument") {
    std::string error;
    CHECK_FALSE(cli::plan_sweep(preset("lif-single"), {"stimuli.step.amplitude=1:2:0"}, 100.0, error));
    CHECK(error == "--vary stimuli.step.amplitude=1:2:0: the range 1:2:0 is empty: n must be a whole number >= 1");
    CHECK_FALSE(cli::plan_sweep(preset("lif-single"), {}, 100.0, error));
    CHECK(error.find("at least one --vary") != std::string::npos);
    CHECK_FALSE(cli::plan_sweep(preset("lif-single"), {"stimuli.step.amplitude=1,2"}, -5.0, error));
    CHECK(error == "--duration must be a number of ms > 0");
  }
}
