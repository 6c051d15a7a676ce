// Population panel: the excitatory and inhibitory population rates over time (from the engine's
// rate bins, weighted by population size), and a strip per population of each neuron's spike
// count over the last window (read from the spike stream, so every spike counts once). The
// classification rule is documented at classify_population (diversity_panels.hpp).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/render/colormap.hpp"
#include "gui/panels/diversity_panels.hpp"
#include "gui/render/palette.hpp"
#include "gui/panels/plot_helpers.hpp"
#include "neurosim/cell_types.hpp"
#include "gui/views/rate_history.hpp"

namespace neurosim::gui {

namespace {

constexpr ImU32 kEColor = IM_COL32(255, 120, 80, 255);
constexpr ImU32 kIColor = IM_COL32(90, 160, 255, 255);
constexpr ImU32 kXColor = IM_COL32(170, 170, 170, 200);

ImU32 viridis_color(float t) {
  const auto& table = viridis();
  const int i = std::clamp(static_cast<int>(t * 255.0f + 0.5f), 0, 255);
  const auto& c = table[static_cast<std::size_t>(i)];
  return IM_COL32(c[0], c[1], c[2], 255);
}

const char* class_tag(PopulationClass c) {
  switch (c) {
    case PopulationClass::Excitatory: return "E";
    case PopulationClass::Inhibitory: return "I";
    case PopulationClass::External: return "ext";
  }
  return "";
}

ImU32 class_color(PopulationClass c) {
  switch (c) {
    case PopulationClass::Excitatory: return kEColor;
    case PopulationClass::Inhibitory: return kIColor;
    case PopulationClass::External: return kXColor;
  }
  return kXColor;
}

}  // namespace

void PopulationPanel::draw(bool* open, const DiversityInputs& in, NeuronSelection& selection, AppRequests& requests) {
  // [SECTION] Spike counts from the stream (also while the window is collapsed: no spike is missed)
  const ScenarioFacts& facts = in.facts;
  const int pops = static_cast<int>(facts.populations.size());
  int total = 0;
  std::vector<int> want_offsets;
  for (int p = 0; p < pops; ++p) {
    want_offsets.push_back(total);
    total += facts.populations[static_cast<std::size_t>(p)].size;
  }
  const double dt = facts.dt_ms;
  const auto want_bin_steps =
      std::max<std::int64_t>(1, static_cast<std::int64_t>(std::llround(window_ms / kBins / dt)));
  if (want_offsets != offsets || want_bin_steps != bin_steps || in.step < last_step) {
    offsets = want_offsets;
    bin_steps = want_bin_steps;
    classes.clear();
    bins.assign(kBins, std::vector<std::uint32_t>(static_cast<std::size_t>(total), 0u));
    counts.assign(static_cast<std::size_t>(total), 0u);
    head = 0;
    bin_end_step = 0;
    lost = 0;
  }
  last_step = in.step;
  const auto advance_to = [&](std::int64_t step) {
    if (step < bin_end_step) return;
    const std::int64_t steps = (step - bin_end_step) / bin_steps + 1;
    for (std::int64_t k = 0; k < std::min<std::int64_t>(steps, kBins); ++k) {
      head = (head + 1) % kBins;
      std::fill(bins[static_cast<std::size_t>(head)].begin(), bins[static_cast<std::size_t>(head)].end(), 0u);
    }
    bin_end_step += steps * bin_steps;
  };
  lost += in.spikes_lost;
  for (const SpikeEvent& e : in.spikes) {
    advance_to(e.step);
    const std::int64_t age_bins = (bin_end_step - 1 - e.step) / bin_steps;
    if (age_bins >= kBins || e.population < 0 || e.population >= pops) continue;
    const int slot = (head - static_cast<int>(age_bins) + kBins) % kBins;
    const int g = offsets[static_cast<std::size_t>(e.population)] + e.neuron;
    if (g >= 0 && g < total) ++bins[static_cast<std::size_t>(slot)][static_cast<std::size_t>(g)];
  }
  if (in.step > 0) advance_to(in.step - 1);

  if (!ImGui::Begin("Populations", open)) {
    ImGui::End();
    return;
  }
  std::fill(counts.begin(), counts.end(), 0u);
  for (const auto& b : bins)
    for (std::size_t g = 0; g < b.size(); ++g) counts[g] += b[g];
  const double span_ms = std::min(static_cast<double>(kBins * bin_steps) * dt, std::max(in.t_ms, dt));

  // Classes sum every outgoing weight (a million synapses in izhikevich2003): computed for a new
  // network and then every few seconds (the weight sums the views ask for then), in case
  // learning flips a projection's sign.
  const bool sums = in.weight_sums != nullptr && in.weight_sums->size() == facts.projections.size();
  if (classes.size() != static_cast<std::size_t>(pops) || (sums && (!classes_with_weights || ImGui::GetTime() - classes_time > 5.0))) {
    classes.clear();
    for (int p = 0; p < pops; ++p) classes.push_back(classify_population(facts, sums ? in.weight_sums : nullptr, p));
    classes_time = ImGui::GetTime();
    classes_with_weights = sums;
  }

  // [SECTION] Brain region (on the brain-regions presets): switching loads the region's preset,
  // which rebuilds the network with that region's cell mix and drives and restarts it at t = 0.
  if (const BrainRegion* current = find_brain_region_by_preset(facts.name)) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
    if (ImGui::BeginCombo("region", std::string(current->name).c_str())) {
      for (const BrainRegion& r : brain_regions()) {
        const bool chosen = &r == current;
        if (ImGui::Selectable(std::string(r.name).c_str(), chosen) && !chosen) requests.load = std::string(r.preset);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(r.description).c_str());
      }
      ImGui::EndCombo();
    }
    // The mix on a line of its own: three cell types do not fit beside the combo in a narrow window.
    std::string mix;
    for (const RegionMember& m : current->members) {
      char part[96];
      std::snprintf(part, sizeof part, "%s%.0f%% %s", mix.empty() ? "" : ", ", 100.0 * m.fraction,
                    std::string(m.cell_type).c_str());
      mix += part;
    }
    ImGui::TextDisabled("%s", mix.c_str());
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
      ImGui::TextUnformatted(std::string(current->description).c_str());
      for (const RegionMember& m : current->members) {
        const CellType* type = find_cell_type(m.cell_type);
        const bool pa = type != nullptr && type->model != "izhikevich";
        ImGui::BulletText("%s: %.0f%% of the neurons, drive %g %s (noise sd %g)", std::string(m.cell_type).c_str(),
                          100.0 * m.fraction, m.drive_mean, pa ? "pA" : "(Izhikevich units)", m.drive_sd);
      }
      ImGui::TextDisabled("%s", std::string(current->source).c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }

