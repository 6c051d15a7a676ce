#pragma once
// Loading the bundled scenario presets in the io tests.
#include <doctest/doctest.h>

#include "neurosim/io/scenario_json.hpp"

namespace neurosim::test {

// The preset named `name`; each load error is reported as a test failure.
inline ScenarioSpec load_preset(const char* name) {
  auto loaded = io::load_scenario(name);
  for (const auto& e : loaded.errors) FAIL_CHECK(e.text());
  REQUIRE(loaded.spec);
  return *loaded.spec;
}

}  // namespace neurosim::test
