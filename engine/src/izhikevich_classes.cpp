#include "neurosim/izhikevich_classes.hpp"

#include <array>

namespace neurosim {
namespace {

constexpr std::string_view k2003 = "Izhikevich 2003, IEEE TNN 14:1569, Fig. 2";
constexpr std::string_view k2004 = "Izhikevich 2004, IEEE TNN 15:1063, Fig. 1 (figure1.m)";

constexpr std::array<IzhikevichClass, 27> kClasses{{
    {"RS", "Regular spiking: excitatory cortical cell, adapting", 0.02, 0.2, -65, 8, 10, k2003},
    {"IB", "Intrinsically bursting: a burst, then single spikes", 0.02, 0.2, -55, 4, 10, k2003},
    {"CH", "Chattering: fast rhythmic bursts", 0.02, 0.2, -50, 2, 10, k2003},
    {"FS", "Fast spiking: inhibitory interneuron, no adaptation", 0.1, 0.2, -65, 2, 10, k2003},
    {"LTS", "Low-threshold spiking: inhibitory, adapting", 0.02, 0.25, -65, 2, 10, k2003},
    {"TC", "Thalamo-cortical: tonic when depolarised", 0.02, 0.25, -65, 0.05, 10, k2003},
    {"RZ", "Resonator: sustained subthreshold oscillations", 0.1, 0.26, -65, 2, 10, k2003},
    {"tonic spiking", "(A) tonic spiking", 0.02, 0.2, -65, 6, 14, k2004},
    {"phasic spiking", "(B) phasic spiking", 0.02, 0.25, -65, 6, 0.5, k2004},
    {"tonic bursting", "(C) tonic bursting", 0.02, 0.2, -50, 2, 15, k2004},
    {"phasic bursting", "(D) phasic bursting", 0.02, 0.25, -55, 0.05, 0.6, k2004},
    {"mixed mode", "(E) mixed mode", 0.02, 0.2, -55, 4, 10, k2004},
    {"spike frequency adaptation", "(F) spike frequency adaptation", 0.01, 0.2, -65, 8, 30, k2004},
    {"class 1", "(G) Class 1 excitable (ramp input in the paper)", 0.02, -0.1, -55, 6, 0, k2004},
    {"class 2", "(H) Class 2 excitable (ramp input in the paper)", 0.2, 0.26, -65, 0, 0, k2004},
    {"spike latency", "(I) spike latency (pulse input in the paper)", 0.02, 0.2, -65, 6, 7, k2004},
    {"subthreshold oscillations", "(J) subthreshold oscillations (pulse input)", 0.05, 0.26, -60, 0, 0, k2004},
    {"resonator", "(K) resonator (pulse pairs)", 0.1, 0.26, -60, -1, 0, k2004},
    {"integrator", "(L) integrator (pulse pairs)", 0.02, -0.1, -55, 6, 0, k2004},
    {"rebound spike", "(M) rebound spike (negative pulse)", 0.03, 0.25, -60, 4, 0, k2004},
    {"rebound burst", "(N) rebound burst (negative pulse)", 0.03, 0.25, -52, 0, 0, k2004},
    {"threshold variability", "(O) threshold variability", 0.03, 0.25, -60, 4, 0, k2004},
    {"bistability", "(P) bistability (pulses on a -65 baseline)", 1, 1.5, -60, 0, -65, k2004},
    {"DAP", "(Q) depolarising after-potential", 1, 0.2, -60, -21, 0, k2004},
    {"accommodation", "(R) accommodation (ramps; modified u equation in figure1.m)", 0.02, 1, -55, 4, 0, k2004},
    {"inhibition-induced spiking", "(S) inhibition-induced spiking", -0.02, -1, -60, 8, 80, k2004},
    {"inhibition-induced bursting", "(T) inhibition-induced bursting", -0.026, -1, -45, 0, 80, k2004},
}};

}  // namespace

std::span<const IzhikevichClass> izhikevich_classes() { return kClasses; }

}  // namespace neurosim
