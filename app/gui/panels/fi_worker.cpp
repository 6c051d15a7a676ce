// f-I curve in the background (see diversity_panels.hpp, FiWorker).
#include <imgui.h>

#include <chrono>
#include <memory>
#include <string>

#include "gui/panels/diversity_panels.hpp"
#include "gui/views/fact_lookup.hpp"

namespace neurosim::gui {

bool FiWorker::update(const PopulationFact& population, double dt_ms, double i_lo, double i_hi) {
  // A finished job hands over its curve.
  if (job_.valid() && job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    curve_ = job_.get();
    key_ = running_key_;
  }
  if (job_.valid()) return true;

  // The key: everything the curve depends on.
  std::vector<double> key = param_values(population);
  key.push_back(dt_ms);
  key.push_back(i_lo);
  key.push_back(i_hi);
  key.push_back(static_cast<double>(points));
  key.push_back(static_cast<double>(std::hash<std::string_view>{}(population.model)));
  if (key == key_) return false;
  const double now = ImGui::GetTime();
  if (now - last_start_ < min_interval_s) return false;
  last_start_ = now;
  running_key_ = key;

  // The copy: same model and parameters, I_bias 0 (the x axis is the whole constant current).
  // The job owns its copy of the facts (the descriptions point into its strings).
  auto fact = std::make_shared<const PopulationFact>(population);
  std::vector<double> values = param_values(*fact);
  for (std::size_t i = 0; i < fact->params.size(); ++i)
    if (fact->params[i].name == "I_bias") values[i] = 0.0;
  FiOptions options;
  options.currents = linspace(i_lo, i_hi, points);
  options.dt_ms = dt_ms;
  options.max_duration_ms = 1000.0;
  options.min_duration_ms = 400.0;
  options.target_intervals = 20;
  job_ = std::async(std::launch::async, [fact = std::move(fact), values = std::move(values), options = std::move(options)]() {
    return measure_fi_curve(fact->model, param_descs(*fact), values, options);
  });
  return true;
}

void FiWorker::clear() {
  if (job_.valid()) job_.wait();  // the job owns copies only; waiting keeps the next one ordered
  job_ = {};
  key_.clear();
  running_key_.clear();
  curve_ = {};
  last_start_ = -1e9;
}

}  // namespace neurosim::gui
