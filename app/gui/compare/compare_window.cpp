// The Compare window (see compare_window.hpp).
// [SECTION] Index
//   Setup ........ constructor, GL
//   Per frame .... pace, read, render_gl
//   Drawing ...... draw (layout of the three windows), controls, one side
#include "gui/compare/compare_window.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "gui/panels/learning_panels.hpp"  // draw_pattern_bands
#include "gui/panels/plot_helpers.hpp"
#include "gui/render/palette.hpp"
#include "gui/shell/sim_clock.hpp"

namespace neurosim::gui {

namespace {

ImTextureID texture_id(GLuint texture) { return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)); }

const ImVec4 kErrorColor(1.0f, 0.42f, 0.40f, 1.0f);
const ImVec4 kSideColor[2] = {ImVec4(0.55f, 0.78f, 1.0f, 1.0f), ImVec4(1.0f, 0.72f, 0.40f, 1.0f)};

// The time axis under a plot: ticks and labels in ms, the newest label always shown.
void draw_time_axis(ImDrawList* dl, ImVec2 min, ImVec2 max, double t0, double t1) {
  PlotArea axis;
  axis.min = min;
  axis.max = max;
  axis.x0 = t0;
  axis.x1 = t1;
  double step = 0;
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const std::vector<double> ticks = nice_ticks(t0, t1, std::max(2, static_cast<int>((max.x - min.x) / (ImGui::GetFontSize() * 6.0f))), &step);
  float free_until = 1e30f;
  for (auto it = ticks.rbegin(); it != ticks.rend(); ++it) {
    const double t = *it;
    if (t < 0.0) continue;
    const float x = axis.sx(t);
    dl->AddLine(ImVec2(x, max.y), ImVec2(x, max.y + 4.0f), text);
    const std::string label = tick_label(t, step) + (it == ticks.rbegin() ? " ms" : "");
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    const float lx = std::clamp(x - w * 0.5f, min.x, max.x - w);
    if (lx + w > free_until) continue;
    dl->AddText(ImVec2(lx, max.y + 5.0f), text, label.c_str());
    free_until = lx - ImGui::GetFontSize() * 0.5f;
  }
}

// Rate bins of a side that fall in [t0, t1]: first index and count.
void visible_bins(const RateHistory& rates, double t0, std::size_t& first, std::size_t& n) {
  const std::size_t available = rates.bins_available();
  const double bin = rates.bin_ms();
  first = 0;
  n = available;
  if (!(bin > 0.0) || available == 0) {
    n = 0;
    return;
  }
  const double oldest_t = static_cast<double>(rates.bins_written() - available) * bin;
  if (t0 > oldest_t) first = std::min(available, static_cast<std::size_t>((t0 - oldest_t) / bin));
  n = available - first;
}

}  // namespace

// [SECTION] Setup

CompareWindow::CompareWindow(std::unique_ptr<Session> a, std::string label_a, std::unique_ptr<Session> b, std::string label_b,
                             bool lockstep)
    : pair_(std::move(a), std::move(b)), lockstep_(lockstep) {
  sides_[0].label = std::move(label_a);
  sides_[1].label = std::move(label_b);
  pair_.set_lockstep(lockstep);
  step_seen_ = pair_.step_index();
}

bool CompareWindow::create_gl(std::string& error) {
  for (RasterRenderer& r : rasters_)
    if (!r.create(error)) return false;
  gl_ready_ = true;
  return true;
}

void CompareWindow::destroy_gl() {
  if (!gl_ready_) return;
  for (RasterRenderer& r : rasters_) r.destroy();
  gl_ready_ = false;
}

int CompareWindow::steps_per_column(double dt_ms) const {
  const double steps = static_cast<double>(window_ms_) / (dt_ms * RasterRing::kColumns);
  return std::max(1, static_cast<int>(std::ceil(steps - 1e-9)));
}

// [SECTION] Per frame

