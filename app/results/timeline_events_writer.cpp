// timeline_events.csv (see timeline_events_writer.hpp).
#include "results/timeline_events_writer.hpp"

#include <string>

#include "neurosim/params.hpp"

namespace neurosim {

namespace {
// A CSV field: quoted (with "" for ") when it holds a comma, a quote or a line break.
std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::uint64_t write_timeline_events_csv(const std::filesystem::path& dir, std::span<const TimelineEvent> events, io::Replace replace) {
  io::AtomicFile out(dir / "timeline_events.csv", replace);
  out.put("t_ms,index,kind,detail\n");
  for (const TimelineEvent& e : events) {
    std::string detail = e.detail;
    if (!e.applied) {
      if (!detail.empty()) detail += ' ';
      detail.append("refused: ").append(e.reason);
    }
    out.put(format_number(e.t_ms) + "," + std::to_string(e.index) + "," + e.kind + "," + csv_text(detail) + "\n");
  }
  out.commit();
  return events.size();
}

}  // namespace neurosim
