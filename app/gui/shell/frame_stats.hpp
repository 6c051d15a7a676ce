#pragma once
// Frame timing for `neurosim gui --frame-stats`: every frame's wall time, and one summary line
//   frames=N fps_mean=F frame_ms_p50=A frame_ms_p95=B sim_ms=S realtime=R
// where fps_mean = frames / wall seconds, the percentiles are over the frame times, sim_ms the
// simulated time the frames covered and realtime = sim_ms / wall ms. No ImGui, no GL.
#include <cstdint>
#include <string>
#include <vector>

namespace neurosim::gui {

class FrameStats {
 public:
  void add(double frame_ms) { frames_ms_.push_back(frame_ms); }
  std::size_t frames() const { return frames_ms_.size(); }
  // The p-th percentile (0..100) of the frame times, linearly interpolated; 0 without frames.
  double percentile_ms(double p) const;
  double wall_ms() const;
  std::string summary(double sim_ms) const;

 private:
  std::vector<double> frames_ms_;
};

}  // namespace neurosim::gui