void CompareWindow::pace(SimClock& clock, double plan_dt_s) {
  if (clock.paused != paused_sent_) {
    pair_.set_paused(clock.paused);
    paused_sent_ = clock.paused;
  }
  const double speed = clock.max_speed ? std::numeric_limits<double>::infinity() : static_cast<double>(clock.speed);
  if (speed != speed_sent_) {
    pair_.set_speed(speed);
    speed_sent_ = speed;
  }
  if (!lockstep_) return;
  if (!clock.paused) pair_.request_steps(clock.steps_wanted(plan_dt_s, pair_.dt_ms()));
  pair_.wait_idle();
}

void CompareWindow::read(SimClock& clock, double frame_dt_s) {
  std::array<Observations, 2> seen = pair_.take();
  const double busy = pair_.busy_seconds();
  const std::int64_t steps = std::max<std::int64_t>(0, seen[0].step - step_seen_);
  clock.report(steps, steps, (busy - busy_seen_s_) * 1000.0, seen[0].spikes.size() + seen[1].spikes.size(), frame_dt_s, pair_.dt_ms());
  busy_seen_s_ = busy;
  step_seen_ = seen[0].step;
  const int spc = steps_per_column(pair_.dt_ms());
  for (std::size_t i = 0; i < 2; ++i) sides_[i].add(std::move(seen[i]), spc);
  // The list follows the applied values: recomputed when either side's facts change.
  if (sides_[0].facts && sides_[1].facts &&
      (sides_[0].facts->version != facts_version_a_ || sides_[1].facts->version != facts_version_b_)) {
    facts_version_a_ = sides_[0].facts->version;
    facts_version_b_ = sides_[1].facts->version;
    differences_ = differences(*sides_[0].facts, *sides_[1].facts);
  }
}

void CompareWindow::render_gl() {
  if (!gl_ready_) return;
  for (std::size_t i = 0; i < 2; ++i) {
    rasters_[i].upload(sides_[i].ring);
    if (image_w_[i] > 0 && image_h_[i] > 0) rasters_[i].render(sides_[i].ring, visible_columns_, image_w_[i], image_h_[i]);
  }
}

void CompareWindow::step_once(SimClock& clock) {
  clock.paused = true;
  pair_.set_paused(true);
  paused_sent_ = true;
  pair_.request_steps(1);
}

void CompareWindow::reset_both() {
  pair_.submit(0, ResetNetwork{});
  pair_.submit(1, ResetNetwork{});
}

// [SECTION] Drawing

