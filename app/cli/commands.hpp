#pragma once
// The headless subcommands of `neurosim`. Each returns the process exit status:
// 0 success, 2 bad input or bad arguments (message on stderr).
#include <optional>
#include <string>
#include <vector>

namespace neurosim::cli {

struct RunOptions {
  std::string scenario;                  // preset name or file path
  std::optional<double> duration_ms;
  std::optional<unsigned long long> seed;
  std::string out_dir = "out";
  std::vector<std::string> overrides;    // "PATH=VALUE"
  std::string input;                     // --input FILE: data for the scenario's file-driven input
  std::string images, labels;            // --images FILE [--labels FILE]: for its images population
  std::string test_images, test_labels;  // --test-images FILE --test-labels FILE: the test set
                                         // (classification; default: the shipped digits-test)
  bool npy = false;                      // also spikes.npy and weights.npy
  bool weights = false;                  // weights.csv even above 5 million synapses
  bool overwrite = false;                // write into --out even when it holds results (else DIR-2, ...)
  int threads = 0;                      // --threads: 0 = every core where it pays (Network::auto_threads)
  std::string record;                    // --record POP[,POP...]: the populations whose spikes are written
  std::string spikes_format = "csv";     // --spikes-format csv|npy|sonata
  std::string save_state, load_state;    // --save-state FILE, --load-state FILE (cli/state_files.hpp)
};

int run_command(const RunOptions& options);
int validate_command(const std::string& path);
int presets_command();

}  // namespace neurosim::cli
