// Recorded spikes read back (io/spike_files.hpp) and `neurosim replay` (cli/replay_command.hpp).
// References: the rows written in the fixture files (tests/data/replay), NEST's id numbering
// (global ids from 1 in creation order) and the file formats' documents (NEST 3
// recording_backend_ascii.cpp, SONATA developer guide).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "cli/replay_command.hpp"
#include "io/temp_files.hpp"
#include "neurosim/io/spike_files.hpp"

using namespace neurosim;

namespace {

const std::filesystem::path kReplay = std::filesystem::path(NEUROSIM_TEST_DATA_DIR) / "replay";

std::string replayed(const std::vector<std::string>& files, const std::string& scenario, const std::string& name, const char* file) {
  const auto dir = test::temp_dir("replay-" + name);
  cli::ReplayOptions o;
  for (const std::string& f : files) o.files.push_back((kReplay / f).string());
  o.scenario = scenario;
  o.out_dir = dir.string();
  o.overwrite = true;
  REQUIRE(cli::replay_command(o) == 0);
  const std::string text = test::read_text(dir / file);
  std::filesystem::remove_all(dir);
  return text;
}

}  // namespace

TEST_SUITE("io: replay") {
  TEST_CASE("NEST 3 ASCII: header with or without #, version lines, events in any order") {
    io::SpikeRecording rec;
    CHECK(io::parse_nest_spikes("# NEST version: 3.6.0\n# RecordingBackendASCII version: 2\nsender\ttime_ms\n7\t2.5\n3\t1.0\n", "a-1-0.dat", "a-1", rec) == "");
    CHECK(io::parse_nest_spikes("# sender time_ms\n4 0.25\r\n\n", "a-1-1.dat", "a-1", rec) == "");
    REQUIRE(rec.populations.size() == 1);
    CHECK(rec.populations[0].name == "a-1");
    CHECK(rec.populations[0].ids == io::RecordedPopulation::Ids::Nest);
    REQUIRE(rec.spikes.size() == 3);
    CHECK(rec.spikes[2].neuron == 4);
    CHECK(rec.spikes[2].t_ms == 0.25);
    CHECK(io::parse_nest_spikes("sender time_ms\n1 2 3\n", "x.dat", "x", rec) == "x.dat:2: expected two values, sender and time_ms (got \"1 2 3\")");
    CHECK(io::parse_nest_spikes("sender time_ms\n-1 2\n", "x.dat", "x", rec) == "x.dat:2: not a sender id (a whole number >= 0): \"-1\"");
    CHECK(io::parse_nest_spikes("5 1e300\n", "x.gdf", "x", rec) == "x.gdf:1: a spike time must be at most 1e+10 ms (got 1e300)");
    CHECK(io::parse_nest_spikes("5 nan\n", "x.gdf", "x", rec) == "x.gdf:1: a spike time must be a finite number >= 0 (got nan)");
    CHECK(rec.spikes.size() == 3);  // failed files add nothing
    CHECK(rec.populations.size() == 1);
    CHECK(io::nest_recorder_name("out/brunel-py-ex-12502-0.dat") == "brunel-py-ex-12502");
    CHECK(io::nest_recorder_name("spikes.gdf") == "spikes");
  }

  TEST_CASE("NeuroSim spikes.csv: quoted names, and a bad header") {
    io::SpikeRecording rec;
    CHECK(io::parse_neurosim_spikes_csv("t_ms,population,neuron\n0.1,\"a,b\",3\n0.2,c,0\n", "s.csv", rec) == "");
    REQUIRE(rec.populations.size() == 2);
    CHECK(rec.populations[0].name == "a,b");
    CHECK(io::parse_neurosim_spikes_csv("time,pop,id\n", "s.csv", rec) ==
          "s.csv:1: not a NeuroSim spikes.csv (expected the header t_ms,population,neuron, got \"time,pop,id\")");
    CHECK(io::parse_neurosim_spikes_csv("t_ms,population,neuron\n0.1,a,x\n", "s.csv", rec) == "s.csv:2: not a neuron index (a whole number >= 0): \"x\"");
  }

  TEST_CASE("SONATA: a file, from disk or memory, and one that crashes libhdf5 1.10") {
    const std::string good = neurosim::test::read_text(kReplay / "good_sonata.h5");
    io::SpikeRecording from_disk, from_memory;
    CHECK(io::read_spike_file(kReplay / "good_sonata.h5", from_disk) == "");
    CHECK(io::read_sonata_spikes_image(good.data(), good.size(), "good.h5", from_memory) == "");
    REQUIRE(from_disk.spikes.size() == 4);
    REQUIRE(from_memory.spikes.size() == from_disk.spikes.size());
    for (std::size_t i = 0; i < from_disk.spikes.size(); ++i) {
      INFO(i);
      CHECK(from_memory.spikes[i].t_ms == from_disk.spikes[i].t_ms);
      CHECK(from_memory.spikes[i].neuron == from_disk.spikes[i].neuron);
    }
    // A heap length of 738197509 bytes that libhdf5 trusts (make_damaged_sonata.py): read in a
    // child process first, so this process names the file and adds nothing.
    const auto damaged = kReplay / "damaged_vlen_heap_length.h5";
    io::SpikeRecording rec;
    CHECK(io::read_spike_file(damaged, rec) == damaged.string() + ": damaged (the HDF5 library failed reading it)");
    CHECK(rec.populations.empty());
    CHECK(rec.spikes.empty());
    const std::string bytes = neurosim::test::read_text(damaged);
    CHECK(io::read_sonata_spikes_image(bytes.data(), bytes.size(), "d.h5", rec) == "d.h5: damaged (the HDF5 library failed reading it)");
    CHECK(io::read_sonata_spikes_image("not HDF5", 8, "t.h5", rec).find("t.h5: ") == 0);
  }

  TEST_CASE("replay writes time-sorted spikes and per-window metrics") {
    SUBCASE("NEST files of two virtual processes, without a scenario: senders keep their ids") {
      CHECK(replayed({"spike_recorder-705-0.dat", "spike_recorder-705-1.dat"}, "", "nest", "spikes.csv") ==
            "t_ms,population,neuron\n0.5,spike_recorder-705,1\n1.25,spike_recorder-705,202\n3,spike_recorder-705,2\n"
            "7.1,spike_recorder-705,201\n12.3,spike_recorder-705,601\n");
      // Five neurons fired five spikes in 100 ms: 10 Hz.
      CHECK(replayed({"spike_recorder-705-0.dat", "spike_recorder-705-1.dat"}, "", "nest-m", "metrics.csv") ==
            "t_ms,spike_recorder-705_rate_hz,spike_recorder-705_spikes\n100,10,5\n");
    }
    SUBCASE("NEST senders onto default's populations: input 1..200, exc 201..600, inh 601..700") {
      CHECK(replayed({"spike_recorder-705-0.dat", "spike_recorder-705-1.dat"}, "default", "nest-d", "spikes.csv") ==
            "t_ms,population,neuron\n0.5,input,0\n1.25,exc,1\n3,input,1\n7.1,exc,0\n12.3,inh,0\n");
    }
    SUBCASE("NEST 2 .gdf") {
      CHECK(replayed({"brunel-2-0.gdf"}, "", "gdf", "spikes.csv") == "t_ms,population,neuron\n1,brunel-2,3\n2.25,brunel-2,12\n4.5,brunel-2,12\n");
    }
    SUBCASE("SONATA populations by name") {
      CHECK(replayed({"good_sonata.h5"}, "default", "h5", "spikes.csv") == "t_ms,population,neuron\n1.5,exc,0\n2,inh,99\n3.25,exc,399\n5,exc,3\n");
    }
  }
}