bool CompareWindow::draw(SimClock& clock) {
  bool keep_open = true;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 pos = vp->WorkPos;
  const ImVec2 size = vp->WorkSize;
  const float right_w = std::max(ImGui::GetFontSize() * 19.0f, size.x * 0.24f);
  image_w_ = {0, 0};
  image_h_ = {0, 0};
  // Placed when the comparison opens, then where the user moves them. "Always" the first time:
  // the single run's Parameters window, drawn in the frame before, is the same ImGui window as
  // B's, and would otherwise keep its place (behind the two sides).
  const ImGuiCond place = placed_ ? ImGuiCond_Appearing : ImGuiCond_Always;
  placed_ = true;

  // [SECTION] The two sides
  ImGui::SetNextWindowPos(pos, place);
  ImGui::SetNextWindowSize(ImVec2(size.x - right_w, size.y), place);
  if (ImGui::Begin("Compare: A and B side by side", &keep_open, ImGuiWindowFlags_NoCollapse)) {
    draw_controls(clock, keep_open);
    const CompareSide& a = sides_[0];
    const CompareSide& b = sides_[1];
    if (a.facts && b.facts) {
      // Shared scales: the same rate axis and the same voltage axis on both sides.
      const double t_end = a.t_ms;
      const double t0 = t_end - static_cast<double>(window_ms_);
      float rate_max = 1.0f;
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      for (const CompareSide& s : sides_) {
        std::size_t first = 0, n = 0;
        visible_bins(s.rates, t0, first, n);
        for (int p = 0; p < s.rates.populations(); ++p)
          for (std::size_t i = first; i < first + n; ++i) rate_max = std::max(rate_max, s.rates.rate(p, i));
        for (const TraceHistory::Probe& probe : s.traces.probes()) {
          const std::size_t i0 = probe.first_at(static_cast<std::int64_t>(std::floor(t0 / s.facts->dt_ms)));
          for (std::size_t i = i0; i < probe.size(); ++i) {
            lo = std::min(lo, static_cast<double>(probe.sample(i, 0)));
            hi = std::max(hi, static_cast<double>(probe.sample(i, 0)));
          }
        }
      }
      if (!(hi >= lo)) lo = -1.0, hi = 1.0;
      if (hi - lo < 1e-3) lo -= 1.0, hi += 1.0;
      const ImVec2 avail = ImGui::GetContentRegionAvail();
      const float gap = ImGui::GetStyle().ItemSpacing.x;
      const float column_w = std::max(100.0f, (avail.x - gap) * 0.5f);
      for (int i = 0; i < 2; ++i) {
        if (i > 0) ImGui::SameLine(0.0f, gap);
        ImGui::PushID(i);
        ImGui::BeginChild("side", ImVec2(column_w, avail.y), false, ImGuiWindowFlags_NoScrollbar);
        draw_side(i, column_w, avail.y, rate_max * 1.1f, lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05);
        ImGui::EndChild();
        ImGui::PopID();
      }
    }
  }
  ImGui::End();

  // [SECTION] What differs
  ImGui::SetNextWindowPos(ImVec2(pos.x + size.x - right_w, pos.y), place);
  ImGui::SetNextWindowSize(ImVec2(right_w, size.y * 0.38f), place);
  if (ImGui::Begin("Differences")) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("The Parameters window changes run B only.");
    ImGui::PopStyleColor();
    if (differences_.empty()) {
      ImGui::TextWrapped("A and B are the same scenario with the same seed: they spike alike. Change a parameter of B below.");
    } else if (ImGui::BeginTable("differences", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY)) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn("parameter", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn("A", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.5f);
      ImGui::TableSetupColumn("B", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.5f);
      ImGui::TableHeadersRow();
      for (const Difference& d : differences_) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.what.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nA: %s\nB: %s", d.what.c_str(), d.a.c_str(), d.b.c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(kSideColor[0], "%s", d.a.c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(kSideColor[1], "%s", d.b.c_str());
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();

  // [SECTION] B's sliders (sent to B only; its verdicts come back with B's observations)
  if (sides_[1].facts) {
    ImGui::SetNextWindowPos(ImVec2(pos.x + size.x - right_w, pos.y + size.y * 0.38f), place);
    ImGui::SetNextWindowSize(ImVec2(right_w, size.y * 0.62f), place);
    show_b_parameters_ = true;
    const Submit to_b = [this](const Command& c) {
      pair_.submit(1, c);
      return std::string();
    };
    b_parameters_.draw(&show_b_parameters_, *sides_[1].facts, sides_[1].t_ms, to_b);
  }
  return keep_open;
}

void CompareWindow::draw_controls(SimClock& clock, bool& keep_open) {
  if (ImGui::Button(clock.paused ? "Run" : "Pause")) {
    clock.paused = !clock.paused;
    clock.resync();
  }
  ImGui::SameLine();
  if (ImGui::Button("Step")) step_once(clock);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
  ImGui::SliderFloat("speed", &clock.speed, 0.01f, 10.0f, "%.2fx", ImGuiSliderFlags_Logarithmic);
  ImGui::SameLine();
  static constexpr float kWindows[] = {200, 500, 1000, 2000, 5000};
  char current[32];
  std::snprintf(current, sizeof current, "%.0f ms", static_cast<double>(window_ms_));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
  if (ImGui::BeginCombo("window", current)) {
    for (float w : kWindows) {
      char label[32];
      std::snprintf(label, sizeof label, "%.0f ms", static_cast<double>(w));
      if (ImGui::Selectable(label, w == window_ms_)) window_ms_ = w;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("t = %.1f ms (both)  %.2fx real time", sides_[0].t_ms, clock.realtime_factor());
  ImGui::SameLine();
  if (ImGui::Button("Reset both")) reset_both();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Both runs back to t = 0 (B keeps its changes)");
  ImGui::SameLine();
  if (ImGui::Button("Back to one run")) keep_open = false;
}

void CompareWindow::draw_side(int side, float width, float height, float rate_max, double trace_lo, double trace_hi) {
  const CompareSide& s = sides_[static_cast<std::size_t>(side)];
  const ScenarioFacts& facts = *s.facts;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float line_h = ImGui::GetTextLineHeight();

  // [SECTION] Header: which run, its spikes
  ImGui::TextColored(kSideColor[side], "%s", s.label.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.label.c_str());
  if (!s.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", s.message.c_str());
    ImGui::PopStyleColor();
  }

  const float margin_left = ImGui::CalcTextSize("-00.0").x + 8.0f;
  const float axis_h = line_h + 6.0f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  // Room for the three plots, their two legend lines and the time labels under each.
  const float free_h = std::max(120.0f, height - (origin.y - ImGui::GetWindowPos().y) - line_h - 12.0f);
  const float raster_h = free_h * 0.46f - axis_h;
  const float rates_h = free_h * 0.25f - axis_h - line_h;
  const float traces_h = free_h * 0.29f - axis_h - line_h;
  const float plot_w = std::max(32.0f, width - margin_left - 8.0f);

  // [SECTION] Raster (texture from the GPU, newest time at the right)
  const double dt = facts.dt_ms;
  const int spc = s.ring.steps_per_column();
  visible_columns_ = std::clamp(static_cast<int>(std::lround(window_ms_ / (spc * dt))), 1, RasterRing::kColumns);
  const double column_ms = spc * dt;
  const double r_end = static_cast<double>(s.ring.newest_column() + 1) * column_ms;
  const ImVec2 img_min(origin.x + margin_left, origin.y);
  const ImVec2 img_max(img_min.x + plot_w, img_min.y + std::max(16.0f, raster_h));
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  image_w_[static_cast<std::size_t>(side)] = static_cast<int>(plot_w * scale.x);
  image_h_[static_cast<std::size_t>(side)] = static_cast<int>((img_max.y - img_min.y) * scale.y);
  dl->AddImage(texture_id(rasters_[static_cast<std::size_t>(side)].texture()), img_min, img_max, ImVec2(0, 1), ImVec2(1, 0));
  // The hidden patterns' windows, shaded as on the single run's raster (each side's own).
  draw_pattern_bands(dl, s.bands, dt, img_min, img_max, r_end - visible_columns_ * column_ms, r_end);
  const float rows = static_cast<float>(s.ring.rows());
  for (int p = 0; p < static_cast<int>(facts.populations.size()) && p < s.ring.population_count(); ++p) {
    if (s.ring.band_end(p) <= s.ring.band_begin(p)) continue;
    const float y0 = img_min.y + (img_max.y - img_min.y) * static_cast<float>(s.ring.band_begin(p)) / rows;
    const float y1 = img_min.y + (img_max.y - img_min.y) * static_cast<float>(s.ring.band_end(p)) / rows;
    if (p > 0) dl->AddLine(ImVec2(img_min.x - 4.0f, y0), ImVec2(img_max.x, y0), IM_COL32(255, 255, 255, 90));
    if (y1 - y0 >= line_h) {
      // The name, clipped to the margin: long names show their start.
      const std::string& name = facts.populations[static_cast<std::size_t>(p)].name;
      dl->PushClipRect(ImVec2(origin.x, y0), ImVec2(img_min.x - 3.0f, y1), true);
      dl->AddText(ImVec2(origin.x, (y0 + y1 - line_h) * 0.5f), population_color(p), name.c_str());
      dl->PopClipRect();
    }
  }
  dl->AddRect(img_min, img_max, IM_COL32(255, 255, 255, 60));
  draw_time_axis(dl, img_min, img_max, r_end - visible_columns_ * column_ms, r_end);
  if (s.ring.lost() > 0)
    dl->AddText(ImVec2(img_min.x + 4.0f, img_min.y + 2.0f), ImGui::GetColorU32(kErrorColor),
                (std::to_string(s.ring.lost()) + " spikes lost").c_str());

  // [SECTION] Population rates (Hz), the same scale on both sides
  const double t_end = s.t_ms;
  const double t0 = t_end - static_cast<double>(window_ms_);
  float y = img_max.y + axis_h + 2.0f;
  std::size_t first = 0, n = 0;
  visible_bins(s.rates, t0, first, n);
  {
    float x = img_min.x;
    dl->AddText(ImVec2(origin.x, y), ImGui::GetColorU32(ImGuiCol_TextDisabled), "Hz");
    for (int p = 0; p < s.rates.populations() && p < static_cast<int>(facts.populations.size()); ++p) {
      // Legend: the mean rate over the visible window.
      double sum = 0.0;
      for (std::size_t i = first; i < first + n; ++i) sum += s.rates.rate(p, i);
      char entry[96];
      std::snprintf(entry, sizeof entry, "%s %.1f", facts.populations[static_cast<std::size_t>(p)].name.c_str(), n ? sum / static_cast<double>(n) : 0.0);
      const float w = ImGui::CalcTextSize(entry).x;
      if (x + w > img_max.x) break;
      dl->AddText(ImVec2(x, y), population_color(p), entry);
      x += w + ImGui::GetFontSize();
    }
  }
  y += line_h + 2.0f;
  PlotArea rates;
  rates.min = ImVec2(img_min.x, y);
  rates.max = ImVec2(img_max.x, y + std::max(24.0f, rates_h));
  rates.x0 = t0;
  rates.x1 = t_end;
  rates.y0 = 0.0;
  rates.y1 = rate_max;
  draw_plot_frame(dl, rates, std::max(2, static_cast<int>(plot_w / (ImGui::GetFontSize() * 6.0f))), 3, true, "ms");
  if (n > 0) {
    dl->PushClipRect(rates.min, rates.max, true);
    const double bin = s.rates.bin_ms();
    const double oldest_t = static_cast<double>(s.rates.bins_written() - s.rates.bins_available()) * bin;
    for (int p = 0; p < s.rates.populations(); ++p) {
      plot_mean(
          dl, rates, n, [&](std::size_t i) { return oldest_t + (static_cast<double>(first + i) + 0.5) * bin; },
          [&](std::size_t i) { return static_cast<double>(s.rates.rate(p, first + i)); }, population_color(p), 1.5f, scratch_);
    }
    dl->PopClipRect();
  }

  // [SECTION] Traced neurons (membrane potential), the same scale on both sides
  y = rates.max.y + axis_h + 2.0f;
  {
    float x = img_min.x;
    dl->AddText(ImVec2(origin.x, y), ImGui::GetColorU32(ImGuiCol_TextDisabled), "V");
    for (const TraceHistory::Probe& probe : s.traces.probes()) {
      if (probe.population < 0 || probe.population >= static_cast<int>(facts.populations.size())) continue;
      char entry[96];
      std::snprintf(entry, sizeof entry, "%s #%d", facts.populations[static_cast<std::size_t>(probe.population)].name.c_str(), probe.neuron);
      const float w = ImGui::CalcTextSize(entry).x;
      if (x + w > img_max.x) break;
      dl->AddText(ImVec2(x, y), population_color(probe.population), entry);
      x += w + ImGui::GetFontSize();
    }
    if (s.traces.probes().empty()) dl->AddText(ImVec2(x, y), ImGui::GetColorU32(ImGuiCol_TextDisabled), "no neuron traced");
  }
  y += line_h + 2.0f;
  PlotArea traces;
  traces.min = ImVec2(img_min.x, y);
  traces.max = ImVec2(img_max.x, y + std::max(24.0f, traces_h));
  traces.x0 = t0;
  traces.x1 = t_end;
  traces.y0 = trace_lo;
  traces.y1 = trace_hi;
  draw_plot_frame(dl, traces, std::max(2, static_cast<int>(plot_w / (ImGui::GetFontSize() * 6.0f))), 3, true, "ms");
  dl->PushClipRect(traces.min, traces.max, true);
  for (const TraceHistory::Probe& probe : s.traces.probes()) {
    const std::size_t i0 = probe.first_at(static_cast<std::int64_t>(std::floor(t0 / dt)));
    plot_decimated(
        dl, traces, probe.size() - i0, [&](std::size_t i) { return static_cast<double>(probe.step(i0 + i)) * dt; },
        [&](std::size_t i) { return static_cast<double>(probe.sample(i0 + i, 0)); }, population_color(probe.population), 1.0f, scratch_);
  }
  dl->PopClipRect();
  ImGui::Dummy(ImVec2(width, traces.max.y + axis_h - origin.y));
}

}  // namespace neurosim::gui