  // [SECTION] Settings and legend
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
  ImGui::SliderFloat("window", &window_ms, 200.0f, 5000.0f, "%.0f ms", ImGuiSliderFlags_Logarithmic);
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(
        "E and I: a population whose projections onto simulated populations have a negative total weight is "
        "inhibitory, a positive one excitatory (the sign, not the receptor channel, hyperpolarises). Without such "
        "projections the name decides (I, inh..., interneuron, basket, FS, PV, SST, GABA, Golgi, Purkinje: inhibitory). Spike "
        "sources are external. Rates are size-weighted means over each class.\n\n"
        "Strips: each neuron's spike count over the window, each row on its own colour scale from 0 to its "
        "busiest neuron; the rate on the right is the row's mean. Click a neuron to show it in the "
        "Neuron and Phase plane windows.");
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }

  // [SECTION] Class rates over time
  const RateHistory& rates = in.rates;
  const double bin_ms = rates.bin_ms();
  const std::size_t n_bins = rates.bins_available();
  const std::size_t shown = std::min<std::size_t>(n_bins, static_cast<std::size_t>(std::ceil(window_ms / bin_ms)));
  const std::size_t i0 = n_bins - shown;
  const std::size_t k = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(smooth_ms / bin_ms)));
  double size_e = 0, size_i = 0, size_x = 0;
  for (int p = 0; p < pops; ++p) {
    const double s = facts.populations[static_cast<std::size_t>(p)].size;
    (classes[static_cast<std::size_t>(p)] == PopulationClass::Excitatory   ? size_e
     : classes[static_cast<std::size_t>(p)] == PopulationClass::Inhibitory ? size_i
                                                                           : size_x) += s;
  }
  const auto class_rate = [&](std::size_t bin, PopulationClass c, double size) {
    if (size <= 0.0) return 0.0;
    double sum = 0.0;
    for (int p = 0; p < pops; ++p)
      if (classes[static_cast<std::size_t>(p)] == c) sum += rates.rate(p, bin) * facts.populations[static_cast<std::size_t>(p)].size;
    return sum / size;
  };
  float peak = 0.0f;
  const auto smooth_series = [&](PopulationClass c, double size, std::vector<float>& out) {
    out.assign(shown, 0.0f);
    if (size <= 0.0) return;
    const std::size_t from = i0 >= k - 1 ? i0 - (k - 1) : 0;
    std::vector<double> raw;
    raw.reserve(n_bins - from);
    for (std::size_t i = from; i < n_bins; ++i) raw.push_back(class_rate(i, c, size));
    double sum = 0.0;
    for (std::size_t j = 0; j < raw.size(); ++j) {
      sum += raw[j];
      if (j >= k) sum -= raw[j - k];
      const std::size_t i = from + j;
      if (i >= i0) {
        const float v = static_cast<float>(sum / static_cast<double>(std::min(k, j + 1)));
        out[i - i0] = v;
        peak = std::max(peak, v);
      }
    }
  };
  smooth_series(PopulationClass::Excitatory, size_e, series_e);
  smooth_series(PopulationClass::Inhibitory, size_i, series_i);
  smooth_series(PopulationClass::External, size_x, series_x);
  y_max = peak * 1.15f > y_max ? peak * 1.15f : std::max(1.0f, y_max * 0.995f + peak * 1.15f * 0.005f);

  const auto now_of = [](const std::vector<float>& s) { return s.empty() ? 0.0 : static_cast<double>(s.back()); };
  if (size_e > 0) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kEColor), "E %.1f Hz", now_of(series_e));
    ImGui::SameLine();
  }
  if (size_i > 0) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kIColor), "I %.1f Hz", now_of(series_i));
    ImGui::SameLine();
  }
  if (size_x > 0) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kXColor), "external %.1f Hz", now_of(series_x));
    ImGui::SameLine();
  }
  if (size_e > 0 && size_i > 0 && now_of(series_e) > 0.0) {
    ImGui::TextDisabled("I/E %.2f", now_of(series_i) / now_of(series_e));
    ImGui::SameLine();
  }
  // A scenario of one class only: say so, rather than leave the reader looking for the other line.
  if (size_e <= 0 || size_i <= 0) {
    ImGui::TextDisabled(size_e <= 0 && size_i <= 0 ? "(no simulated population)"
                        : size_i <= 0              ? "(no inhibitory population)"
                                                   : "(no excitatory population)");
    ImGui::SameLine();
  }
  ImGui::NewLine();

  const float line_h = ImGui::GetTextLineHeight();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Strips need about a line per population; the rate plot takes the rest (at least 40%).
  const float strips_h =
      std::clamp(static_cast<float>(pops) * (line_h + ImGui::GetStyle().ItemSpacing.y) + 2.0f * line_h + 8.0f,
                 avail.y * 0.25f, avail.y * 0.62f);
  const float plot_h = std::max(60.0f, avail.y - strips_h);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    PlotArea area;
    area.min = ImVec2(origin.x + ImGui::CalcTextSize("0000").x + 8.0f, origin.y + 4.0f);
    area.max = ImVec2(origin.x + avail.x - 6.0f, origin.y + plot_h - line_h - 8.0f);
    const double t_end = static_cast<double>(rates.bins_written()) * bin_ms;
    const double first_bin_t = static_cast<double>(rates.bins_written() - n_bins) * bin_ms;
    area.x0 = t_end - static_cast<double>(window_ms);
    area.x1 = t_end;
    area.y0 = 0.0;
    area.y1 = y_max;
    draw_plot_frame(dl, area, std::max(2, static_cast<int>(area.width() / (ImGui::GetFontSize() * 5.0f))),
                    std::max(2, static_cast<int>(area.height() / (line_h * 2.0f))), true, "ms");
    dl->AddText(ImVec2(area.min.x + 4.0f, area.min.y + 2.0f), ImGui::GetColorU32(ImGuiCol_TextDisabled), "Hz");
    dl->PushClipRect(area.min, area.max, true);
    const auto plot = [&](const std::vector<float>& s, ImU32 color, double size, float thickness) {
      if (size <= 0.0) return;
      plot_mean(
          dl, area, s.size(), [&](std::size_t i) { return first_bin_t + (static_cast<double>(i0 + i) + 1.0) * bin_ms; },
          [&](std::size_t i) { return static_cast<double>(s[i]); }, color, thickness, scratch);
    };
    plot(series_x, kXColor, size_x, 1.0f);
    plot(series_e, kEColor, size_e, 2.0f);
    plot(series_i, kIColor, size_i, 2.0f);
    dl->PopClipRect();
    ImGui::Dummy(ImVec2(avail.x, plot_h));
  }

  // [SECTION] Spike-count strips
  // Each row has its own colour scale (0 to its busiest neuron): on one shared scale a fast
  // population (granule cells near 200 Hz) leaves the slower ones (Golgi, Purkinje) looking
  // silent. The mean rate on the right compares the rows.
  ImGui::Text("spikes per neuron, last %.0f ms", span_ms);
  ImGui::SameLine();
  ImGui::TextDisabled("(each row: 0..its max)");
  if (lost > 0) {
    ImGui::SameLine();
    ImGui::TextDisabled("%llu missed", static_cast<unsigned long long>(lost));
  }
  // Label column: the longest name, a gap, then the class tag ("ext" is the widest).
  float name_w = 0.0f;
  for (int p = 0; p < pops; ++p) name_w = std::max(name_w, ImGui::CalcTextSize(facts.populations[static_cast<std::size_t>(p)].name.c_str()).x);
  const float tag_w = ImGui::CalcTextSize("ext").x;
  const float label_w = std::clamp(name_w + tag_w + ImGui::GetFontSize() * 1.2f, ImGui::GetFontSize() * 5.0f,
                                   ImGui::GetContentRegionAvail().x * 0.45f);
  const float value_w = ImGui::CalcTextSize("000.0 Hz").x + 6.0f;
  const ImVec2 strips_avail = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float row_h = std::clamp((strips_avail.y - 2.0f) / static_cast<float>(std::max(pops, 1)) - spacing, line_h,
                                 2.2f * line_h);
  ImGui::BeginChild("strips", ImVec2(0, 0), false);
  dl = ImGui::GetWindowDrawList();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (int p = 0; p < pops; ++p) {
    const PopulationFact& pop = facts.populations[static_cast<std::size_t>(p)];
    const int size = pop.size;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const PopulationClass cls = classes[static_cast<std::size_t>(p)];
    // Label: name in the population colour, class tag in the class colour.
    dl->PushClipRect(origin, ImVec2(origin.x + label_w - tag_w - ImGui::GetFontSize() * 0.6f, origin.y + row_h), true);
    dl->AddText(ImVec2(origin.x, origin.y + (row_h - line_h) * 0.5f), population_color(p), pop.name.c_str());
    dl->PopClipRect();
    const char* tag = class_tag(cls);
    dl->AddText(ImVec2(origin.x + label_w - ImGui::CalcTextSize(tag).x - 8.0f, origin.y + (row_h - line_h) * 0.5f),
                class_color(cls), tag);
    const ImVec2 s0(origin.x + label_w, origin.y + 1.0f);
    const ImVec2 s1(origin.x + std::max(label_w + 20.0f, width - value_w), origin.y + row_h - 1.0f);
    const float strip_w = s1.x - s0.x;
    dl->AddRectFilled(s0, s1, IM_COL32(30, 32, 40, 255));
    const int base = offsets[static_cast<std::size_t>(p)];
    double sum = 0.0;
    std::uint32_t c_max = 1;
    for (int i = 0; i < size; ++i) {
      sum += counts[static_cast<std::size_t>(base + i)];
      c_max = std::max(c_max, counts[static_cast<std::size_t>(base + i)]);
    }
    if (size > 0 && strip_w > 1.0f) {
      const float cell = strip_w / static_cast<float>(size);
      if (size <= 8) {
        // A few neurons: each gets an equal share of the strip, filled from the left by its count.
        for (int i = 0; i < size; ++i) {
          const float c = static_cast<float>(counts[static_cast<std::size_t>(base + i)]) / static_cast<float>(c_max);
          const float x = s0.x + cell * static_cast<float>(i);
          dl->AddRectFilled(ImVec2(x + 1.0f, s0.y + 2.0f), ImVec2(x + 1.0f + (cell - 2.0f) * c, s1.y - 2.0f),
                            viridis_color(c));
        }
      } else if (cell >= 4.0f) {
        // Bars: one per neuron (at most 40 px wide), height and colour by count.
        const float bar = std::min(cell, 40.0f);
        for (int i = 0; i < size; ++i) {
          const float c = static_cast<float>(counts[static_cast<std::size_t>(base + i)]) / static_cast<float>(c_max);
          const float x = s0.x + bar * static_cast<float>(i);
          const float top = s1.y - (s1.y - s0.y) * std::max(c, 0.04f);
          dl->AddRectFilled(ImVec2(x + 0.5f, top), ImVec2(x + bar - 0.5f, s1.y), viridis_color(c));
        }
      } else {
        // Heat strip: each pixel column the mean count of the neurons it covers.
        const int columns = static_cast<int>(strip_w);
        for (int col = 0; col < columns; ++col) {
          const int a = static_cast<int>(static_cast<long long>(col) * size / columns);
          const int b = std::max(a + 1, static_cast<int>(static_cast<long long>(col + 1) * size / columns));
          double m = 0.0;
          for (int i = a; i < b; ++i) m += counts[static_cast<std::size_t>(base + i)];
          m /= (b - a);
          dl->AddRectFilled(ImVec2(s0.x + static_cast<float>(col), s0.y), ImVec2(s0.x + static_cast<float>(col) + 1.0f, s1.y),
                            viridis_color(static_cast<float>(m / c_max)));
        }
      }
    }
    const double mean_hz = size > 0 && span_ms > 0 ? sum / size / (span_ms * 1e-3) : 0.0;
    char value[32];
    std::snprintf(value, sizeof value, "%.1f Hz", mean_hz);
    dl->AddText(ImVec2(s1.x + 6.0f, origin.y + (row_h - line_h) * 0.5f), ImGui::GetColorU32(ImGuiCol_TextDisabled), value);
    if (p == selection.population)
      dl->AddRect(ImVec2(s0.x - 1.0f, s0.y - 1.0f), ImVec2(s1.x + 1.0f, s1.y + 1.0f), IM_COL32(255, 255, 255, 120));

    ImGui::PushID(p);
    ImGui::InvisibleButton("strip", ImVec2(width, row_h));
    if (pointer_used() && ImGui::IsItemHovered() && mouse.x >= s0.x && mouse.x < s1.x && size > 0) {
      const float cell = strip_w / static_cast<float>(size);
      const int i = size > 8 && cell >= 4.0f ? static_cast<int>((mouse.x - s0.x) / std::min(cell, 40.0f))
                                             : static_cast<int>((mouse.x - s0.x) / strip_w * static_cast<float>(size));
      if (i >= 0 && i < size) {
        const auto c = counts[static_cast<std::size_t>(base + i)];
        ImGui::SetTooltip("%s #%d: %u spikes (%.1f Hz); row scale 0..%u%s", pop.name.c_str(), i, c,
                          c / (span_ms * 1e-3), c_max, pop.source ? "" : "\nclick: show this neuron");
        if (ImGui::IsItemClicked() && !pop.source) selection.choose(p, i);
      }
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace neurosim::gui
