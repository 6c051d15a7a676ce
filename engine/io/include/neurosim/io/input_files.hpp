#pragma once
// Reading input data: time series from CSV or JSON, images and labels from MNIST's IDX files
// (plain or gzip), and pointing a scenario's inputs at files.
//
// Every reader either returns complete data or a message, never something half read, and the
// message starts with the file's name, then the line and column (text files) or the field
// (JSON) or the byte offset (IDX): "spikes.csv:12:7: not a number: \"abc\"".
//
// [SECTION] Limits
// [SECTION] Time series (CSV, JSON)
// [SECTION] Images (IDX)
// [SECTION] A scenario's inputs
//
// ---------------------------------------------------------------------------------------------
// CSV. Rows are time points, columns input neurons. Values are separated by commas (or
// semicolons, tabs or blanks: the first line decides). A first row with any non-number is a
// header; when its first name is t_ms, that column holds each row's time in ms (increasing),
// otherwise rows come every dt of the scenario. Blank lines and lines starting with # are
// skipped; a UTF-8 byte-order mark is ignored; numbers may be quoted. Every row must have the
// header's (or the first row's) number of values. NaN and Inf are refused, and so is a value
// the use forbids: a negative rate, a spike count that is not a whole number >= 0.
//
// JSON. An object with either
//   "data": [[...], [...], ...]      rows as in CSV, with optional "dt_ms" (row spacing; absent
//                                     or 0: the scenario's dt) or "t_ms": [...] (one per row)
//   "spikes": [{"t_ms": 3.0, "neuron": 7}, ...]   an event list (spikes only), with optional
//                                     "neurons" (the input's width; default: highest + 1)
// and optional "duration_ms" (the length before the input stops or loops). Unknown keys and
// keys given twice are errors.
// ---------------------------------------------------------------------------------------------
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "neurosim/image_set.hpp"
#include "neurosim/spec.hpp"
#include "neurosim/time_series.hpp"

namespace neurosim::io {

// ---------------------------------------------------------------------------------------------
// [SECTION] Limits
// ---------------------------------------------------------------------------------------------

// A larger file is refused from its size alone, before any byte is read.
inline constexpr std::uint64_t kMaxInputFileBytes = std::uint64_t{1} << 30;  // 1 GiB, CSV and JSON
inline constexpr std::uint64_t kMaxIdxFileBytes = std::uint64_t{1} << 30;    // 1 GiB, IDX as stored
inline constexpr std::uint64_t kMaxIdxDataBytes = std::uint64_t{2} << 30;    // 2 GiB, IDX after gunzip

// ---------------------------------------------------------------------------------------------
// [SECTION] Time series (CSV, JSON)
// ---------------------------------------------------------------------------------------------

struct SeriesResult {
  std::shared_ptr<const TimeSeries> series;  // null when error is set
  std::string error;
};

// By extension: .json is JSON, anything else CSV. `kind` decides which values are allowed.
SeriesResult load_time_series(const std::filesystem::path& path, InputKind kind);
// The same from text in memory; `source` names it in messages.
SeriesResult parse_time_series_csv(std::string_view text, const std::string& source, InputKind kind);
SeriesResult parse_time_series_json(std::string_view text, const std::string& source, InputKind kind);

// ---------------------------------------------------------------------------------------------
// [SECTION] Images (IDX)
// ---------------------------------------------------------------------------------------------
// IDX (LeCun's MNIST format): two zero bytes, a type byte (0x08: unsigned bytes, the only type
// accepted), the number of dimensions, each dimension as a big-endian uint32, then the data.
// Images have three dimensions (count, rows, cols), labels one (count). Either may be gzipped
// (detected by its magic number, not its name).

struct ImagesResult {
  std::shared_ptr<const ImageSet> images;  // null when error is set
  std::string error;
};

// `labels` may be empty. The label count must equal the image count.
ImagesResult load_idx_images(const std::filesystem::path& images, const std::filesystem::path& labels);
// From bytes in memory (plain or gzip); for tests and previews.
ImagesResult parse_idx_images(std::span<const std::uint8_t> images, const std::string& images_source,
                              std::span<const std::uint8_t> labels, const std::string& labels_source);

// The handwritten digits that ship with NeuroSim (assets/data, 6,000 training and 2,000 test
// MNIST digits, 28 x 28, labelled): what an images population without an input shows, and the
// default test set.
ImagesResult load_shipped_digits(bool test_set);

// ---------------------------------------------------------------------------------------------
// [SECTION] A scenario's inputs
// ---------------------------------------------------------------------------------------------

// Reads every input of the scenario that names a file and holds no data yet (paths relative to
// the input's base_dir; an images population without a file gets the shipped training digits,
// and keeps no path, so a saved scenario still means "the shipped digits"), and sets the size of file and images populations given as 0 ("from the
// data"). Problems carry the field's path: "populations[0].input.path: x.csv:3:1: ...".
// Inputs that load get their data even when another one fails.
std::vector<SpecError> load_inputs(ScenarioSpec& spec);

// `neurosim run/gui --input FILE`: the file feeds the scenario's file-driven input: the
// population named "input" of model file, else the only population of model file, else the
// only stimulus with an input. The population takes the file's width. The path is relative to
// the working directory. Returns "" or why no input could be chosen; load_inputs() reads it.
std::string set_input_file(ScenarioSpec& spec, const std::string& file);
// `--images FILE [--labels FILE]`: the same for the population of model images.
std::string set_image_files(ScenarioSpec& spec, const std::string& images, const std::string& labels);

// Rewrites the relative data paths of every input so that they start at `dir` (where the
// scenario is about to be saved) instead of their base_dir; the files stay where they are.
void rebase_inputs(ScenarioSpec& spec, const std::filesystem::path& dir);

// What a dropped file most likely is: a scenario, a time series, an IDX file, or unknown
// (read from its name and, for JSON, its first top-level key).
enum class DataFileKind { Scenario, TimeSeries, Idx, Unknown };
DataFileKind sniff_data_file(const std::filesystem::path& path);

}  // namespace neurosim::io
