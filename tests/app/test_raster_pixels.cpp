// The live raster's pixel columns (app/gui/views/raster_pixels.cpp): folded once and scrolled,
// they must equal a view folded from scratch at every frame, and the columns reported changed
// must be all that a texture needs to stay equal to them.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "gui/views/raster_pixels.hpp"
#include "gui/views/raster_ring.hpp"
#include "neurosim/monitors.hpp"

using neurosim::SpikeEvent;
using neurosim::gui::RasterPixels;
using neurosim::gui::RasterRing;

namespace {

// The view as raster.frag draws it, pixel by pixel from the ring, with the pixel columns of
// the view [newest pixel - width + 1, newest pixel]: the reference.
std::uint32_t reference_pixel(const RasterRing& ring, const RasterPixels& view, std::int64_t pixel, int y) {
  const int rows = ring.rows(), h = view.height();
  const int r0 = static_cast<int>(std::floor(static_cast<double>(y) * rows / h));
  const int r1 = std::min(rows - 1, std::max(r0, static_cast<int>(std::ceil(static_cast<double>(y + 1) * rows / h)) - 1));
  const std::int64_t newest = ring.newest_column();
  const std::int64_t c0 = std::max({view.first_column_of(pixel), newest - RasterRing::kColumns + 1, std::int64_t{0}});
  const std::int64_t c1 = std::min(view.last_column_of(pixel), newest);
  int population = 0;
  float density = 0.0f;
  for (std::int64_t c = c0; c <= c1; ++c) {
    int hits = 0;
    for (int r = r0; r <= r1; ++r) {
      const int v = ring.texel(r, c);
      if (v == 0) continue;
      ++hits;
      population = std::max(population, v);
    }
    density = std::max(density, static_cast<float>(hits) / static_cast<float>(r1 - r0 + 1));
  }
  return population == 0 ? RasterPixels::background() : RasterPixels::colour(population - 1, density);
}

// Every visible pixel against the reference; returns the number that differ.
int differences(const RasterRing& ring, const RasterPixels& view) {
  int wrong = 0;
  const int w = view.width();
  const double pixels_per_column = static_cast<double>(w) / (view.column_end() - view.column_begin());
  const auto newest_pixel = static_cast<std::int64_t>(std::llround(view.column_end() * pixels_per_column)) - 1;
  for (int x = 0; x < w; ++x) {
    const std::int64_t pixel = newest_pixel - w + 1 + x;
    const int stored = static_cast<int>(((pixel % w) + w) % w);
    for (int y = 0; y < view.height(); ++y)
      if (view.pixel(stored, y) != reference_pixel(ring, view, pixel, y)) ++wrong;
  }
  return wrong;
}

// What a texture holds after the uploads take_dirty() asks for.
void apply_uploads(RasterPixels& view, std::vector<std::uint32_t>& texture) {
  int first = 0, last = 0;
  bool all = false;
  if (!view.take_dirty(first, last, all)) return;
  const int w = view.width();
  auto copy = [&](int a, int b) {
    for (int y = 0; y < view.height(); ++y)
      for (int x = a; x <= b; ++x) texture[static_cast<std::size_t>(y * w + x)] = view.pixel(x, y);
  };
  if (all || texture.size() != view.pixels().size()) {
    texture = view.pixels();
  } else if (first <= last) {
    copy(first, last);
  } else {
    copy(first, w - 1);
    copy(0, last);
  }
}

void run_frames(const std::array<int, 2>& sizes, int steps_per_column, int visible, int width, int height, double rate_per_step) {
  RasterRing ring;
  ring.configure(sizes, steps_per_column);
  RasterPixels view;
  std::vector<std::uint32_t> texture;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int total = sizes[0] + sizes[1];
  std::int64_t step = 0;
  std::vector<std::uint8_t> traced;
  std::vector<SpikeEvent> traced_out;
  for (int frame = 0; frame < 120; ++frame) {
    // Frames of uneven length, some quiet: the view scrolls by a few pixel columns or by many.
    const int steps = frame % 17 == 5 ? 3000 : 1 + static_cast<int>(u(rng) * 40.0);
    std::vector<SpikeEvent> spikes;
    for (int s = 0; s < steps; ++s, ++step) {
      if (frame % 9 == 4) continue;  // a quiet frame
      for (int n = 0; n < total; ++n) {
        if (u(rng) >= rate_per_step) continue;
        const int population = n < sizes[0] ? 0 : 1;
        spikes.push_back(SpikeEvent{step, population, population == 0 ? n : n - sizes[0]});
      }
    }
    ring.consume(spikes, 0, step, traced, traced_out);
    view.update(ring, visible, width, height);
    apply_uploads(view, texture);
    INFO("frame " << frame << ", step " << step);
    REQUIRE(view.ready());
    REQUIRE(differences(ring, view) == 0);
    REQUIRE(texture == view.pixels());
    // A view folded from scratch shows the same.
    RasterPixels fresh;
    fresh.update(ring, visible, width, height);
    CHECK(fresh.u_begin() == doctest::Approx(view.u_begin()));
    CHECK(fresh.column_end() == doctest::Approx(view.column_end()));
  }
}

}  // namespace

