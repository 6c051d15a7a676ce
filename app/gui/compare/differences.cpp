// What differs between two runs (see differences.hpp).
#include "gui/compare/differences.hpp"

#include <cmath>
#include <cstdio>
#include <functional>

namespace neurosim::gui {

namespace {

bool same(double x, double y) {
  if (x == y) return true;  // also equal infinities
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  return std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y));
}

std::string with_unit(double v, const std::string& unit) {
  return unit.empty() ? difference_value(v) : difference_value(v) + " " + unit;
}

// Items of two lists matched by name: A's order, then those only in B.
template <class T>
void match_by_name(const std::vector<T>& a, const std::vector<T>& b, const std::function<void(const T*, const T*)>& visit) {
  for (const T& x : a) {
    const T* y = nullptr;
    for (const T& c : b)
      if (c.name == x.name) y = &c;
    visit(&x, y);
  }
  for (const T& y : b) {
    bool in_a = false;
    for (const T& c : a) in_a = in_a || c.name == y.name;
    if (!in_a) visit(nullptr, &y);
  }
}

void param_differences(const std::string& prefix, const std::vector<ParamFact>& a, const std::vector<ParamFact>& b,
                       std::vector<Difference>& out) {
  match_by_name<ParamFact>(a, b, [&](const ParamFact* x, const ParamFact* y) {
    const std::string what = prefix + (x ? x->name : y->name);
    if (x && y) {
      if (!same(x->value, y->value)) out.push_back({what, with_unit(x->value, x->unit), with_unit(y->value, y->unit)});
    } else {
      out.push_back({what, x ? with_unit(x->value, x->unit) : "absent", y ? with_unit(y->value, y->unit) : "absent"});
    }
  });
}

void number(std::vector<Difference>& out, const std::string& what, double x, double y, const std::string& unit = "") {
  if (!same(x, y)) out.push_back({what, with_unit(x, unit), with_unit(y, unit)});
}

void text(std::vector<Difference>& out, const std::string& what, const std::string& x, const std::string& y) {
  if (x != y) out.push_back({what, x.empty() ? "none" : x, y.empty() ? "none" : y});
}

}  // namespace

std::string difference_value(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  return buf;
}

std::vector<Difference> differences(const ScenarioFacts& a, const ScenarioFacts& b) {
  std::vector<Difference> out;
  text(out, "scenario", a.name, b.name);
  number(out, "dt_ms", a.dt_ms, b.dt_ms, "ms");
  if (a.seed != b.seed) out.push_back({"seed", std::to_string(a.seed), std::to_string(b.seed)});

  match_by_name<PopulationFact>(a.populations, b.populations, [&](const PopulationFact* x, const PopulationFact* y) {
    const std::string base = "populations." + (x ? x->name : y->name);
    if (!x || !y) {
      const PopulationFact& p = x ? *x : *y;
      const std::string present = p.model + ", " + std::to_string(p.size) + " neurons";
      out.push_back({base, x ? present : "absent", y ? present : "absent"});
      return;
    }
    text(out, base + ".model", x->model, y->model);
    if (x->size != y->size) out.push_back({base + ".size", std::to_string(x->size), std::to_string(y->size)});
    if (x->model == y->model) param_differences(base + ".params.", x->params, y->params, out);
  });

  match_by_name<ProjectionFact>(a.projections, b.projections, [&](const ProjectionFact* x, const ProjectionFact* y) {
    const std::string base = "projections." + (x ? x->name : y->name);
    if (!x || !y) {
      const ProjectionFact& p = x ? *x : *y;
      const std::string present = std::to_string(p.synapses) + " synapses";
      out.push_back({base, x ? present : "absent", y ? present : "absent"});
      return;
    }
    if (x->synapses != y->synapses) out.push_back({base + ": synapses", std::to_string(x->synapses), std::to_string(y->synapses)});
    number(out, base + ".weight_scale", x->weight_scale, y->weight_scale);
    if (x->enabled != y->enabled) out.push_back({base + ".enabled", x->enabled ? "true" : "false", y->enabled ? "true" : "false"});
    text(out, base + ".plasticity.rule", x->rule_id, y->rule_id);
    if (x->rule_id == y->rule_id) param_differences(base + ".plasticity.params.", x->rule_params, y->rule_params, out);
  });

  match_by_name<StimulusFact>(a.stimuli, b.stimuli, [&](const StimulusFact* x, const StimulusFact* y) {
    const std::string base = "stimuli." + (x ? x->name : y->name);
    if (!x || !y) {
      out.push_back({base, x ? "present" : "absent", y ? "present" : "absent"});
      return;
    }
    number(out, base + ".amplitude", x->params.amplitude, y->params.amplitude);
    number(out, base + ".noise_sd", x->params.noise_sd, y->params.noise_sd);
    number(out, base + ".start_ms", x->params.start_ms, y->params.start_ms, "ms");
    number(out, base + ".stop_ms", x->params.stop_ms, y->params.stop_ms, "ms");
  });
  return out;
}

}  // namespace neurosim::gui
