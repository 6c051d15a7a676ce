#pragma once
// timeline_events.csv: what a scenario's timeline did in a headless run, one row per entry as it
// applied (t_ms,index,kind,detail): notes with their text, "set" entries as PATH=VALUE, and
// refused entries with "refused: REASON" after what they asked.
#include <filesystem>
#include <span>

#include "neurosim/io/atomic_file.hpp"
#include "neurosim/timeline.hpp"

namespace neurosim {

std::uint64_t write_timeline_events_csv(const std::filesystem::path& dir, std::span<const TimelineEvent> events, io::Replace replace);

}  // namespace neurosim
