#pragma once
// Printing scenario problems the same way in every subcommand: "FILE: path: message".
#include <iostream>
#include <string>
#include <vector>

#include "neurosim/spec.hpp"

namespace neurosim::cli {

// Exit statuses (commands.hpp): 0 success, 2 bad input or arguments, 1 an internal failure.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

// File-level problems (syntax, empty, missing) already start with the file name and position
// ("a.json:3:7: ..."); field problems get it prepended ("a.json: populations[0].size: ...").
inline std::string error_line(const std::string& source, const SpecError& e) {
  if (e.path.empty() && e.message.compare(0, source.size() + 1, source + ":") == 0) return e.message;
  return source + ": " + e.text();
}

inline void print_errors(const std::string& source, const std::vector<SpecError>& errors) {
  for (const SpecError& e : errors) std::cerr << error_line(source, e) << '\n';
}

}  // namespace neurosim::cli
