// Experiment panel: the schedule's progress (epoch k/n, training or evaluation), the final score
// once it is done, and a dashboard over epochs: accuracy; hit and false-alarm rates per pattern;
// latency (each occurrence over time, with each phase's mean); the last phase's latency
// distribution; activity (synaptic events and spikes per simulated second); energy with a chosen
// model against the dense ANN that would evaluate every synapse once per pattern window. A
// classification experiment shows accuracy per label in place of the pattern rates and no
// latency plots (its windows are image presentations, scored by spike counts).
//
// Phases sit at x = epoch (training) and epoch + 0.5 (its evaluation); evaluations are drawn
// bold, training phases thin; the phase under way is a hollow marker, rescored twice a second.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>

#include "gui/panels/learning_panels.hpp"
#include "gui/panels/learning_plot.hpp"
#include "neurosim/energy.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

namespace {

const ImVec4 kOk(0.50f, 0.90f, 0.55f, 1.0f);
const ImVec4 kBad(1.0f, 0.50f, 0.45f, 1.0f);

double phase_x(const PhaseMetrics& m) { return m.epoch + 1 + (m.phase == ExperimentPhase::Evaluation ? 0.5 : 0.0); }

const char* phase_name(ExperimentPhase p) {
  switch (p) {
    case ExperimentPhase::Training: return "training";
    case ExperimentPhase::Evaluation: return "evaluation (learning frozen)";
    case ExperimentPhase::Test: return "test (learning frozen)";
    case ExperimentPhase::Done: return "done";
  }
  return "";
}

std::string joules_label(double log10_j) { return format_joules(std::pow(10.0, log10_j)); }
std::string count_label(double log10_n) { return format_count(std::pow(10.0, log10_n)); }

// The phases to plot: the finished ones and, while running, the one under way.
struct Phases {
  std::span<const PhaseMetrics> done;
  const PhaseMetrics* open = nullptr;
  template <class Fn>
  void each(Fn&& fn) const {
    for (const PhaseMetrics& m : done) fn(m, false);
    if (open != nullptr) fn(*open, true);
  }
};

// One series over the phases: thin for training, bold for evaluation (or for every phase when
// there is no evaluation), a hollow marker for the phase under way.
template <class Value>
void plot_series(ImDrawList* dl, const PlotArea& a, const Phases& phases, bool has_eval, ImU32 color, Value&& value,
                 std::vector<ImVec2>& scratch, bool dashed = false) {
  for (int pass = 0; pass < 2; ++pass) {
    const bool bold = pass == 1;
    scratch.clear();
    phases.each([&](const PhaseMetrics& m, bool) {
      const bool is_eval = m.phase == ExperimentPhase::Evaluation || !has_eval;
      if (is_eval == bold) scratch.emplace_back(a.sx(phase_x(m)), a.sy(value(m)));
    });
    const ImU32 c = bold ? color : (color & 0x00ffffffu) | (110u << 24);
    if (dashed) {
      for (std::size_t i = 1; i < scratch.size(); ++i) {
        const ImVec2 p = scratch[i - 1], q = scratch[i];
        for (float t = 0.0f; t < 1.0f; t += 0.2f)
          dl->AddLine(ImVec2(p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t),
                      ImVec2(p.x + (q.x - p.x) * (t + 0.1f), p.y + (q.y - p.y) * (t + 0.1f)), c, bold ? 2.0f : 1.0f);
      }
    } else if (scratch.size() >= 2) {
      dl->AddPolyline(scratch.data(), static_cast<int>(scratch.size()), c, ImDrawFlags_None, bold ? 2.0f : 1.0f);
    }
  }
  phases.each([&](const PhaseMetrics& m, bool open) {
    const bool bold = m.phase == ExperimentPhase::Evaluation || !has_eval;
    const ImVec2 p(a.sx(phase_x(m)), a.sy(value(m)));
    if (open) dl->AddCircle(p, 3.5f, color, 12, 1.5f);
    else if (bold) dl->AddCircleFilled(p, 3.0f, color, 12);
    else dl->AddCircleFilled(p, 1.8f, (color & 0x00ffffffu) | (140u << 24), 8);
  });
}

}  // namespace

