#include "neurosim/model_registry.hpp"

#include "neurosim/adex.hpp"
#include "neurosim/dendritic.hpp"
#include "neurosim/file_source.hpp"
#include "neurosim/hh.hpp"
#include "neurosim/izhikevich.hpp"
#include "neurosim/lif.hpp"
#include "neurosim/lif_cond.hpp"
#include "neurosim/lif_delta.hpp"
#include "neurosim/pattern_source.hpp"
#include "neurosim/poisson_source.hpp"
#include "neurosim/replay_source.hpp"
#include "neurosim/srm.hpp"

namespace neurosim {

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> names{"lif", "if", "izhikevich", "srm", "adex", "lif_adaptive", "lif_cond", "dendritic", "hh", "lif_delta", "poisson", "pattern", "file", "images"};
  return names;
}

std::unique_ptr<Population> make_population(std::string_view model, std::string name, int size, double dt_ms,
                                            std::uint64_t seed, std::uint64_t stream) {
  if (model == "lif") return std::make_unique<LifPopulation>(std::move(name), size, dt_ms);
  if (model == "if") return std::make_unique<IfPopulation>(std::move(name), size, dt_ms);
  if (model == "izhikevich") return std::make_unique<IzhikevichPopulation>(std::move(name), size, dt_ms);
  if (model == "srm") return std::make_unique<SrmPopulation>(std::move(name), size, dt_ms);
  if (model == "adex") return std::make_unique<AdexPopulation>(std::move(name), size, dt_ms);
  if (model == "lif_adaptive")
    return std::make_unique<LifPopulation>(std::move(name), size, dt_ms, LifThreshold::adaptive);
  if (model == "lif_cond") return std::make_unique<LifCondPopulation>(std::move(name), size, dt_ms);
  if (model == "dendritic") return std::make_unique<DendriticPopulation>(std::move(name), size, dt_ms);
  if (model == "hh") return std::make_unique<HhPopulation>(std::move(name), size, dt_ms);
  if (model == "lif_delta") return std::make_unique<LifDeltaPopulation>(std::move(name), size, dt_ms, seed, stream);
  if (model == "poisson") return std::make_unique<PoissonPopulation>(std::move(name), size, dt_ms, seed, stream);
  if (model == "pattern") return std::make_unique<PatternPopulation>(std::move(name), size, dt_ms, seed, stream);
  if (model == "file") return std::make_unique<FilePopulation>(std::move(name), size, dt_ms, seed, stream);
  if (model == "images") return std::make_unique<ImagePopulation>(std::move(name), size, dt_ms, seed, stream);
  // Recorded spikes for the window's replay (replay_source.hpp); not listed in model_names().
  if (model == "replay") return std::make_unique<ReplaySource>(std::move(name), size, dt_ms);
  return nullptr;
}

bool takes_same_step_input(std::string_view model) {
  // One neuron of the model answers for all (the answer depends on the model alone).
  const std::unique_ptr<Population> probe = make_population(model, "probe", 1, 0.1, 0, 0);
  return probe != nullptr && probe->takes_same_step_input();
}

}  // namespace neurosim
