// The classification views as one unit for the App (see classification_panels.hpp): what happens
// when a network is adopted, the per-frame observation of the experiment, the View menu entries,
// the windows, their default rectangles and the receptive-field texture.
#include <imgui.h>

#include <algorithm>
#include <cstdint>

#include "gui/panels/classification_panels.hpp"
#include "gui/shell/layout.hpp"

namespace neurosim::gui {

namespace {

ImTextureID texture_id(GLuint texture) { return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)); }

}  // namespace

void ClassificationViews::draw_menu_items(UiState& ui) {
  ImGui::Separator();
  ImGui::MenuItem("Receptive fields", nullptr, &ui.show_receptive_fields);
  ImGui::MenuItem("Digit", nullptr, &ui.show_digit);
  ImGui::MenuItem("Confusion", nullptr, &ui.show_confusion);
  ImGui::MenuItem("Training curve", nullptr, &ui.show_training_curve);
}

void ClassificationViews::draw(UiState& ui, bool reset) {
  if (ui.show_receptive_fields) {
    place_classification_window(ClassificationSlot::Fields, reset);
    fields_panel_.draw(&ui.show_receptive_fields, model_.frame(), model_.fields(), texture_id(renderer_.texture()));
  } else {
    fields_panel_.want_width = fields_panel_.want_height = 0;
  }
  if (ui.show_digit) {
    place_classification_window(ClassificationSlot::Digit, reset);
    digit_panel_.draw(&ui.show_digit, model_.frame());
  }
  if (ui.show_confusion) {
    place_classification_window(ClassificationSlot::Confusion, reset);
    confusion_panel_.draw(&ui.show_confusion, model_.frame());
  }
  if (ui.show_training_curve) {
    place_classification_window(ClassificationSlot::Curve, reset);
    curve_panel_.draw(&ui.show_training_curve, model_.frame());
  }
}

// [SECTION] GPU

bool ClassificationViews::create_gl(std::string& error) { return renderer_.create(error); }
void ClassificationViews::destroy_gl() { renderer_.destroy(); }

void ClassificationViews::render_gl() {
  if (fields_panel_.want_width > 0 && fields_panel_.want_height > 0 && model_.fields().fields > 0)
    renderer_.render(model_.fields().map, fields_panel_.want_width, fields_panel_.want_height);
}

}  // namespace neurosim::gui
