// The built-in presets do what their descriptions promise.
#include <doctest/doctest.h>

#include <cmath>

#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"

using namespace neurosim;

namespace {

std::unique_ptr<Network> build_preset(const char* name, RecordMode mode = RecordMode::Live) {
  auto loaded = io::load_scenario(name);
  for (const auto& e : loaded.errors) FAIL_CHECK(e.text());
  REQUIRE(loaded.spec);
  BuildOptions options;
  options.record = mode;
  auto built = build_network(*loaded.spec, options);
  REQUIRE(built.network);
  return std::move(built.network);
}

double mean_rate_hz(const Network& net, int population) {
  return static_cast<double>(net.total_spikes(population)) / net.population(population).size() / (net.time_ms() * 1e-3);
}

}  // namespace

TEST_SUITE("preset dynamics") {
  TEST_CASE("cuba fires at the reference rate over 1 s") {
    // Vogels & Abbott 2005 CUBA as in Brian2's examples/CUBA.py; Brian2 gives about 5.7 Hz for
    // this setup. The rate varies by a few percent with the seed.
    auto net = build_preset("cuba");
    net->run(10000);
    const double exc = mean_rate_hz(*net, 0), inh = mean_rate_hz(*net, 1);
    INFO("exc " << exc << " Hz, inh " << inh << " Hz");
    CHECK(exc == doctest::Approx(5.7).epsilon(0.12));
    CHECK(inh == doctest::Approx(5.7).epsilon(0.12));
  }

  TEST_CASE("coba fires at the reference rate over 1 s") {
    // Reference: Brian2's examples/COBA.py (exponential Euler, dt 0.1 ms, the same initial
    // distributions), run with Debian's Brian2 2.5 at seeds 0-3 by
    // tests/benchmarks/coba_brian2_reference.py: 17.8, 18.4, 18.9, 18.2 Hz over all 4000 neurons,
    // mean 18.3 Hz. The seed moves the rate by about 3 %; the integration schemes differ (exact
    // exponential here, exponential Euler with conductances held there), so 12 % either way, which
    // still fails for a wrong weight (we 5 or 7 nS move the rate by far more) or a wrong reversal.
    auto net = build_preset("coba");
    net->run(10000);
    const double all = static_cast<double>(net->total_spikes(0) + net->total_spikes(1)) / 4000.0;
    const double exc = mean_rate_hz(*net, 0), inh = mean_rate_hz(*net, 1);
    INFO("all " << all << " Hz, exc " << exc << " Hz, inh " << inh << " Hz");
    CHECK(all == doctest::Approx(18.3).epsilon(0.12));
    CHECK(exc == doctest::Approx(inh).epsilon(0.15));  // statistically identical populations
  }

  TEST_CASE("default is lively: every population fires, irregularly") {
    auto net = build_preset("default");
    net->run(static_cast<std::int64_t>(std::lround(1000.0 / net->dt())));
    for (int p = 0; p < net->population_count(); ++p) {
      INFO(net->population(p).name());
      CHECK(mean_rate_hz(*net, p) > 2.0);
      CHECK(mean_rate_hz(*net, p) < 60.0);
    }
    CHECK_FALSE(net->traces().probes().empty());
  }

  TEST_CASE("izhikevich2003 shows cortical rhythms at a plausible rate") {
    auto net = build_preset("izhikevich2003");
    net->run(1000);
    const double exc = mean_rate_hz(*net, 0);
    INFO("exc " << exc << " Hz");
    CHECK(exc > 2.0);
    CHECK(exc < 40.0);
  }

  TEST_CASE("izhikevich-patterns: every class fires under its current") {
    auto net = build_preset("izhikevich-patterns");
    net->run(static_cast<std::int64_t>(std::lround(1000.0 / net->dt())));
    for (int p = 0; p < net->population_count(); ++p) {
      INFO(net->population(p).name());
      CHECK(net->total_spikes(p) > 0);
    }
  }

  TEST_CASE("lif-single fires from the start of its step on, which stays on, at the closed-form rate") {
    // R I = (tau_m / C_m) 500 pA = 20 mV; ISI = t_ref + tau_m ln(R I / (R I - (V_th - E_L))) = 2 + 10 ln 4 ms.
    auto net = build_preset("lif-single", RecordMode::Full);
    net->run(static_cast<std::int64_t>(std::lround(1000.0 / net->dt())));
    const auto& spikes = net->spikes().all();
    REQUIRE(spikes.size() >= 2);
    for (const auto& e : spikes) CHECK(static_cast<double>(e.step) * net->dt() >= 100.0);
    CHECK(static_cast<double>(spikes.back().step) * net->dt() > 980.0);  // still firing at the end
    const double isi = (static_cast<double>(spikes.back().step - spikes.front().step) * net->dt()) / static_cast<double>(spikes.size() - 1);
    CHECK(isi == doctest::Approx(2.0 + 10.0 * std::log(4.0)).epsilon(0.01));
  }
}
