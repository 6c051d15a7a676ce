// `neurosim export --to pynn` (cli/export_pynn.hpp): the script's populations, units and
// connectors for the cuba preset (Brette et al. 2007 as in Brian2's CUBA.py: C_m 20 pF is
// cm 0.02 nF, a 1.62 pA jump is 0.00162 nA), and refusals that name what cannot be mapped.
#include <doctest/doctest.h>

#include <string>

#include "cli/export_pynn.hpp"
#include "neurosim/io/scenario_json.hpp"

using namespace neurosim;

namespace {

ScenarioSpec preset(const char* name) {
  io::LoadOptions o;
  o.read_inputs = false;
  auto loaded = io::load_scenario(name, o);
  REQUIRE(loaded.spec);
  return *loaded.spec;
}

}  // namespace

TEST_SUITE("io: export to PyNN") {
  TEST_CASE("cuba: IF_curr_exp in PyNN's units, fixed-probability connectors, negative inhibitory weights") {
    const auto script = cli::pynn_script(preset("cuba"));
    REQUIRE(script.problems.empty());
    const std::string& t = script.text;
    CHECK(t.find("sim.setup(timestep=0.1, min_delay=0.1)") != std::string::npos);
    CHECK(t.find("pop_exc = sim.Population(3200, sim.IF_curr_exp(tau_m=20.0, cm=0.02, v_rest=-49.0, v_thresh=-50.0, v_reset=-60.0, tau_refrac=5.0, "
                 "tau_syn_E=5.0, tau_syn_I=10.0, i_offset=0.0), label=\"exc\")") != std::string::npos);
    CHECK(t.find("pop_exc.initialize(v=RandomDistribution(\"uniform\", low=-60.0, high=-50.0, rng=rng))") != std::string::npos);
    CHECK(t.find("sim.FixedProbabilityConnector(0.02, allow_self_connections=True, rng=rng),\n    sim.StaticSynapse(weight=0.00162, delay=0.1),\n"
                 "    receptor_type=\"excitatory\", label=\"ee\")") != std::string::npos);
    CHECK(t.find("sim.StaticSynapse(weight=-0.009, delay=0.1),\n    receptor_type=\"inhibitory\", label=\"ie\")") != std::string::npos);
    CHECK(t.find("g.create_dataset(\"node_ids\", data=ids[order])") != std::string::npos);
  }

  TEST_CASE("default: Poisson inputs, normal weights and uniform delays as random distributions") {
    const auto script = cli::pynn_script(preset("default"));
    REQUIRE(script.problems.empty());
    CHECK(script.text.find("pop_input = sim.Population(200, sim.SpikeSourcePoisson(rate=20.0), label=\"input\")") != std::string::npos);
    CHECK(script.text.find("sim.StaticSynapse(weight=RandomDistribution(\"normal\", mu=0.12, sigma=0.02, rng=rng), "
                           "delay=RandomDistribution(\"uniform\", low=1.0, high=2.0, rng=rng))") != std::string::npos);
  }

  TEST_CASE("izhikevich2003: Izhikevich cells with per-neuron c, d from one r, weights as voltage jumps, noise in nA") {
    // PyNN's Izhikevich divides its current by 1 pF, so NeuroSim's mV/ms are nA x 1e3; a spike
    // jumps v by its weight in mV, NeuroSim's one-step input w (mV/ms) by w dt (dt = 1 ms here).
    const auto script = cli::pynn_script(preset("izhikevich2003"));
    REQUIRE(script.problems.empty());
    const std::string& t = script.text;
    CHECK(t.find("r_exc = np.random.default_rng(args.seed + 0).uniform(0.0, 1.0, 800)") != std::string::npos);
    CHECK(t.find("pop_exc = sim.Population(800, sim.Izhikevich(a=0.02, b=0.2, c=(-65.0 + 15.0 * r_exc ** 2.0), d=(8.0 + -6.0 * r_exc ** 2.0), "
                 "i_offset=0.0), label=\"exc\")") != std::string::npos);
    CHECK(t.find("sim.Izhikevich(a=(0.02 + 0.08 * r_inh ** 1.0), b=(0.25 + -0.05 * r_inh ** 1.0), c=-65.0, d=2.0, i_offset=0.0)") != std::string::npos);
    CHECK(t.find("pop_exc.initialize(v=-65.0, u=np.asarray(pop_exc.get(\"b\", gather=True), dtype=float) * -65.0)") != std::string::npos);
    CHECK(t.find("sim.StaticSynapse(weight=RandomDistribution(\"uniform\", low=-1.0, high=0.0, rng=rng), delay=1.0),\n    receptor_type=\"inhibitory\"") !=
          std::string::npos);
    CHECK(t.find("inject_noise(pop_exc, 0, mean=0.0, stdev=0.005, start=0.0, stop=args.duration)") != std::string::npos);
    CHECK(t.find("target.inject(sim.NoisyCurrentSource(mean=mean, stdev=stdev, start=start, stop=stop, dt=DT))") != std::string::npos);
    // Brian2's backend would reset every neuron with the first one's c and d.
    CHECK(t.find("reset=\"v = v_reset; u += d\"") != std::string::npos);
    // At dt = 0.5 ms a weight of 1 is a jump of 0.5 mV.
    auto half = preset("izhikevich2003");
    half.dt_ms = 0.5;
    half.projections[0].weight = Distribution::constant(1.0);
    CHECK(cli::pynn_script(half).text.find("sim.StaticSynapse(weight=0.5, delay=1.0)") != std::string::npos);
  }

  TEST_CASE("izhikevich: the bias current in nA, and what PyNN's cell cannot do is refused by name") {
    auto spec = preset("izhikevich-patterns");
    auto& rs = spec.populations[0];
    rs.params["I_bias"] = Distribution::constant(4.0);
    auto ok = cli::pynn_script(spec);
    CHECK(ok.problems.empty());
    CHECK(ok.text.find("i_offset=0.004), label=\"RS\")") != std::string::npos);
    rs.params["v_peak"] = Distribution::constant(35.0);
    rs.params["t_ref"] = Distribution::constant(1.0);
    const auto bad = cli::pynn_script(spec);
    REQUIRE(bad.problems.size() == 2);
    CHECK(bad.problems[0] == "populations[0] (RS).params.v_peak: PyNN's Izhikevich fires at v >= 30 mV (export it with v_peak = 30)");
    CHECK(bad.problems[1] == "populations[0] (RS).params.t_ref: PyNN's Izhikevich has no refractory period (export it with t_ref = 0)");
  }

  TEST_CASE("adex: EIF_cond_exp_isfa_ista without synaptic input, refused with the reason when a projection targets it") {
    // Naud et al. 2008's tonic class (adex-patterns): C 200 pF, g_L 10 nS -> cm 0.2 nF, tau_m 20 ms;
    // a 2 nS -> 0.002 uS; b 0 pA; the 500 pA step -> 0.5 nA as a DCSource.
    auto spec = preset("adex-patterns");
    const auto script = cli::pynn_script(spec);
    REQUIRE(script.problems.empty());
    const std::string& t = script.text;
    const auto tonic = t.find("pop_tonic = sim.Population(1, sim.EIF_cond_exp_isfa_ista(");
    REQUIRE(tonic != std::string::npos);
    const std::string line = t.substr(tonic, t.find('\n', tonic) - tonic);
    INFO(line);
    for (const char* part : {"tau_m=20.0,", "cm=0.2,", "v_rest=-70.0,", "v_thresh=-50.0,", "delta_T=2.0,", "a=0.002,", "tau_w=30.0,", "b=0.0,",
                             "v_reset=-58.0,", "v_spike=0.0,", "tau_refrac=0.0,", "i_offset=0.0)"})
      CHECK(line.find(part) != std::string::npos);
    CHECK(t.find("pop_tonic.initialize(v=-70.0, w=0.0)") != std::string::npos);
    CHECK(t.find("pop_tonic.inject(sim.DCSource(amplitude=0.5,") != std::string::npos);

    ScenarioSpec synaptic = spec;
    ProjectionSpec pr;
    pr.name = "drive";
    pr.pre = "tonic";
    pr.post = "adapting";
    pr.weight = Distribution::constant(10.0);
    synaptic.projections.push_back(pr);
    const auto refused = cli::pynn_script(synaptic);
    REQUIRE(refused.problems.size() == 1);
    CHECK(refused.problems[0] ==
          "populations[1] (adapting): model \"adex\" is not exported when a projection targets it (drive): its synapses are current-based, "
          "PyNN's EIF_cond_exp_isfa_ista's conductance-based");
    spec.populations[0].params["Delta_T"] = Distribution::constant(0.0);
    const auto alif = cli::pynn_script(spec);
    REQUIRE(alif.problems.size() == 1);
    CHECK(alif.problems[0].find("populations[0] (tonic).params.Delta_T: 0 (the adaptive LIF) has no EIF_cond_exp_isfa_ista equivalent") == 0);
  }

  TEST_CASE("song2000-stdp: STDPMechanism with the pair rule, additive weights and w_max in nA") {
    // A+ = 0.14 pA is 1 % of w_max = 14 pA: PyNN's additive A_plus is that fraction of w_max.
    const auto script = cli::pynn_script(preset("song2000-stdp"));
    REQUIRE(script.problems.empty());
    const std::string& t = script.text;
    CHECK(t.find("sim.STDPMechanism(\n        timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.0105),\n"
                 "        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.014),\n"
                 "        weight=RandomDistribution(\"uniform\", low=0.0, high=0.014, rng=rng), delay=0.1, dendritic_delay_fraction=dendritic_delay_fraction)") !=
          std::string::npos);
    CHECK(t.find("plastic = [(\"inputs->neuron\", proj_0, 0.001)]") != std::string::npos);
    CHECK(t.find("dendritic_delay_fraction = 0.0 if args.simulator == \"brian2\" else 1.0") != std::string::npos);
  }

  TEST_CASE("STDP variants: eta and the multiplicative rule, learning off as a static synapse") {
    auto spec = preset("song2000-stdp");
    auto& params = spec.projections[0].plasticity->params;
    params["eta"] = 2.0;
    params["multiplicative"] = 1.0;
    params["A_plus"] = 0.01;
    params["A_minus"] = 0.02;
    const auto mult = cli::pynn_script(spec);
    REQUIRE(mult.problems.empty());
    CHECK(mult.text.find("SpikePairRule(tau_plus=20.0, tau_minus=20.0, A_plus=0.02, A_minus=0.04)") != std::string::npos);
    CHECK(mult.text.find("MultiplicativeWeightDependence(w_min=0.0, w_max=0.014)") != std::string::npos);
    // Brian2 runs NeuroSim's rule (multiplicative included) through two pre-synaptic pathways:
    // pairing when the spike is emitted, delivering the weight it found after the delay.
    CHECK(mult.text.find("applies every STDP weight dependence additively") == std::string::npos);
    CHECK(mult.text.find("\"stdp\": \"w_sent = weight\\nP += A_plus") != std::string::npos);
    CHECK(mult.text.find("\"pre\": \"%(syn_var)s += w_sent\"") != std::string::npos);
    params["learn"] = 0.0;
    const auto frozen = cli::pynn_script(spec);
    REQUIRE(frozen.problems.empty());
    CHECK(frozen.text.find("STDPMechanism") == std::string::npos);
    CHECK(frozen.text.find("w_sent") == std::string::npos);
    CHECK(frozen.text.find("sim.StaticSynapse(weight=RandomDistribution(\"uniform\", low=0.0, high=0.014, rng=rng), delay=0.1)") != std::string::npos);
  }

  TEST_CASE("what cannot be mapped is refused by name: rules, pairings, models") {
    auto spec = preset("song2000-stdp");
    spec.projections[0].plasticity->params["pairing"] = 1.0;
    const auto nearest = cli::pynn_script(spec);
    REQUIRE(nearest.problems.size() == 1);
    CHECK(nearest.problems[0] ==
          "projections[0] (inputs->neuron): learning rule \"stdp\" with pairing 1 (nearest) is not exported: PyNN's SpikePairRule pairs all-to-all (pairing 0)");
    spec.projections[0].plasticity->rule = "stdp_triplet";
    const auto triplet = cli::pynn_script(spec);
    REQUIRE(triplet.problems.size() == 1);
    CHECK(triplet.problems[0] == "projections[0] (inputs->neuron): learning rule \"stdp_triplet\" is not exported to PyNN: the triplet rule has no PyNN standard STDP type");
    const auto reward = cli::pynn_script(preset("rstdp"));
    REQUIRE_FALSE(reward.problems.empty());
    CHECK(reward.problems[0].find("learning rule \"rstdp\" is not exported to PyNN: reward-modulated STDP has no PyNN standard STDP type") != std::string::npos);
    const auto srm = cli::pynn_script(preset("masquelier2008"));
    REQUIRE_FALSE(srm.problems.empty());
    CHECK(srm.problems[0].find("model \"pattern\" has no PyNN standard cell in this export") != std::string::npos);
  }

  TEST_CASE("file -> SpikeSourceArray with the spikes NeuroSim plays, loops written out; rates and big files refused") {
    io::LoadOptions o;
    auto loaded = io::load_scenario("file-input", o);
    REQUIRE(loaded.spec);
    ScenarioSpec spec = *loaded.spec;
    const auto script = cli::pynn_script(spec);
    REQUIRE(script.problems.empty());
    const std::string& t = script.text;
    // assets/data/file-input.csv: input 0 fires at 5, 100, 117 and 196 ms of its 200 ms; looped
    // over the scenario's 1 s.
    CHECK(t.find("spikes_input = {0: [5.0, 100.0, 117.0, 196.0, 205.0, 300.0,") != std::string::npos);
    CHECK(t.find("pop_input = sim.Population(20, sim.SpikeSourceArray(spike_times=[Sequence(spikes_input.get(i, [])) for i in range(20)]), label=\"input\")") !=
          std::string::npos);
    CHECK(t.find("from pyNN.parameters import Sequence") != std::string::npos);
    spec.duration_ms = 110;  // a run ending before the third spike
    CHECK(cli::pynn_script(spec).text.find("spikes_input = {0: [5.0, 100.0],") != std::string::npos);
    spec.duration_ms = 1e9;  // looped for 11 days: more spikes than a script holds
    const auto big = cli::pynn_script(spec);
    REQUIRE(big.problems.size() == 1);
    CHECK(big.problems[0] == "populations[0] (input): input: more than 200000 input spikes to write (export with --to sonata, which writes them to a spike file)");
    spec.populations[0].input->as = InputKind::Rates;
    const auto rates = cli::pynn_script(spec);
    REQUIRE(rates.problems.size() == 1);
    CHECK(rates.problems[0] == "populations[0] (input).input.as: only spike files map to SpikeSourceArray (got rates)");
  }
}
