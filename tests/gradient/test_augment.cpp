// Turned training classes (augment.hpp): exact pixel positions, and the classes they make.
#include <doctest/doctest.h>

#include <vector>

#include "neurosim/gradient/augment.hpp"

namespace neurosim::gradient::test {

TEST_SUITE("gradient augmentation") {
  TEST_CASE("a quarter turn is counter-clockwise: the top row becomes the left column, read upwards") {
    // 1 2 3          3 6 9
    // 4 5 6   -->    2 5 8
    // 7 8 9          1 4 7
    const std::vector<std::uint8_t> in{1, 2, 3, 4, 5, 6, 7, 8, 9};
    std::vector<std::uint8_t> out(9);
    rotate_quarter(in.data(), 3, 1, out.data());
    CHECK(out == std::vector<std::uint8_t>{3, 6, 9, 2, 5, 8, 1, 4, 7});
    rotate_quarter(in.data(), 3, 2, out.data());
    CHECK(out == std::vector<std::uint8_t>{9, 8, 7, 6, 5, 4, 3, 2, 1});
    rotate_quarter(in.data(), 3, 3, out.data());
    CHECK(out == std::vector<std::uint8_t>{7, 4, 1, 8, 5, 2, 9, 6, 3});
    rotate_quarter(in.data(), 3, 0, out.data());
    CHECK(out == in);
    // Three quarter turns after one are a whole turn.
    std::vector<std::uint8_t> back(9);
    rotate_quarter(in.data(), 3, 1, out.data());
    rotate_quarter(out.data(), 3, 3, back.data());
    CHECK(back == in);
  }

  TEST_CASE("turned classes: one copy per turn of every image of the listed classes, labelled class + 64 x turns") {
    ImageSet s;
    s.count = 3, s.rows = s.cols = 2;
    s.pixels = {1, 2, 3, 4, /**/ 5, 6, 7, 8, /**/ 9, 9, 9, 9};
    s.labels = {0, 1, 2};
    const RotatedClasses r = with_rotated_classes(s, {0, 1}, 2);
    REQUIRE(r.error.empty());
    CHECK(r.images.count == 3 + 2 * 2);
    CHECK(r.classes == std::vector<int>{0, 1, 64, 65, 128, 129});
    CHECK(r.images.labels == std::vector<std::uint8_t>{0, 1, 2, 64, 65, 128, 129});
    // Image 0 (1 2 / 3 4) turned once is (2 4 / 1 3), twice (4 3 / 2 1).
    CHECK(std::vector<std::uint8_t>(r.images.image(3), r.images.image(3) + 4) == std::vector<std::uint8_t>{2, 4, 1, 3});
    CHECK(std::vector<std::uint8_t>(r.images.image(5), r.images.image(5) + 4) == std::vector<std::uint8_t>{4, 3, 2, 1});
    CHECK(r.images.check().empty());
    CHECK(with_rotated_classes(s, {0, 1}, 0).images.count == 3);
  }

  TEST_CASE("turned classes are refused for images that are not square and for classes from 64") {
    ImageSet s;
    s.count = 1, s.rows = 2, s.cols = 3;
    s.pixels.assign(6, 0);
    s.labels = {0};
    CHECK(with_rotated_classes(s, {0}, 1).error.find("square") != std::string::npos);
    s.rows = 3;
    s.pixels.assign(9, 0);
    CHECK(with_rotated_classes(s, {70}, 1).error.find("class 70") != std::string::npos);
    CHECK(with_rotated_classes(s, {0}, 4).error.find("0 to 3") != std::string::npos);
  }
}

}  // namespace neurosim::gradient::test
