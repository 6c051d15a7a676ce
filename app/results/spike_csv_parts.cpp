#include "results/spike_csv_parts.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace neurosim::cli {

SpikeCsvParts::SpikeCsvParts(const SpikeCsvWriter& writer, std::vector<char> recorded)
    : format_(writer.row_text()), recorded_(std::move(recorded)) {}

void SpikeCsvParts::parts(int count) {
  if (static_cast<int>(parts_.size()) == count) return;
  // Rows made with the old parts are put in order before the parts change.
  ready_rows_ += put_in_order([&](std::string_view text) { ready_.append(text); });
  parts_.clear();
  parts_.reserve(static_cast<std::size_t>(count));
  for (int t = 0; t < count; ++t) parts_.emplace_back(format_);
}

void SpikeCsvParts::spikes(int part, std::int64_t step, int population, std::span<const int> neurons) {
  Part& own = parts_[static_cast<std::size_t>(part)];
  const bool recorded = population >= 0 && static_cast<std::size_t>(population) < recorded_.size() && recorded_[static_cast<std::size_t>(population)] != 0;
  if (recorded && !neurons.empty()) {
    char* p = own.room_for(neurons.size() * own.text_format.row_max());
    for (const int neuron : neurons) {
      char* end = own.text_format.write(p, step, population, neuron);
      own.rows += end != p;
      p = end;
    }
    own.used = static_cast<std::size_t>(p - own.text.get());
  }
  own.ends.push_back(own.used);
}

char* SpikeCsvParts::Part::room_for(std::size_t bytes) {
  if (used + bytes > capacity) {
    const std::size_t grown = std::max(2 * capacity, used + bytes);
    auto bigger = std::make_unique_for_overwrite<char[]>(grown);
    if (used > 0) std::memcpy(bigger.get(), text.get(), used);
    text = std::move(bigger);
    capacity = grown;
  }
  return text.get() + used;
}

// Hands every part's rows to put(text) in the order one thread makes them; returns their count.
template <class Put>
std::uint64_t SpikeCsvParts::put_in_order(Put&& put) {
  if (parts_.empty()) return 0;
  // Every part was called once per step and population, so the calls line up part by part.
  const std::size_t calls = parts_.front().ends.size();
  for (const Part& part : parts_)
    if (part.ends.size() != calls) throw std::logic_error("spikes.csv: the threads' parts were not told of the same steps");
  from_.assign(parts_.size(), 0);
  for (std::size_t i = 0; i < calls; ++i)
    for (std::size_t t = 0; t < parts_.size(); ++t) {
      const Part& part = parts_[t];
      if (part.ends[i] > from_[t]) put(std::string_view(part.text.get() + from_[t], part.ends[i] - from_[t]));
      from_[t] = part.ends[i];
    }
  std::uint64_t rows = 0;
  for (Part& part : parts_) {
    rows += part.rows;
    part.clear();
  }
  return rows;
}

void SpikeCsvParts::move_to(SpikeCsvWriter& writer) {
  if (!ready_.empty()) {
    writer.put_rows(ready_, ready_rows_);
    ready_.clear();
    ready_rows_ = 0;
  }
  const std::uint64_t rows = put_in_order([&](std::string_view text) { writer.put_rows(text, 0); });
  writer.put_rows({}, rows);
}

}  // namespace neurosim::cli
