#pragma once
// Where a population or a stimulus gets its input data (spec.hpp). The scenario names a file;
// engine/io reads it and fills `series` or `images`; the engine only ever reads those.
#include <memory>
#include <string>

#include "neurosim/time_series.hpp"

namespace neurosim {

struct ImageSet;

struct InputSpec {
  std::string path;        // data file as the scenario gives it; "" with inline data (or, for
                           // images, the built-in synthetic digits)
  std::string labels;      // images: the labels file (optional)
  InputKind as = InputKind::Spikes;  // time series: spikes | rates (populations), currents (stimuli)
  bool loop = false;       // at the end: start again (true) or stop
  std::string base_dir;    // folder relative paths start from (the scenario file's); not saved
  std::shared_ptr<const TimeSeries> series;  // filled by io::load_inputs, or inline data
  std::shared_ptr<const ImageSet> images;    // filled by io::load_inputs

  // `path` made absolute against base_dir ("" stays "").
  std::string resolved_path() const;
  std::string resolved_labels() const;
};

}  // namespace neurosim
