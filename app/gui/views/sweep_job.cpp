// A background sweep (see sweep_job.hpp).
#include "gui/views/sweep_job.hpp"

#include <algorithm>
#include <exception>

namespace neurosim::gui {

void SweepJob::start(cli::SweepPlan plan, int threads) {
  stop();
  plan_ = std::move(plan);
  rows_.assign(plan_.points(), cli::SweepRow{});
  next_ = 0;
  done_ = 0;
  cancel_ = false;
  finished_ = false;
  taken_ = false;
  started_ = true;
  outcome_ = SweepOutcome{};
  start_ = std::chrono::steady_clock::now();
  coordinator_ = std::thread([this, threads] { run(std::max(1, threads)); });
}

void SweepJob::run(int threads) {
  const std::size_t points = plan_.points();
  const auto worker = [this, points] {
    for (std::size_t i = next_++; i < points && !cancel_.load(); i = next_++) {
      try {
        rows_[i] = cli::run_sweep_point(plan_.specs[i], &cancel_);
      } catch (const std::exception& e) {
        rows_[i].error = e.what();
      }
      ++done_;
    }
  };
  std::vector<std::thread> pool;
  const std::size_t extra = std::min<std::size_t>(static_cast<std::size_t>(threads), std::max<std::size_t>(points, 1)) - 1;
  for (std::size_t t = 0; t < extra; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  SweepOutcome out;
  out.points = points;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  out.cancelled = cancel_.load();
  for (std::size_t i = 0; i < points && out.error.empty(); ++i)
    if (!rows_[i].error.empty()) out.error = "sweep point " + std::to_string(i) + ": " + rows_[i].error;
  if (!out.cancelled && out.error.empty()) out.csv = cli::sweep_csv_text(plan_, rows_);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    outcome_ = std::move(out);
  }
  finished_ = true;
}

std::optional<SweepOutcome> SweepJob::take() {
  if (!started_ || !finished_.load() || taken_) return std::nullopt;
  if (coordinator_.joinable()) coordinator_.join();
  taken_ = true;
  const std::lock_guard<std::mutex> lock(mutex_);
  return std::move(outcome_);
}

void SweepJob::stop() {
  cancel_ = true;
  if (coordinator_.joinable()) coordinator_.join();
  started_ = false;
}

}  // namespace neurosim::gui
