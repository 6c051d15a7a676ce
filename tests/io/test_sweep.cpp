// `neurosim sweep` (app/cli/sweep_command.cpp): each row equals a plain `neurosim run` with the
// same --set values, and the --vary arguments parse as documented.
#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/sweep_command.hpp"
#include "io/temp_files.hpp"

using namespace neurosim;

namespace {

// A small recurrent E/I network driven by Poisson afferents: rates and irregularity depend on
// the varied weight scale and input rate.
constexpr const char* kScenario = R"({
  "name": "sweep-test", "dt_ms": 0.1, "duration_ms": 300, "seed": 5,
  "populations": [
    {"name": "in", "model": "poisson", "size": 100, "params": {"rate": 20}},
    {"name": "exc", "model": "lif", "size": 160, "params": {"tau_m": 20}},
    {"name": "inh", "model": "lif", "size": 40, "params": {"tau_m": 10}}
  ],
  "projections": [
    {"name": "ie", "pre": "in", "post": "exc", "connectivity": {"rule": "fixed_probability", "p": 0.3}, "weight": 300, "delay_ms": 1},
    {"name": "ii", "pre": "in", "post": "inh", "connectivity": {"rule": "fixed_probability", "p": 0.3}, "weight": 300, "delay_ms": 1},
    {"name": "ee", "pre": "exc", "post": "exc", "connectivity": {"rule": "fixed_probability", "p": 0.1}, "weight": 30, "delay_ms": 1.5},
    {"name": "ei", "pre": "exc", "post": "inh", "connectivity": {"rule": "fixed_probability", "p": 0.1}, "weight": 30, "delay_ms": 1.5},
    {"name": "inh_exc", "pre": "inh", "post": "exc", "connectivity": {"rule": "fixed_probability", "p": 0.2}, "weight": -120, "delay_ms": 1}
  ]
})";

std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(test::read_text(p));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ls(line);
    std::string f;
    while (std::getline(ls, f, ',')) fields.push_back(f);
    rows.push_back(fields);
  }
  return rows;
}

}  // namespace

TEST_SUITE("sweep") {
  TEST_CASE("sweep: --vary values and ranges parse; bad ones say why") {
    std::string error;
    auto d = cli::parse_vary("projections.ie.weight_scale=0.5:1.5:3", error);
    CHECK(error == "");
    CHECK(d.path == "projections.ie.weight_scale");
    CHECK(d.values == std::vector<std::string>{"0.5", "1", "1.5"});
    d = cli::parse_vary("seed=1, 2 ,3", error);
    CHECK(d.values == std::vector<std::string>{"1", "2", "3"});
    cli::parse_vary("x=1:2:0", error);
    CHECK(error == "the range 1:2:0 is empty: n must be a whole number >= 1");
    cli::parse_vary("x=1:b:3", error);
    CHECK(error == "a range must be lo:hi:n with numbers lo and hi and a count n (got \"1:b:3\")");
    cli::parse_vary("x=,", error);
    CHECK(error == "no values to try (expected PATH=v1,v2,... or PATH=lo:hi:n)");
    cli::parse_vary("=1", error);
    CHECK(error == "expects PATH=v1,v2,... or PATH=lo:hi:n");
    d = cli::parse_vary("projections.ie.weight+projections.ii.weight=-0.3,-0.5", error);
    CHECK(error == "");
    CHECK(d.path == "projections.ie.weight+projections.ii.weight");
    CHECK(d.paths == std::vector<std::string>{"projections.ie.weight", "projections.ii.weight"});
    cli::parse_vary("a++b=1", error);
    CHECK(error == "an empty path in a++b");
  }

  TEST_CASE("sweep: every row equals a plain run with the same --set values") {
    const auto dir = test::temp_dir("sweep");
    test::write_text(dir / "net.json", kScenario);
    cli::SweepOptions sweep;
    sweep.scenario = (dir / "net.json").string();
    sweep.vary = {"projections.inh_exc.weight_scale=0.5,2", "populations.in.params.rate=15:25:2"};
    sweep.jobs = 2;
    sweep.out_dir = (dir / "sweep").string();
    REQUIRE(cli::sweep_command(sweep) == 0);
    const auto rows = read_csv(dir / "sweep" / "sweep.csv");
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] == std::vector<std::string>{"projections.inh_exc.weight_scale", "populations.in.params.rate", "in_rate_hz", "in_cv_isi",
                                              "in_synchrony", "exc_rate_hz", "exc_cv_isi", "exc_synchrony", "inh_rate_hz", "inh_cv_isi",
                                              "inh_synchrony"});
    std::vector<double> exc_rates;
    for (std::size_t r = 1; r < rows.size(); ++r) {
      INFO(r);
      cli::RunOptions run;
      run.scenario = sweep.scenario;
      run.overrides = {"projections.inh_exc.weight_scale=" + rows[r][0], "populations.in.params.rate=" + rows[r][1]};
      run.out_dir = (dir / ("run" + std::to_string(r))).string();
      REQUIRE(cli::run_command(run) == 0);
      const auto result = nlohmann::json::parse(test::read_text(std::filesystem::path(run.out_dir) / "experiment.json"));
      for (const auto& pop : result["populations"]) {
        const std::string name = pop["name"];
        const int col = name == "in" ? 2 : name == "exc" ? 5 : 8;
        INFO(name);
        CHECK(std::stod(rows[r][static_cast<std::size_t>(col)]) == doctest::Approx(pop["mean_rate_hz"].get<double>()).epsilon(1e-9));
      }
      exc_rates.push_back(std::stod(rows[r][5]));
      CHECK(std::stod(rows[r][6]) > 0.0);  // the exc neurons fire irregularly enough to have a CV
    }
    // Stronger inhibition, lower excitatory rate; more input, higher rate.
    CHECK(exc_rates[0] > exc_rates[2]);
    CHECK(exc_rates[1] > exc_rates[0]);
  }
}
