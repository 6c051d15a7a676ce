// The plots as SVG (app/gui/views/svg_writer.cpp, plot_svg.cpp): the raster has one mark per
// spike in view in its population's colour, the rates and traces one polyline per series, every
// picture has axis titles with units, and text is escaped. A last case writes sample pictures
// that tests/app/scripts/check_svg.py parses as XML (ctest: plot_svg_parses_as_xml).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gui/views/plot_svg.hpp"
#include "gui/views/raster_ring.hpp"
#include "gui/views/rate_history.hpp"
#include "gui/views/svg_writer.hpp"
#include "gui/views/trace_history.hpp"
#include "gui/views/trace_spikes.hpp"

using namespace neurosim;
using namespace neurosim::gui;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The text of the first <g class="CLASS" ...> ... </g> group.
std::string group(const std::string& svg, const std::string& css_class, std::size_t from = 0) {
  const std::size_t a = svg.find("<g class=\"" + css_class + "\"", from);
  if (a == std::string::npos) return "";
  return svg.substr(a, svg.find("</g>", a) - a);
}

// Two populations (3 and 2 neurons), 1 step per column, 10 spikes in the last 100 steps.
struct RasterFixture {
  RasterRing ring;
  std::vector<SpikeEvent> spikes;
  RasterFixture() {
    const std::vector<int> sizes{3, 2};
    ring.configure(sizes, 1);
    for (int k = 0; k < 10; ++k) spikes.push_back({static_cast<std::int64_t>(10 * k + 5), k % 2, k % 2 == 0 ? k % 3 : 1});
    std::vector<SpikeEvent> traced_out;
    ring.consume(spikes, 0, 100, {}, traced_out);
  }
};

RateHistory two_rates() {
  RateHistory rates;
  RateSamples s;
  s.bin_ms = 1.0;
  s.populations = 2;
  s.first_bin = 0;
  for (int b = 0; b < 200; ++b) {
    s.hz.push_back(static_cast<float>(b % 20));  // population 0: a saw tooth
    s.hz.push_back(5.0f);                        // population 1: flat
  }
  rates.add(s);
  return rates;
}

ScenarioFacts one_lif() {
  ScenarioFacts facts;
  facts.dt_ms = 0.1;
  PopulationFact p;
  p.name = "E<1>";
  p.model = "lif";
  p.size = 4;
  p.state_names = {"V", "I_syn_e"};
  p.state_units = {"mV", "pA"};
  p.params.push_back({"V_th", "mV", "", -50.0, -80.0, 0.0, -50.0});
  facts.populations.push_back(p);
  return facts;
}

TraceHistory one_trace() {
  TraceHistory traces;
  TraceSamples t;
  t.population = 0;
  t.neuron = 2;
  t.variables = 2;
  t.first_step = 0;
  for (int i = 0; i < 5000; ++i) {
    t.samples.push_back(-70.0f + static_cast<float>(i % 100) * 0.2f);
    t.samples.push_back(static_cast<float>(i % 7));
  }
  std::vector<TraceSamples> all{t};
  traces.add(std::move(all));
  return traces;
}

}  // namespace

