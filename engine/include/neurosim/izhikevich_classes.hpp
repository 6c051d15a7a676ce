#pragma once
// Named Izhikevich parameter sets, so that a population can be switched to a cell class.
#include <span>
#include <string_view>

namespace neurosim {

struct IzhikevichClass {
  std::string_view name;         // short name, e.g. "RS"
  std::string_view description;  // what it is and what it shows
  double a, b, c, d;
  double current;                // a dc input that shows the class's behaviour
  std::string_view source;
};

// Izhikevich 2003 (IEEE TNN 14:1569, Fig. 2) cortical and thalamic classes, then the 20
// neuro-computational features of Izhikevich 2004 (IEEE TNN 15:1063, Fig. 1; figure1.m).
std::span<const IzhikevichClass> izhikevich_classes();

}  // namespace neurosim
