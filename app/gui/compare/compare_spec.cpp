// Run B's scenario (see compare_spec.hpp).
#include "gui/compare/compare_spec.hpp"

#include <cstdio>
#include <exception>
#include <string_view>

#include "neurosim/io/scenario_json.hpp"

namespace neurosim::gui {

namespace {

std::string first_error(const std::string& source, const std::vector<SpecError>& errors) {
  if (errors.empty()) return source + ": cannot load";
  const SpecError& e = errors.front();
  std::string line = (e.path.empty() && e.message.compare(0, source.size() + 1, source + ":") == 0) ? e.message : source + ": " + e.text();
  if (errors.size() > 1) line += " (and " + std::to_string(errors.size() - 1) + " more)";
  return line;
}

}  // namespace

CompareSpec compare_spec(const ScenarioSpec& a, const CompareChoice& choice) {
  CompareSpec out;
  ScenarioSpec b;
  if (choice.scenario.empty()) {
    b = a;
    out.label = "A";
  } else {
    try {
      io::LoadResult loaded = io::load_scenario(choice.scenario);
      if (!loaded.spec) {
        out.error = "--compare " + first_error(choice.scenario, loaded.errors);
        return out;
      }
      b = std::move(*loaded.spec);
    } catch (const std::exception& e) {
      out.error = "--compare " + choice.scenario + ": " + e.what();
      return out;
    }
    b.seed = a.seed;
    out.label = choice.scenario;
  }
  for (std::size_t i = 0; i < choice.changes.size(); ++i) {
    const std::string& c = choice.changes[i];
    const auto eq = c.find('=');
    if (eq == std::string::npos || eq == 0) {
      out.error = "--compare-set expects PATH=VALUE, e.g. --compare-set populations.exc.params.tau_m=15 (got \"" + c + "\")";
      return out;
    }
    if (const std::string why = io::apply_override(b, std::string_view(c).substr(0, eq), std::string_view(c).substr(eq + 1)); !why.empty()) {
      out.error = "--compare-set " + c + ": " + why;
      return out;
    }
    out.label += (i == 0 ? " with " : ", ") + c;
  }
  if (const std::vector<SpecError> errors = check_scenario(b); !errors.empty()) {
    out.error = first_error(choice.scenario.empty() ? std::string("--compare-set") : "--compare " + choice.scenario, errors);
    return out;
  }
  if (b.dt_ms != a.dt_ms) {
    char why[160];
    std::snprintf(why, sizeof why, "B's time step dt_ms = %g differs from A's (%g): the two runs advance step for step, so they need the same dt_ms",
                  b.dt_ms, a.dt_ms);
    out.error = why;
    return out;
  }
  out.spec = std::make_unique<ScenarioSpec>(std::move(b));
  return out;
}

std::unique_ptr<Network> build_side(const ScenarioSpec& spec, const std::string& label, std::string& error) {
  try {
    BuildResult built = build_network(spec, BuildOptions{});
    if (!built.network) {
      error = first_error(label, built.errors);
      return nullptr;
    }
    error.clear();
    return std::move(built.network);
  } catch (const std::exception& e) {
    error = label + ": " + e.what();  // a network too large for memory
    return nullptr;
  }
}

}  // namespace neurosim::gui
