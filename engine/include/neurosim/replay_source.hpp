#pragma once
// A population that plays spikes recorded elsewhere (the window's replay, `neurosim gui
// --replay`): each neuron fires in exactly the steps the recording gives it. The events are given
// after the build with attach(); without them the population is silent. It is not a scenario
// model (outside model_names()): only the replay builds it.
#include <cstdint>
#include <memory>
#include <vector>

#include "neurosim/population.hpp"

namespace neurosim {

class Network;

class ReplaySource final : public SpikeSource {
 public:
  struct Event {
    std::int64_t step;
    std::int32_t neuron;
  };

  ReplaySource(std::string name, int size, double dt_ms);

  std::string_view model() const override { return "replay"; }
  std::span<const ParamDesc> param_descs() const override { return {}; }
  std::vector<ParamError> validate(std::span<const double>) const override { return {}; }
  void evolve(std::int64_t step, std::vector<int>& spikes) override;

  // Events sorted by step (then neuron), neurons within the population; shared, not copied.
  void attach(std::shared_ptr<const std::vector<Event>> events);
  // attach() on population `population` of `network` when it is a ReplaySource; false otherwise.
  static bool attach_to(Network& network, int population, std::shared_ptr<const std::vector<Event>> events);

 protected:
  void update_derived() override {}
  void reset_model_state() override { next_step_ = -1; }
  void visit_model_state(StateVisitor& v) override;

 private:
  std::shared_ptr<const std::vector<Event>> events_;
  std::size_t cursor_ = 0;
  std::int64_t next_step_ = -1;  // the step the cursor is positioned for; else searched again
};

}  // namespace neurosim
