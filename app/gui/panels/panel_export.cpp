// Export panel: which result files and pictures to write, where, at what size; the App writes
// them (App::export_now in app_export.cpp) and the outcome is shown here.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "gui/panels/data_panels.hpp"
#include "gui/shell/style.hpp"

namespace neurosim::gui {

void ExportPanel::draw(bool* open, std::optional<ExportRequest>& request) {
  if (!ImGui::Begin("Export", open)) {
    ImGui::End();
    return;
  }
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
  ImGui::InputTextWithHint("folder", "exports", &dir);
  hover_tooltip("Everything goes into this folder. When it already holds files of an export, a new folder\n"
          "folder-2, folder-3, ... is used instead, unless overwrite is on.");

  ImGui::TextDisabled("Results");
  if (ImGui::BeginTable("what", 2)) {
    ImGui::TableNextColumn();
    ImGui::Checkbox("metrics.csv", &what.metrics);
    hover_tooltip("Rate and spike count of every population per rate bin still in memory");
    ImGui::TableNextColumn();
    ImGui::Checkbox("experiment.json", &what.experiment);
    hover_tooltip("The scenario as it runs now, seed, version, parameters, spike counts, weight summary");
    ImGui::TableNextColumn();
    ImGui::Checkbox("spikes.csv", &what.spikes_csv);
    hover_tooltip("The spikes still in the window's spike ring (the status bar counts any it dropped)");
    ImGui::TableNextColumn();
    ImGui::Checkbox("spikes.npy", &what.spikes_npy);
    ImGui::TableNextColumn();
    ImGui::Checkbox("weights.csv", &what.weights_csv);
    hover_tooltip("projection,pre,post,w for every synapse");
    ImGui::TableNextColumn();
    ImGui::Checkbox("weights.npy", &what.weights_npy);
    ImGui::TableNextColumn();
    ImGui::Checkbox("traces.csv", &what.traces);
    hover_tooltip("The recorded state of every traced neuron still in memory");
    ImGui::TableNextColumn();
    ImGui::Checkbox("scenario.json", &what.scenario);
    hover_tooltip("The scenario with the parameters as they are now (loads and runs the same)");
    ImGui::EndTable();
  }
  ImGui::TextDisabled("Pictures");
  ImGui::Checkbox("each plot panel as PNG", &what.panels);
  hover_tooltip("Spike raster, membrane traces, weights, firing rates (those open), drawn offscreen at this size");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.5f);
  ImGui::InputInt("##w", &what.width, 0);
  ImGui::SameLine();
  ImGui::TextUnformatted("x");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.5f);
  ImGui::InputInt("pixels##h", &what.height, 0);
  what.width = std::clamp(what.width, 160, 8192);
  what.height = std::clamp(what.height, 120, 8192);
  ImGui::Checkbox("light print theme", &what.print_theme);
  hover_tooltip("White paper and black text for the panels' pictures (the window keeps its theme;\n"
                "View > Print theme switches the window too). Pictures never show the panels' controls.");
  ImGui::SameLine();
  ImGui::Checkbox("SVG beside PNG", &what.svg);
  hover_tooltip("The spike raster, membrane traces, firing rates and a sweep also as vector pictures\n"
                "(raster.svg, traces.svg, rates.svg, sweep.svg), for slides and papers");
  ImGui::Checkbox("the whole window as PNG", &what.window);

  ImGui::Separator();
  ImGui::Checkbox("overwrite", &overwrite);
  hover_tooltip("Off: files are never replaced (a new numbered folder is used).\nOn: files of the same name in the folder are replaced.");
  ImGui::SameLine();
  ImGui::BeginDisabled(dir.empty());
  if (ImGui::Button("Export")) {
    ExportRequest r = what;
    r.dir = dir;
    r.replace = overwrite ? io::Replace::Allowed : io::Replace::Never;
    request = r;
  }
  ImGui::EndDisabled();
  if (!result.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, result_is_error ? kErrorColor : kOkColor);
    ImGui::TextWrapped("%s", result.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace neurosim::gui