TEST_SUITE("plot svg") {
  TEST_CASE("plot svg: text is escaped and the document is closed") {
    SvgWriter svg(100, 50, SvgColors::print(), "a < b & \"c\"");
    svg.begin_group("g1");
    svg.text(1, 2, "V_th <= 5 & 'x'", "#000000", 10);
    const std::string out = svg.finish();  // closes the open group
    CHECK(out.find("<title>a &lt; b &amp; &quot;c&quot;</title>") != std::string::npos);
    CHECK(out.find(">V_th &lt;= 5 &amp; &apos;x&apos;</text>") != std::string::npos);
    CHECK(count(out, "<g ") == count(out, "</g>"));
    CHECK(out.rfind("</svg>\n") == out.size() - 7);
    CHECK(svg_hex(0xff3020a0u) == "#a02030");
    CHECK(svg_escape(std::string("a\x01") + "b") == "ab");
  }

  TEST_CASE("plot svg: the raster has one mark per spike in view, by population") {
    RasterFixture f;
    RasterSvgView view;
    view.population_names = {"exc", "inh"};
    view.dt_ms = 0.1;
    view.visible_columns = 100;
    const std::string svg = raster_svg(f.ring, view, 800, 400, true);
    // Spikes of population 0 at k = 0, 2, 4, 6, 8; population 1 at k = 1, 3, 5, 7, 9.
    const std::string exc = group(svg, "spikes");
    const std::string inh = group(svg, "spikes", svg.find(exc) + exc.size());
    CHECK(count(exc, "<rect") == 5);
    CHECK(count(inh, "<rect") == 5);
    CHECK(exc.find("fill=\"" + population_hex(0, true) + "\"") != std::string::npos);
    CHECK(inh.find("fill=\"" + population_hex(1, true) + "\"") != std::string::npos);
    CHECK(svg.find(">time (ms)</text>") != std::string::npos);
    CHECK(svg.find(">neurons</text>") != std::string::npos);
    CHECK(svg.find(">exc</text>") != std::string::npos);
    CHECK(svg.find("fill=\"#ffffff\"") != std::string::npos);  // white paper
    CHECK(count(svg, "fill=\"\"") == 0);
    // A narrower window shows only the later spikes: steps 55..95 in the last 50 columns.
    view.visible_columns = 50;
    const std::string late = raster_svg(f.ring, view, 800, 400, false);
    std::size_t marks = 0;
    for (std::size_t at = late.find("<g class=\"spikes\""); at != std::string::npos; at = late.find("<g class=\"spikes\"", at + 1))
      marks += count(group(late, "spikes", at), "<rect");
    CHECK(marks == 5);
    CHECK(late.find("fill=\"#16171c\"") != std::string::npos);  // the window's dark theme
  }

  TEST_CASE("plot svg: firing rates are one polyline per population with a legend") {
    const RateHistory rates = two_rates();
    const RateWindow w = smoothed_rates(rates, 2, 100.0, 1.0);
    REQUIRE(w.series.size() == 2);
    CHECK(w.series[0].size() == 100);
    CHECK(w.t_end_ms == 200.0);
    CHECK(w.first_t_ms == 101.0);
    CHECK(w.series[0].back() == 19.0f);  // bin 199: 199 % 20
    CHECK(w.peak == 19.0f);
    // A 4-bin box filter: the mean of the last four bins.
    const RateWindow smooth = smoothed_rates(rates, 2, 100.0, 4.0);
    CHECK(smooth.series[0].back() == doctest::Approx((16.0 + 17 + 18 + 19) / 4));
    const std::string svg = rates_svg(w, {"exc", "inh"}, 100.0, 900, 500, true);
    CHECK(count(svg, "<polyline class=\"rate\"") == 2);
    CHECK(svg.find(">rate (Hz)</text>") != std::string::npos);
    CHECK(svg.find(">time (ms)</text>") != std::string::npos);
    CHECK(svg.find(">inh 5.0 Hz</text>") != std::string::npos);
  }

  TEST_CASE("plot svg: traces are one lane per variable with threshold and units") {
    const ScenarioFacts facts = one_lif();
    const TraceHistory traces = one_trace();
    TraceSpikes spikes;
    spikes.add({4900, 0, 2});
    TracesSvgView view;
    view.t_now_ms = 500.0;
    view.window_ms = 200.0;
    std::string svg = traces_svg(traces, spikes, facts, view, 900, 500, true);
    CHECK(count(svg, "<polyline class=\"trace\"") == 1);
    CHECK(svg.find(">V (mV)</text>") != std::string::npos);
    CHECK(svg.find(">E&lt;1&gt; #2</text>") != std::string::npos);
    CHECK(svg.find("stroke-dasharray") != std::string::npos);  // the threshold
    CHECK(count(group(svg, "spike-marks"), "<line") == 1);
    // 2000 samples over ~800 pixels: at most two points per pixel column.
    const std::size_t points = count(svg.substr(svg.find("<polyline class=\"trace\"")), ",");
    CHECK(points <= 2 * 900);
    CHECK(points > 200);
    view.all_variables = true;
    svg = traces_svg(traces, spikes, facts, view, 900, 500, false);
    CHECK(count(svg, "<polyline class=\"trace\"") == 2);
    CHECK(svg.find(">I_syn_e (pA)</text>") != std::string::npos);
    CHECK(count(svg, ">time (ms)</text>") == 1);  // only under the last lane
    CHECK(firing_threshold(facts.populations[0]) == -50.0);
  }

  TEST_CASE("plot svg: a sweep draws as a curve with points or a heatmap with a colour bar") {
    SweepCurve curve;
    curve.x = {300, 450, 600};
    curve.y = {2, 15, 40};
    curve.x_lo = 300;
    curve.x_hi = 600;
    curve.y_lo = 2;
    curve.y_hi = 40;
    const std::string c = sweep_curve_svg(curve, "stimuli.step.amplitude (pA)", "neuron rate (Hz)", 800, 500, true);
    CHECK(count(c, "<polyline class=\"curve\"") == 1);
    CHECK(count(group(c, "points"), "<circle") == 3);
    CHECK(count(c, "fill=\"\"") == 0);  // marks take their group's colour, never an empty one
    CHECK(c.find(">stimuli.step.amplitude (pA)</text>") != std::string::npos);
    CHECK(c.find(">neuron rate (Hz)</text>") != std::string::npos);
    SweepGrid grid;
    grid.xs = {3, 4.5, 5, 6};
    grid.ys = {0.9, 2, 4};
    grid.z = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, std::nan("")};
    grid.z_lo = 1;
    grid.z_hi = 11;
    const std::string h = sweep_grid_svg(grid, "g", "nu_ext / nu_thr", "E rate (Hz)", 800, 500, true);
    CHECK(count(group(h, "cells"), "<rect") == 12);
    CHECK(count(group(h, "colour-bar"), "<rect") == 65);
    CHECK(h.find(">E rate (Hz)</text>") != std::string::npos);
    CHECK(h.find(">4.5</text>") != std::string::npos);  // ticks at the swept values
  }

  TEST_CASE("plot svg: writes sample pictures for the XML check") {
    const std::filesystem::path dir = NEUROSIM_SVG_SAMPLE_DIR;
    std::filesystem::create_directories(dir);
    RasterFixture f;
    RasterSvgView view;
    view.population_names = {"exc", "inh & co"};
    view.visible_columns = 100;
    std::ofstream(dir / "raster.svg") << raster_svg(f.ring, view, 800, 400, true);
    std::ofstream(dir / "rates.svg") << rates_svg(smoothed_rates(two_rates(), 2, 150.0, 5.0), {"exc", "inh"}, 150.0, 800, 400, true);
    const ScenarioFacts facts = one_lif();
    TracesSvgView tv;
    tv.t_now_ms = 500;
    tv.window_ms = 300;
    tv.all_variables = true;
    std::ofstream(dir / "traces.svg") << traces_svg(one_trace(), TraceSpikes{}, facts, tv, 800, 500, true);
    SweepGrid grid;
    grid.xs = {1, 2};
    grid.ys = {1, 2};
    grid.z = {1, 2, 3, 4};
    grid.z_lo = 1;
    grid.z_hi = 4;
    std::ofstream(dir / "sweep.svg") << sweep_grid_svg(grid, "a (pA)", "b (ms)", "x rate (Hz)", 800, 500, true);
    CHECK(std::filesystem::file_size(dir / "raster.svg") > 500);
  }
}
