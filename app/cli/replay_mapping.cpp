// Recorded spikes mapped onto populations (replay_mapping.hpp); moved out of replay_command.cpp
// so that the window's replay maps them the same way.
#include "cli/replay_mapping.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace neurosim::cli {
namespace {
using Ids = io::RecordedPopulation::Ids;
}  // namespace

// Onto the scenario's populations. Returns "" or the problem, naming the file.
std::string map_to_scenario(const io::SpikeRecording& rec, const std::vector<std::string>& source_of, const ScenarioSpec& spec, Mapped& out) {
  std::string known;
  std::vector<std::int64_t> first_id;  // NEST: the global id of each population's first neuron
  std::int64_t next = 1;
  for (const PopulationSpec& p : spec.populations) {
    known += (known.empty() ? "" : ", ") + p.name;
    out.populations.push_back({p.name, p.size});
    first_id.push_back(next);
    next += std::max(p.size, 0);
  }
  std::vector<std::int32_t> target(rec.populations.size(), -1);
  for (std::size_t i = 0; i < rec.populations.size(); ++i) {
    const io::RecordedPopulation& rp = rec.populations[i];
    if (rp.ids == Ids::Local) {
      target[i] = spec.population_index(rp.name);
      if (target[i] < 0) return source_of[i] + ": population \"" + rp.name + "\" is not in the scenario (populations: " + known + ")";
    } else if (rp.ids == Ids::Index) {
      const long index = std::stol(rp.name);
      if (index >= static_cast<long>(spec.populations.size()))
        return source_of[i] + ": population index " + rp.name + " is not in the scenario (it has " + std::to_string(spec.populations.size()) + ")";
      target[i] = static_cast<std::int32_t>(index);
    }
  }
  for (const io::RecordedSpike& s : rec.spikes) {
    const io::RecordedPopulation& rp = rec.populations[static_cast<std::size_t>(s.population)];
    std::int32_t p = target[static_cast<std::size_t>(s.population)];
    std::int64_t neuron = s.neuron;
    if (rp.ids == Ids::Nest) {
      const auto it = std::upper_bound(first_id.begin(), first_id.end(), s.neuron);
      if (s.neuron < 1 || it == first_id.begin() || s.neuron >= next)
        return source_of[static_cast<std::size_t>(s.population)] + ": sender " + std::to_string(s.neuron) + " is outside the scenario's neurons (NEST ids 1.." +
               std::to_string(next - 1) + ")";
      p = static_cast<std::int32_t>(it - first_id.begin() - 1);
      neuron = s.neuron - first_id[static_cast<std::size_t>(p)];
    }
    const OutPopulation& op = out.populations[static_cast<std::size_t>(p)];
    if (op.size > 0 && neuron >= op.size)
      return source_of[static_cast<std::size_t>(s.population)] + ": population " + op.name + ": neuron " + std::to_string(neuron) + " is outside 0.." +
             std::to_string(op.size - 1);
    out.spikes.push_back({s.t_ms, p, neuron});
  }
  return {};
}

// Each recorded population on its own; sizes from the neurons that fired.
void map_alone(const io::SpikeRecording& rec, Mapped& out) {
  std::map<std::string, std::int32_t> by_name;
  std::vector<std::int32_t> target;
  for (const io::RecordedPopulation& rp : rec.populations) {
    const std::string name = rp.ids == Ids::Index ? "population_" + rp.name : rp.name;
    const auto [it, added] = by_name.emplace(name, static_cast<std::int32_t>(out.populations.size()));
    if (added) out.populations.push_back({name, 0});
    target.push_back(it->second);
  }
  std::vector<std::set<std::int64_t>> seen(out.populations.size());
  for (const io::RecordedSpike& s : rec.spikes) {
    const std::int32_t p = target[static_cast<std::size_t>(s.population)];
    seen[static_cast<std::size_t>(p)].insert(s.neuron);
    out.spikes.push_back({s.t_ms, p, s.neuron});
  }
  for (std::size_t p = 0; p < seen.size(); ++p) out.populations[p].size = static_cast<std::int64_t>(seen[p].size());
}

}  // namespace neurosim::cli
