// Memory per checkpoint and seek latency of the rewind (session_history.hpp), for the README.
//   bench_rewind_seek SCENARIO [RUN_MS] [INTERVAL_MS] [LEAD_MS] [THREADS]
// Runs SCENARIO (a preset or a scenario file) for RUN_MS with a checkpoint every INTERVAL_MS,
// then seeks back: to half an interval after a checkpoint (what a drag costs at least) and with
// LEAD_MS re-simulated before the target (what the window does to refill its 1 s raster). It
// checks that a seek lands on the state of the run without a history, bit for bit (exit 1 if
// not), and prints one line of figures.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "neurosim/checkpoint_blocks.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/session.hpp"
#include "neurosim/session_history.hpp"

using namespace neurosim;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::unique_ptr<Session> make_session(const ScenarioSpec& spec, int threads) {
  BuildOptions options;
  options.record = RecordMode::Live;
  options.threads = threads;
  BuildResult built = build_network(spec, options);
  if (!built.errors.empty()) {
    std::fprintf(stderr, "error: %s\n", built.errors.front().text().c_str());
    std::exit(2);
  }
  return std::make_unique<Session>(std::move(built.network));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SCENARIO [RUN_MS] [INTERVAL_MS] [LEAD_MS] [THREADS]\n", argv[0]);
    return 2;
  }
  const std::string scenario = argv[1];
  const double run_ms = argc > 2 ? std::atof(argv[2]) : 2000.0;
  const double interval_ms = argc > 3 ? std::atof(argv[3]) : 100.0;
  const double lead_ms = argc > 4 ? std::atof(argv[4]) : 1000.0;
  const int threads = argc > 5 ? std::atoi(argv[5]) : 1;
  io::LoadResult loaded = io::load_scenario(scenario);
  if (!loaded.spec) {
    std::fprintf(stderr, "error: %s\n", loaded.errors.empty() ? "cannot load" : loaded.errors.front().text().c_str());
    return 2;
  }
  const ScenarioSpec& spec = *loaded.spec;
  const double dt = spec.dt_ms;

  // The run without a history: its step time, and the state a seek must land on.
  std::unique_ptr<Session> plain = make_session(spec, threads);
  const auto target_step = static_cast<std::int64_t>(std::llround((run_ms - interval_ms * 2.5) / dt));
  auto t0 = Clock::now();
  plain->advance(target_step);
  const double plain_ms = ms_since(t0);
  Checkpoint want;
  plain->capture_state(want);

  std::unique_ptr<Session> session = make_session(spec, threads);
  SessionHistory history(*session, {.interval_ms = interval_ms, .window_ms = 1e9, .budget_bytes = std::size_t{16} << 30, .fit_window = false});
  t0 = Clock::now();
  session->advance(target_step);
  const double with_ms = ms_since(t0);
  session->advance(static_cast<std::int64_t>(std::llround(run_ms / dt)) - target_step);
  const HistoryCoverage c = history.coverage();

  // One capture alone (the cost every interval adds to the run).
  Checkpoint one;
  session->capture_state(one);
  constexpr int kCaptures = 5;
  t0 = Clock::now();
  for (int i = 0; i < kCaptures; ++i) session->capture_state(one);
  const double capture_ms = ms_since(t0) / kCaptures;
  // Cutting it into blocks shared with the checkpoint before (what each interval adds on top).
  Checkpoint before;
  session->capture_state(before);
  session->advance(static_cast<std::int64_t>(std::llround(interval_ms / dt)));
  session->capture_state(one);
  const CheckpointBlocks previous = CheckpointBlocks::split(before, nullptr);
  t0 = Clock::now();
  const CheckpointBlocks next = CheckpointBlocks::split(one, &previous);
  const double split_ms = ms_since(t0);
  const std::size_t new_bytes = next.new_bytes(&previous);

  // A seek half an interval past a checkpoint, without lead: restore + interval/2 of steps.
  t0 = Clock::now();
  if (std::string why = history.seek(target_step); !why.empty()) {
    std::fprintf(stderr, "error: %s\n", why.c_str());
    return 1;
  }
  const double seek_ms = ms_since(t0);
  Checkpoint got;
  session->capture_state(got);
  const bool same = got.state == want.state;
  // The window's seek: the raster's span re-simulated before the target.
  history.set_options({.interval_ms = interval_ms, .window_ms = 1e9, .budget_bytes = std::size_t{16} << 30, .lead_ms = lead_ms, .fit_window = false});
  t0 = Clock::now();
  if (std::string why = history.seek(target_step); !why.empty()) {
    std::fprintf(stderr, "error: %s\n", why.c_str());
    return 1;
  }
  const double lead_seek_ms = ms_since(t0);
  session->capture_state(got);
  const bool same_lead = got.state == want.state;

  const double mb = 1024.0 * 1024.0;
  const double per_mb = static_cast<double>(c.checkpoint_bytes) / mb;
  const double new_mb = static_cast<double>(new_bytes) / mb;
  // In 256 MB: the capture buffer and a first whole checkpoint, then what each adds.
  const double count_in_256mb = 2.0 * per_mb > 256.0 ? 0.0 : 1.0 + (256.0 - 2.0 * per_mb) / std::max(new_mb, 1e-6);
  const double seconds_in_256mb = count_in_256mb * interval_ms / 1000.0;
  // The window's defaults (30 s in 256 MB): the interval the history fits them with.
  const double fitted_ms = std::max(interval_ms, 30000.0 / std::max(count_in_256mb - 2.0, 1.0));
  std::printf(
      "%s: checkpoint %.2f MB, %.2f MB not shared with the one before, every %.0f ms (%zu held in %.1f MB); capture %.2f ms + blocks %.2f ms "
      "(%.1f%% of the stepping; run %.0f ms with, %.0f ms without); 256 MB hold %.0f checkpoints, %.1f s (30 s fit with one every %.0f ms); "
      "seek (restore + %.0f ms of steps) %.0f ms; seek with %.0f ms lead %.0f ms; step %.3f ms; same state: %s\n",
      scenario.c_str(), per_mb, new_mb, interval_ms, c.checkpoints, static_cast<double>(c.bytes) / mb, capture_ms, split_ms,
      100.0 * (capture_ms + split_ms) / (interval_ms / dt * plain_ms / static_cast<double>(target_step)), with_ms, plain_ms, count_in_256mb,
      seconds_in_256mb, fitted_ms, interval_ms / 2, seek_ms, lead_ms, lead_seek_ms, plain_ms / static_cast<double>(target_step),
      same && same_lead ? "yes" : "NO");
  return same && same_lead ? 0 : 1;
}
