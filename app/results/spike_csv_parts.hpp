#pragma once
// spikes.csv rows made on the threads that step the network (a SpikeListener): each part's rows
// go to a buffer of the part's own while its thread waits at a step's barrier, and the stepping
// thread then appends them in the order one thread makes them (step, population, part). The
// rows are those SpikeCsvWriter::drain() writes, byte for byte, and no thread waits while one
// formats them all after the round.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neurosim/spike_listener.hpp"
#include "results/results_writer.hpp"

namespace neurosim::cli {

class SpikeCsvParts final : public SpikeListener {
 public:
  // Rows in the format of `writer` (its population names now), for the populations with
  // recorded[p] != 0; the network's structure must not change while this listens.
  SpikeCsvParts(const SpikeCsvWriter& writer, std::vector<char> recorded);
  void parts(int count) override;
  void spikes(int part, std::int64_t step, int population, std::span<const int> neurons) override;
  // Appends every row made since the last call to `writer`, in order.
  void move_to(SpikeCsvWriter& writer);

 private:
  // One per part, on cache lines of its own: the parts' threads write them at the same time.
  struct alignas(64) Part {
    explicit Part(const SpikeRowText& format) : text_format(format) {}
    SpikeRowText text_format;
    // The rows, text[0, used); grown by doubling, kept between rounds (no allocation once the
    // busiest round's rows fit).
    std::unique_ptr<char[]> text;
    std::size_t used = 0, capacity = 0;
    std::vector<std::size_t> ends;  // where each call's rows end in text
    std::uint64_t rows = 0;

    char* room_for(std::size_t bytes);
    void clear() {
      used = 0;
      rows = 0;
      ends.clear();
    }
  };
  SpikeRowText format_;
  std::vector<char> recorded_;
  std::vector<Part> parts_;
  // Rows already put in order (when the part count changed before they were moved out).
  std::string ready_;
  std::uint64_t ready_rows_ = 0;
  std::vector<std::size_t> from_;  // merge_into's place in each part's text

  template <class Put>
  std::uint64_t put_in_order(Put&& put);
};

}  // namespace neurosim::cli