TEST_SUITE("raster pixels") {
  TEST_CASE("scrolled pixel columns equal the view folded from scratch, and the uploads keep a texture equal to them") {
    SUBCASE("more columns than pixels, more rows than pixels (cuba in a small window)") { run_frames({3200, 800}, 5, 2000, 173, 61, 0.0006); }
    SUBCASE("fewer columns than pixels, fewer rows than pixels (each neuron several pixels tall)") { run_frames({20, 5}, 1, 90, 211, 77, 0.02); }
    SUBCASE("a column per pixel") { run_frames({300, 100}, 2, 128, 128, 50, 0.003); }
  }

  TEST_CASE("the time axis spans the visible columns and ends at the newest pixel column") {
    RasterRing ring;
    const std::array<int, 2> sizes{10, 10};
    ring.configure(sizes, 1);
    RasterPixels view;
    view.update(ring, 100, 50, 20);
    CHECK_FALSE(view.ready());  // no column yet
    std::vector<std::uint8_t> traced;
    std::vector<SpikeEvent> out;
    ring.consume({}, 0, 1000, traced, out);  // newest column 999
    view.update(ring, 100, 50, 20);
    REQUIRE(view.ready());
    CHECK(view.column_end() - view.column_begin() == doctest::Approx(100.0));
    // Two columns a pixel: column 999 is the second of pixel 499, so the view ends at 1000.
    CHECK(view.column_end() == doctest::Approx(1000.0));
    CHECK(view.u_begin() == doctest::Approx(0.0f));  // pixel 500 mod 50
    ring.consume({}, 0, 1001, traced, out);  // column 1000 starts pixel 500
    view.update(ring, 100, 50, 20);
    CHECK(view.column_end() == doctest::Approx(1002.0));
    CHECK(view.u_begin() == doctest::Approx(1.0f / 50.0f));
  }

  TEST_CASE("a cleared ring and a new size fold everything again") {
    RasterRing ring;
    const std::array<int, 2> sizes{50, 50};
    ring.configure(sizes, 1);
    std::vector<std::uint8_t> traced;
    std::vector<SpikeEvent> out;
    const std::vector<SpikeEvent> spikes{{10, 0, 3}, {20, 1, 7}};
    ring.consume(spikes, 0, 40, traced, out);
    RasterPixels view;
    view.update(ring, 40, 40, 100);
    int first = 0, last = 0;
    bool all = false;
    REQUIRE(view.take_dirty(first, last, all));
    CHECK(all);
    CHECK(std::count(view.pixels().begin(), view.pixels().end(), RasterPixels::background()) < static_cast<long>(view.pixels().size()));
    ring.clear();
    view.update(ring, 40, 40, 100);
    REQUIRE(view.take_dirty(first, last, all));
    CHECK(all);
    CHECK(std::count(view.pixels().begin(), view.pixels().end(), RasterPixels::background()) == static_cast<long>(view.pixels().size()));
    ring.consume(spikes, 0, 40, traced, out);
    view.update(ring, 40, 30, 100);
    REQUIRE(view.take_dirty(first, last, all));
    CHECK(all);
    CHECK(differences(ring, view) == 0);
  }
}
