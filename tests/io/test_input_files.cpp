// Input readers (input_files.hpp): good files read exactly, and every malformed file of the
// corpus in tests/data/bad_inputs/ gives the message EXPECTED.tsv lists for it, and no data.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "io/temp_files.hpp"
#include "neurosim/io/input_files.hpp"

using namespace neurosim;
using test::temp_dir;
using test::write_text;

namespace {

const std::filesystem::path kData = NEUROSIM_TEST_DATA_DIR;

std::string replace_all(std::string s, const std::string& what, const std::string& with) {
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) s.replace(at, what.size(), with);
  return s;
}

}  // namespace

TEST_SUITE("io: input files") {
  TEST_CASE("every malformed file in the corpus gives its expected message and no data") {
    const std::filesystem::path dir = kData / "bad_inputs";
    std::ifstream table(dir / "EXPECTED.tsv");
    REQUIRE(table);
    std::string line;
    int cases = 0;
    std::set<std::string> listed;
    while (std::getline(table, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream row(line);
      std::string file, use, expected;
      std::getline(row, file, '\t');
      std::getline(row, use, '\t');
      std::getline(row, expected);
      const std::filesystem::path path = dir / file;
      expected = replace_all(replace_all(expected, "{file}", path.string()), "{dir}", dir.string());
      INFO(file << " read as " << use);
      listed.insert(file);
      std::string got;
      if (use == "images" || use == "labels") {
        const auto r = use == "images" ? io::load_idx_images(path, {}) : io::load_idx_images(dir / "good_images.idx", path);
        CHECK_FALSE(r.images);
        got = r.error;
      } else {
        const auto kind = parse_input_kind(use);
        REQUIRE(kind);
        const auto r = io::load_time_series(path, *kind);
        CHECK_FALSE(r.series);
        got = r.error;
      }
      CHECK(got == expected);
      ++cases;
    }
    CHECK(cases >= 40);
    // Every file in the folder is in the table (but the good companion file and the tools).
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      if (name == "EXPECTED.tsv" || name == "good_images.idx") continue;
      INFO(name);
      CHECK(listed.count(name) == 1);
    }
  }

  TEST_CASE("a file over the limit is refused from its size, without reading it") {
    // A sparse file: 2 GiB long, no disk blocks; reading it would take seconds and 2 GiB.
    const auto dir = temp_dir("huge");
    const auto path = dir / "huge.csv";
    {
      std::ofstream f(path, std::ios::binary);
      f << "0,1\n";
    }
    REQUIRE(::truncate(path.c_str(), static_cast<off_t>(2) << 30) == 0);
    const auto r = io::load_time_series(path, InputKind::Spikes);
    CHECK_FALSE(r.series);
    CHECK(r.error == path.string() + ": too large (2048 MiB; input files are limited to 1024 MiB)");
    const auto idx = io::load_idx_images(path, {});
    CHECK(idx.error == path.string() + ": too large (2048 MiB; IDX files are limited to 1024 MiB)");
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("missing files, directories and pipes are named, not read") {
    const auto dir = temp_dir("special");
    CHECK(io::load_time_series(dir / "nope.csv", InputKind::Spikes).error == (dir / "nope.csv").string() + ": no such file");
    CHECK(io::load_time_series(dir, InputKind::Spikes).error == dir.string() + ": is a directory, not a file");
    const auto fifo = dir / "pipe.csv";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);  // opening it for reading would block forever
    CHECK(io::load_time_series(fifo, InputKind::Spikes).error ==
          fifo.string() + ": not a regular file (a device, pipe or socket cannot be read as data)");
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("CSV: header, t_ms, delimiters, comments, quotes") {
    SUBCASE("no header: rows at the scenario's dt") {
      const auto r = io::parse_time_series_csv("0,1,0\n1,0,2\n", "a.csv", InputKind::Spikes);
      REQUIRE(r.series);
      CHECK(r.series->columns == 3);
      CHECK(r.series->rows() == 2);
      CHECK(r.series->t_ms.empty());
      CHECK(r.series->at(1, 2) == 2.0f);
    }
    SUBCASE("a header whose first column is t_ms gives row times") {
      const auto r = io::parse_time_series_csv("t_ms,a,b\n0.5,1,0\n2.25,0,1\n", "b.csv", InputKind::Spikes);
      REQUIRE(r.series);
      CHECK(r.series->columns == 2);
      CHECK(r.series->t_ms == std::vector<double>{0.5, 2.25});
    }
    SUBCASE("another header: names only") {
      const auto r = io::parse_time_series_csv("n0,n1\n3.5,-2\n", "c.csv", InputKind::Currents);
      REQUIRE(r.series);
      CHECK(r.series->t_ms.empty());
      CHECK(r.series->values == std::vector<float>{3.5f, -2.0f});
    }
    SUBCASE("semicolons, tabs, blanks; CRLF; comments; BOM; quotes; +; tiny values") {
      const auto a = io::parse_time_series_csv("\xEF\xBB\xBF# made by hand\r\n1;2\r\n\r\n3;4\r\n", "d.csv", InputKind::Rates);
      REQUIRE(a.series);
      CHECK(a.series->values == std::vector<float>{1, 2, 3, 4});
      const auto b = io::parse_time_series_csv("1\t2\n3\t4", "e.csv", InputKind::Rates);
      REQUIRE(b.series);
      CHECK(b.series->values == std::vector<float>{1, 2, 3, 4});
      const auto c = io::parse_time_series_csv("  1   2\n3 4\n", "f.csv", InputKind::Rates);  // np.savetxt's default
      REQUIRE(c.series);
      CHECK(c.series->values == std::vector<float>{1, 2, 3, 4});
      const auto d = io::parse_time_series_csv("\"t_ms\",\"x\"\n\"1\",\" +2.5\"\n2,1e-50\n", "g.csv", InputKind::Currents);
      REQUIRE(d.series);
      CHECK(d.series->values == std::vector<float>{2.5f, 0.0f});
    }
  }

  TEST_CASE("JSON: rows with dt_ms or t_ms, and an event list") {
    SUBCASE("rows") {
      const auto r = io::parse_time_series_json(R"({"dt_ms": 1, "data": [[0, 1], [2, 0]], "duration_ms": 5})", "a.json", InputKind::Spikes);
      REQUIRE(r.series);
      CHECK(r.series->columns == 2);
      CHECK(r.series->dt_ms == 1.0);
      CHECK(r.series->duration_ms == 5.0);
      CHECK(r.series->values == std::vector<float>{0, 1, 2, 0});
    }
    SUBCASE("row times") {
      const auto r = io::parse_time_series_json(R"({"t_ms": [0, 2.5], "data": [[0.5], [1.5]]})", "b.json", InputKind::Currents);
      REQUIRE(r.series);
      CHECK(r.series->t_ms == std::vector<double>{0.0, 2.5});
    }
    SUBCASE("events, sorted on reading, width from the highest neuron or given") {
      const auto r = io::parse_time_series_json(R"({"spikes": [{"t_ms": 3.0, "neuron": 7}, {"neuron": 2, "t_ms": 1}]})", "c.json", InputKind::Spikes);
      REQUIRE(r.series);
      CHECK(r.series->is_events());
      CHECK(r.series->columns == 8);
      REQUIRE(r.series->events.size() == 2);
      CHECK(r.series->events[0].neuron == 2);
      CHECK(r.series->events[1].t_ms == 3.0);
      const auto w = io::parse_time_series_json(R"({"neurons": 20, "spikes": [{"t_ms": 3.0, "neuron": 7}]})", "d.json", InputKind::Spikes);
      REQUIRE(w.series);
      CHECK(w.series->columns == 20);
    }
    SUBCASE("an event list is not rates") {
      const auto r = io::parse_time_series_json(R"({"spikes": [{"t_ms": 3.0, "neuron": 7}]})", "e.json", InputKind::Rates);
      CHECK_FALSE(r.series);
      CHECK(r.error == "e.json: spikes: an event list can only be played as spikes (the input is used as rates)");
    }
  }

  TEST_CASE("IDX: images and labels, plain and gzip") {
    // 2 images of 2 x 3, labels 4 and 9.
    std::vector<std::uint8_t> images{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3};
    for (int i = 0; i < 12; ++i) images.push_back(static_cast<std::uint8_t>(i * 20));
    const std::vector<std::uint8_t> labels{0, 0, 8, 1, 0, 0, 0, 2, 4, 9};
    const auto r = io::parse_idx_images(images, "img", labels, "lab");
    REQUIRE(r.images);
    CHECK(r.images->count == 2);
    CHECK(r.images->rows == 2);
    CHECK(r.images->cols == 3);
    CHECK(r.images->image(1)[0] == 120);
    CHECK(r.images->labels == std::vector<std::uint8_t>{4, 9});
    // The same images gzipped by Python's gzip module (tests/data/bad_inputs/good_images.idx
    // is plain; images_bad_crc.idx.gz is the damaged twin of a good gzip file).
    const auto plain = io::load_idx_images(kData / "bad_inputs" / "good_images.idx", {});
    REQUIRE(plain.images);
    CHECK(plain.images->count == 3);
    CHECK(plain.images->labels.empty());
  }

  TEST_CASE("sniffing dropped files") {
    const auto dir = temp_dir("sniff");
    write_text(dir / "a.json", R"({"dt_ms": 1, "data": [[1]]})");
    write_text(dir / "b.json", R"({"dt_ms": 0.1, "populations": []})");
    write_text(dir / "c.json", "{broken");
    CHECK(io::sniff_data_file(dir / "a.json") == io::DataFileKind::TimeSeries);
    CHECK(io::sniff_data_file(dir / "b.json") == io::DataFileKind::Scenario);
    CHECK(io::sniff_data_file(dir / "c.json") == io::DataFileKind::Scenario);  // the scenario loader reports it
    CHECK(io::sniff_data_file(dir / "x.csv") == io::DataFileKind::TimeSeries);
    CHECK(io::sniff_data_file(dir / "train-images-idx3-ubyte.gz") == io::DataFileKind::Idx);
    CHECK(io::sniff_data_file(dir / "notes.pdf") == io::DataFileKind::Unknown);
    std::filesystem::remove_all(dir);
  }
}
