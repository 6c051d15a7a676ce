#pragma once
// A diverging colour map for signed changes (the "after - before" weight map): depression in blue,
// no change nearly black, potentiation in orange, each side brightening with the size of the
// change. The neutral middle is dark because the window is dark: most synapses barely change,
// and a white middle would flood the panel with glare. Same 256-entry table type as viridis().
#include "gui/render/colormap.hpp"

namespace neurosim::gui {

const ColormapTable& diverging_blue_orange();

}  // namespace neurosim::gui
