#pragma once
// Loading the bundled scenario presets in the io tests.
#include <doctest/doctest.h>

#include <cstddef>
#include <memory>

#include "neurosim/image_set.hpp"
#include "neurosim/io/scenario_json.hpp"

namespace neurosim::test {

// The preset named `name`; each load error is reported as a test failure.
inline ScenarioSpec load_preset(const char* name) {
  auto loaded = io::load_scenario(name);
  for (const auto& e : loaded.errors) FAIL_CHECK(e.text());
  REQUIRE(loaded.spec);
  return *loaded.spec;
}

// The first `count` images (and labels) of `all`: a small training set for a test that learns.
inline std::shared_ptr<const ImageSet> first_images(const ImageSet& all, int count) {
  auto part = std::make_shared<ImageSet>();
  part->source = all.source;
  part->rows = all.rows;
  part->cols = all.cols;
  part->count = count;
  const auto pixels = static_cast<std::size_t>(count) * static_cast<std::size_t>(all.pixels_per_image());
  part->pixels.assign(all.pixels.begin(), all.pixels.begin() + static_cast<std::ptrdiff_t>(pixels));
  part->labels.assign(all.labels.begin(), all.labels.begin() + count);
  return part;
}

}  // namespace neurosim::test
