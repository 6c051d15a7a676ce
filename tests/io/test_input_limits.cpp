// Readers under inputs a fuzzing pass found troublesome (large cases are built here, at test
// time; the small ones are in tests/data/bad_inputs with their messages in EXPECTED.tsv).
#include <doctest/doctest.h>

#include <string>

#include "neurosim/io/input_files.hpp"
#include "neurosim/io/scenario_json.hpp"

using namespace neurosim;

TEST_SUITE("io: input limits") {
  TEST_CASE("CSV: blank and comment lines do not count towards the memory reserved") {
    // One row of 250,000 columns, then 500,000 blank lines and comments: 1.5 MB of valid text.
    // Reserving (lines x columns) values asked for 500 GB and failed with "out of memory".
    std::string text;
    for (int c = 0; c < 250000; ++c) text += c == 0 ? "1" : ",0";
    text += '\n';
    for (int i = 0; i < 250000; ++i) text += "\n# note\n";
    const auto r = io::parse_time_series_csv(text, "wide.csv", InputKind::Spikes);
    REQUIRE(r.error == "");
    CHECK(r.series->columns == 250000);
    CHECK(r.series->rows() == 1);
    // Bounded by the text: a value takes at least two bytes with its separator.
    CHECK(r.series->values.capacity() <= text.size() / 2 + 250000);
  }

  TEST_CASE("CSV: t_ms with blank lines reserves no more than the rows the text can hold") {
    std::string text = "t_ms,a\n0,1\n";
    text.append(1'000'000, '\n');
    const auto r = io::parse_time_series_csv(text, "times.csv", InputKind::Spikes);
    REQUIRE(r.error == "");
    CHECK(r.series->t_ms.capacity() <= 2 + 1'000'000 / 4);
  }

  TEST_CASE("scenario JSON: nesting past the limit is refused before it is parsed") {
    // 60,000 levels overflowed the stack (SIGSEGV); 16,000 took 900 MB.
    for (const int levels : {101, 16000, 60000}) {
      INFO(levels);
      const std::string text = "{\"name\": \"deep\",\n \"populations\": " + std::string(static_cast<std::size_t>(levels), '[') +
                               std::string(static_cast<std::size_t>(levels), ']') + "}";
      const auto r = io::parse_scenario(text, "deep.json");
      CHECK_FALSE(r.spec);
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].text() == "deep.json:2:116: nested deeper than 100 levels (the limit for a scenario)");
    }
    // Brackets inside strings do not count.
    const std::string quoted = "{\"name\": \"" + std::string(500, '[') + "\", \"populations\": []}";
    const auto ok = io::parse_scenario(quoted, "quoted.json");
    for (const auto& e : ok.errors) CHECK(e.text().find("nested deeper") == std::string::npos);
  }

  TEST_CASE("--set: a value nested past the limit is refused") {
    auto loaded = io::load_scenario("lif-single");
    REQUIRE(loaded.spec);
    const std::string value = std::string(5000, '[') + std::string(5000, ']');
    CHECK(io::apply_override(*loaded.spec, "description", value) == "description: the value is nested deeper than 100 levels (the limit for a scenario)");
  }
}
