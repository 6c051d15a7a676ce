#pragma once
// `neurosim sweep SCENARIO --vary PATH=v1,v2,... [--vary PATH=lo:hi:n ...] [--duration MS]
// [--jobs N] --out DIR`: every combination of the varied values, run in parallel, one row each in
// DIR/sweep.csv.
#include <optional>
#include <string>
#include <vector>

namespace neurosim::cli {

struct SweepOptions {
  std::string scenario;              // preset name or file path
  std::vector<std::string> vary;     // "PATH=v1,v2,..." or "PATH=lo:hi:n", one per dimension
  std::optional<double> duration_ms;
  int jobs = 0;                      // 0: every core
  std::string out_dir = "sweep";
  bool overwrite = false;            // write into --out even when it holds a sweep.csv (else DIR-2, ...)
};

// One --vary argument taken apart: its path (the column name) and its values as --set would
// take them. "A+B=..." ties paths: each value is given to every one of them (Brunel's g is the
// inhibitory weight onto both populations). "" in `error` when it parses; else why not (the
// caller names the argument).
struct VaryDimension {
  std::string path;                // as written, e.g. "projections.ie.weight+projections.ii.weight"
  std::vector<std::string> paths;  // the tied paths
  std::vector<std::string> values;
};
VaryDimension parse_vary(const std::string& argument, std::string& error);

int sweep_command(const SweepOptions& options);

}  // namespace neurosim::cli