void ExperimentPanel::draw(bool* open, const ScenarioFacts& facts, const ExperimentSeen* experiment,
                           const LatencyTracker& latencies, double wall_dt_s, const Submit& submit) {
  if (!ImGui::Begin("Experiment", open)) {
    ImGui::End();
    return;
  }
  const ExperimentSeen* exp = experiment;
  if (exp == nullptr) {
    ImGui::TextWrapped("This scenario has no experiment. An \"experiment\" section (task \"pattern\", input, output, epochs, "
                       "epoch_ms, evaluation_ms) turns the run into a training schedule with scores.");
    ImGui::End();
    return;
  }
  const ExperimentSpec& spec = exp->spec();
  const bool has_eval = spec.evaluation_ms > 0.0;
  const bool classification = exp->classification();

  // [SECTION] Progress
  {
    char overlay[128];
    const int epoch = std::min(exp->epoch() + 1, spec.epochs);
    std::snprintf(overlay, sizeof overlay, "epoch %d/%d  \xc2\xb7  %s  \xc2\xb7  %.0f%%", epoch, spec.epochs,
                  phase_name(exp->phase()), exp->progress() * 100.0);
    const ImVec4 bar = exp->phase() == ExperimentPhase::Evaluation ? ImVec4(0.25f, 0.45f, 0.80f, 1.0f)
                       : exp->done()                                ? ImVec4(0.30f, 0.55f, 0.35f, 1.0f)
                                                                    : ImVec4(0.75f, 0.50f, 0.20f, 1.0f);
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, bar);
    ImGui::ProgressBar(static_cast<float>(exp->progress()), ImVec2(-FLT_MIN, 0.0f), overlay);
    ImGui::PopStyleColor();
    const bool bar_hovered = ImGui::IsItemHovered();
    if (classification && !exp->done()) {
      // The phase under way: windows finished so far (rescored with `current` below).
      ImGui::TextDisabled("%s: accuracy %llu/%llu windows", phase_name(exp->phase()), static_cast<unsigned long long>(current.correct),
                          static_cast<unsigned long long>(current.windows));
    }
    // An epoch_ms of 0 makes an epoch one pass over the images.
    const std::string epoch_text =
        spec.epoch_ms > 0.0 ? std::to_string(static_cast<long long>(std::lround(spec.epoch_ms / 1000.0))) + " s learning" : "one pass over the images";
    if (bar_hovered)
      ImGui::SetTooltip("%d epochs of %s%s; stops early at accuracy %.2f%s.\nReset starts the schedule again.",
                        spec.epochs, epoch_text.c_str(),
                        has_eval ? (", each followed by " + std::to_string(static_cast<int>(spec.evaluation_ms / 1000.0)) +
                                    " s frozen evaluation").c_str()
                                 : "",
                        spec.stop_accuracy, spec.stop_accuracy > 0.0 ? "" : " (never: 0)");
  }

  // [SECTION] Growth
  // One more output neuron for the network as it is: it gets the output population's synapses
  // (drawn by each projection's rule) and competes for what the others have not learned; the
  // scores count it from its first step.
  {
    int output = -1;
    for (std::size_t i = 0; i < facts.populations.size(); ++i)
      if (facts.populations[i].name == spec.output) output = static_cast<int>(i);
    if (output >= 0) {
      const int size = facts.populations[static_cast<std::size_t>(output)].size;
      if (ImGui::Button("Add output neuron") && submit) grow_message = submit(AddNeurons{output, 1});
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Adds a neuron to %s (now %d): synapses from every projection into and out of it, weights drawn\n"
                          "from each projection's distribution; the other neurons keep their state and weights.",
                          spec.output.c_str(), size);
      ImGui::SameLine();
      if (!grow_message.empty()) ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.40f, 1.0f), "%s", grow_message.c_str());
      else {
        const int n = size;
        ImGui::TextDisabled("%d output neuron%s", n, n == 1 ? "" : "s");
      }
    }
  }

  // [SECTION] Energy model
  const auto models = energy_models();
  const EnergyModel* scenario_model = find_energy_model(spec.energy_model);
  if (energy_model < 0 || energy_model >= static_cast<int>(models.size())) {
    energy_model = 0;
    for (std::size_t i = 0; i < models.size(); ++i)
      if (&models[i] == scenario_model) energy_model = static_cast<int>(i);
  }
  const EnergyModel& model = models[static_cast<std::size_t>(energy_model)];
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("energy model");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  if (ImGui::BeginCombo("##energy", std::string(model.name).c_str())) {
    for (std::size_t i = 0; i < models.size(); ++i) {
      char label[96];
      std::snprintf(label, sizeof label, "%.*s  (%.3g pJ/SOP)", static_cast<int>(models[i].name.size()), models[i].name.data(),
                    models[i].joules_per_sop * 1e12);
      if (ImGui::Selectable(label, static_cast<int>(i) == energy_model)) energy_model = static_cast<int>(i);
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(models[i].source.data(), models[i].source.data() + models[i].source.size());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::Text("%.3g pJ per synaptic event, %.3g pJ per MAC of the dense ANN.", model.joules_per_sop * 1e12, model.joules_per_mac * 1e12);
    ImGui::TextUnformatted(model.source.data(), model.source.data() + model.source.size());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  // Energy of a phase under the chosen model. The ANN's MAC count is the experiment's own
  // (synapses x pattern windows), recovered from its energy under the scenario's model.
  auto energy = [&](const PhaseMetrics& m, double& snn, double& ann) {
    snn = static_cast<double>(m.synaptic_events) * model.joules_per_sop;
    const double macs = scenario_model != nullptr && scenario_model->joules_per_mac > 0.0 ? m.ann_energy_j / scenario_model->joules_per_mac : 0.0;
    ann = macs * model.joules_per_mac;
  };
  const auto& history = exp->history();
  current_age_s += wall_dt_s;
  if (!exp->done() && current_age_s >= 0.5) {
    current = exp->current();
    current_age_s = 0.0;
  }
  Phases phases{history, exp->done() ? nullptr : &current};
  double snn_total = 0.0, ann_total = 0.0, sops = 0.0, spikes = 0.0;
  phases.each([&](const PhaseMetrics& m, bool) {
    double s = 0.0, a = 0.0;
    energy(m, s, a);
    snn_total += s;
    ann_total += a;
    sops += static_cast<double>(m.synaptic_events);
    spikes += static_cast<double>(m.spikes);
  });
  ImGui::SameLine();
  const double ratio = snn_total > 0.0 ? ann_total / snn_total : 0.0;
  char verdict[64] = "-";
  if (ratio >= 1.0) std::snprintf(verdict, sizeof verdict, "SNN uses %.3g\xc3\x97 less", ratio);
  else if (ratio > 0.0) std::snprintf(verdict, sizeof verdict, "SNN uses %.3g\xc3\x97 more", 1.0 / ratio);
  ImGui::Text("SNN %s, dense ANN %s: %s", format_joules(snn_total).c_str(), format_joules(ann_total).c_str(), verdict);
  if (ImGui::IsItemHovered() && classification)
    ImGui::SetTooltip("So far: %s synaptic events (SOPs), %s spikes.\nThe dense ANN evaluates every synapse once per presentation window.",
                      format_count(sops).c_str(), format_count(spikes).c_str());
  else if (ImGui::IsItemHovered())
    ImGui::SetTooltip("So far: %s synaptic events (SOPs), %s spikes.\nThe dense ANN evaluates every synapse once per %.0f ms pattern window.",
                      format_count(sops).c_str(), format_count(spikes).c_str(), latencies.window_ms());

  // [SECTION] Final score
  if (exp->done() && classification) {
    const PhaseMetrics final_score = exp->final_score();
    ImGui::TextColored(final_score.success ? kOk : kBad, "Finished: accuracy %.3f, %llu/%llu windows", final_score.accuracy,
                       static_cast<unsigned long long>(final_score.correct), static_cast<unsigned long long>(final_score.windows));
    // Ten digits would push the plots below into slivers: the table scrolls past four rows.
    const float row_h = ImGui::GetTextLineHeightWithSpacing() + 2.0f * ImGui::GetStyle().CellPadding.y;
    const int shown_rows = std::min<int>(4, static_cast<int>(final_score.labels.size()));
    if (ImGui::BeginTable("final_labels", 5,
                          ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY,
                          ImVec2(0.0f, row_h * static_cast<float>(shown_rows + 1) + 2.0f))) {
      ImGui::TableSetupScrollFreeze(0, 1);  // the header stays while the rows scroll
      for (const char* h : {"label", "neurons", "windows", "correct", "accuracy"}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (const LabelScore& s : final_score.labels) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        legend_chip(pattern_color(s.label), std::to_string(s.label).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", s.neurons);
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(s.windows));
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(s.correct));
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", s.accuracy);
      }
      ImGui::EndTable();
    }
  } else if (exp->done()) {
    const PhaseMetrics final_score = exp->final_score();
    ImGui::TextColored(final_score.success ? kOk : kBad, "Finished: accuracy %.3f, %s", final_score.accuracy,
                       final_score.success ? "every pattern learned \xe2\x9c\x93" : "not every pattern learned \xe2\x9c\x97");
    if (ImGui::BeginTable("final", 6, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      for (const char* h : {"pattern", "neuron", "hit rate", "false alarms", "latency", "learned"}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (const PatternScore& s : final_score.patterns) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        legend_chip(pattern_color(s.pattern), ("P" + std::to_string(s.pattern + 1)).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", s.best_neuron);
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", s.hit_rate);
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", s.false_alarm_rate);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f ms", s.mean_latency_ms);
        ImGui::TableNextColumn();
        ImGui::TextColored(s.success ? kOk : kBad, s.success ? "yes \xe2\x9c\x93" : "no \xe2\x9c\x97");
      }
      ImGui::EndTable();
    }
  }

  // [SECTION] Dashboard: a grid of plots
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.y < 60.0f) {
    ImGui::End();
    return;
  }
  const int columns = avail.x > 420.0f ? 3 : 2;
  const int rows = columns == 3 ? 2 : 3;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 cell((avail.x - gap * (columns - 1)) / columns, (avail.y - ImGui::GetStyle().ItemSpacing.y * (rows - 1)) / rows);
  int next = 0;
  auto place = [&]() {
    if (next % columns != 0) ImGui::SameLine(0.0f, gap);
    ++next;
  };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const double x0 = 0.5, x1 = spec.epochs + (has_eval ? 1.0 : 0.5);
  const int x_ticks = std::min(spec.epochs, 5);
  const int patterns = latencies.patterns() > 0 ? latencies.patterns() : (history.empty() ? 0 : static_cast<int>(history.back().patterns.size()));

  // Accuracy.
  place();
  {
    const PlotFrame f = plot_frame("##accuracy", cell, x0, x1, 0.0, 1.05, "accuracy", "epoch", x_ticks, 4);
    dl->PushClipRect(f.area.min, f.area.max, true);
    if (spec.stop_accuracy > 0.0) draw_hline_dashed(dl, f.area, spec.stop_accuracy, IM_COL32(120, 230, 140, 120));
    plot_series(dl, f.area, phases, has_eval, IM_COL32(240, 240, 240, 255), [](const PhaseMetrics& m) { return m.accuracy; }, scratch);
    dl->PopClipRect();
    if (f.hovered) {
      if (classification)
        ImGui::SetTooltip("Share of presentation windows whose label is predicted right: each neuron takes the label it\n"
                          "answered most in training; a window goes to the label whose neurons fired most in it.");
      else
        ImGui::SetTooltip("Mean over patterns of hit rate \xc3\x97 (1 \xe2\x88\x92 false-alarm rate)");
    }
  }
  // Classification: accuracy per label, then straight on to activity and energy.
  if (classification) {
    place();
    const int labels = history.empty() ? static_cast<int>(current.labels.size()) : static_cast<int>(history.back().labels.size());
    const PlotFrame f = plot_frame("##labels", cell, x0, x1, 0.0, 1.05, "accuracy per label", "epoch", x_ticks, 4);
    dl->PushClipRect(f.area.min, f.area.max, true);
    for (int l = 0; l < labels; ++l) {
      auto acc = [l](const PhaseMetrics& m) { return l < static_cast<int>(m.labels.size()) ? m.labels[static_cast<std::size_t>(l)].accuracy : 0.0; };
      plot_series(dl, f.area, phases, has_eval, pattern_color(l), acc, scratch);
    }
    dl->PopClipRect();
    if (f.hovered) ImGui::SetTooltip("Per label: share of its windows predicted right (colours as in the final table).");
  }
  // Hit rate (solid) and false-alarm rate (dashed) per pattern.
  if (!classification) {
    place();
    const PlotFrame f = plot_frame("##hits", cell, x0, x1, 0.0, 1.05, "hit (\xe2\x80\x94) / false alarm (- -) rate", "epoch", x_ticks, 4);
    dl->PushClipRect(f.area.min, f.area.max, true);
    for (int p = 0; p < patterns; ++p) {
      auto hit = [p](const PhaseMetrics& m) { return p < static_cast<int>(m.patterns.size()) ? m.patterns[static_cast<std::size_t>(p)].hit_rate : 0.0; };
      auto fa = [p](const PhaseMetrics& m) { return p < static_cast<int>(m.patterns.size()) ? m.patterns[static_cast<std::size_t>(p)].false_alarm_rate : 0.0; };
      plot_series(dl, f.area, phases, has_eval, pattern_color(p), hit, scratch);
      plot_series(dl, f.area, phases, has_eval, pattern_color(p), fa, scratch, true);
    }
    dl->PopClipRect();
    if (f.hovered)
      ImGui::SetTooltip("Hit rate: share of a pattern's occurrences its best neuron fired in.\n"
                        "False alarms: share of background windows in which that neuron fired.");
  }
  // Latency: every occurrence over time with each phase's mean (Masquelier's latency reduction).
  if (!classification) {
    place();
    draw_latency_scatter("##exp_latency", cell, latencies, exp, 10, scratch);
  }
  // Latency distribution of the last finished phase.
  if (!classification) {
    place();
    const PhaseMetrics* last = history.empty() ? nullptr : &history.back();
    const double window = latencies.window_ms() > 0.0 ? latencies.window_ms() : spec.max_latency_ms * 5.0;
    constexpr int kBins = 25;
    int top = 1;
    std::array<std::array<int, kBins>, 8> counts{};
    const int shown = std::min(patterns, 8);
    if (last != nullptr) {
      for (int p = 0; p < shown && p < static_cast<int>(last->patterns.size()); ++p)
        for (float l : last->patterns[static_cast<std::size_t>(p)].latencies_ms) {
          const int b = std::clamp(static_cast<int>(l / window * kBins), 0, kBins - 1);
          top = std::max(top, ++counts[static_cast<std::size_t>(p)][static_cast<std::size_t>(b)]);
        }
    }
    char title[96];
    if (last == nullptr) std::snprintf(title, sizeof title, "latency distribution");
    else std::snprintf(title, sizeof title, "latency distribution, %s %d", last->phase == ExperimentPhase::Evaluation ? "evaluation" : "epoch",
                       last->epoch + 1);
    const PlotFrame f = plot_frame("##latency_hist", cell, 0.0, window, 0.0, top * 1.1, title, "latency (ms)", 4, 3);
    dl->PushClipRect(f.area.min, f.area.max, true);
    draw_vline_dashed(dl, f.area, spec.max_latency_ms, IM_COL32(120, 230, 140, 140));
    const double bw = window / kBins;
    for (int p = 0; p < shown; ++p) {
      for (int b = 0; b < kBins; ++b) {
        const int c = counts[static_cast<std::size_t>(p)][static_cast<std::size_t>(b)];
        if (c == 0) continue;
        // Side by side within a bin, one slice per pattern.
        const double s0 = b * bw + bw * p / shown, s1 = b * bw + bw * (p + 1) / shown;
        dl->AddRectFilled(ImVec2(f.area.sx(s0), f.area.sy(c)), ImVec2(f.area.sx(s1), f.area.sy(0.0)), pattern_color(p, 0.85f));
      }
    }
    dl->PopClipRect();
    if (f.hovered) ImGui::SetTooltip("First-spike latency after each onset in the last finished phase;\ndashed: the %.0f ms a pattern must be found within.", spec.max_latency_ms);
  }
  // Activity: synaptic events and spikes per simulated second (log scale).
  place();
  {
    double lo = 1e300, hi = 0.0;
    auto per_s = [](double n, const PhaseMetrics& m) { return n / std::max(1e-9, (m.end_ms - m.start_ms) / 1000.0); };
    phases.each([&](const PhaseMetrics& m, bool) {
      for (double v : {per_s(static_cast<double>(m.synaptic_events), m), per_s(static_cast<double>(m.spikes), m)})
        if (v > 0.0) {
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
    });
    if (!(hi > 0.0)) lo = 1.0, hi = 10.0;
    const double y0 = std::floor(std::log10(lo)), y1 = std::max(std::ceil(std::log10(hi)), y0 + 1.0);
    const PlotFrame f = plot_frame("##activity", cell, x0, x1, y0, y1, "SOPs / spikes (- -) per s", "epoch", x_ticks, 3, count_label);
    dl->PushClipRect(f.area.min, f.area.max, true);
    auto log_or_floor = [y0](double v) { return v > 0.0 ? std::log10(v) : y0; };
    plot_series(dl, f.area, phases, has_eval, IM_COL32(70, 200, 180, 255),
                [&](const PhaseMetrics& m) { return log_or_floor(per_s(static_cast<double>(m.synaptic_events), m)); }, scratch);
    plot_series(dl, f.area, phases, has_eval, IM_COL32(240, 200, 70, 255),
                [&](const PhaseMetrics& m) { return log_or_floor(per_s(static_cast<double>(m.spikes), m)); }, scratch, true);
    dl->PopClipRect();
    if (f.hovered) ImGui::SetTooltip("Synaptic events (one per spike per synapse reached) and spikes of the whole network,\nper second of simulated time.");
  }
  // Energy per phase: SNN (teal) against the dense ANN (grey), log scale; finished phases only
  // (the one under way would show as a dip while it is partly done).
  place();
  {
    const Phases finished{history, nullptr};
    double lo = 1e300, hi = 0.0;
    finished.each([&](const PhaseMetrics& m, bool) {
      double s = 0.0, a = 0.0;
      energy(m, s, a);
      for (double v : {s, a})
        if (v > 0.0) {
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
    });
    if (!(hi > 0.0)) lo = 1e-9, hi = 1e-6;
    const double y0 = std::floor(std::log10(lo)), y1 = std::max(std::ceil(std::log10(hi)), y0 + 1.0);
    char title[96];
    std::snprintf(title, sizeof title, "energy per phase (%.*s)", static_cast<int>(model.name.size()), model.name.data());
    const PlotFrame f = plot_frame("##energy", cell, x0, x1, y0, y1, title, "epoch", x_ticks, 3, joules_label);
    dl->PushClipRect(f.area.min, f.area.max, true);
    auto log_j = [y0](double v) { return v > 0.0 ? std::log10(v) : y0; };
    plot_series(dl, f.area, finished, has_eval, IM_COL32(200, 200, 200, 255),
                [&](const PhaseMetrics& m) { double s, a; energy(m, s, a); return log_j(a); }, scratch, true);
    plot_series(dl, f.area, finished, has_eval, IM_COL32(70, 200, 180, 255),
                [&](const PhaseMetrics& m) { double s, a; energy(m, s, a); return log_j(s); }, scratch);
    dl->PopClipRect();
    if (f.hovered)
      ImGui::SetTooltip("Solid: the spiking network, SOPs \xc3\x97 %.3g pJ.\nDashed: a dense ANN, synapses \xc3\x97 windows \xc3\x97 %.3g pJ per MAC.\n%.*s",
                        model.joules_per_sop * 1e12, model.joules_per_mac * 1e12, static_cast<int>(model.source.size()), model.source.data());
  }
  ImGui::End();
}

}  // namespace neurosim::gui
