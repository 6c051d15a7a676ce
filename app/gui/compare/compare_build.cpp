// The two Sessions of a comparison (see compare_build.hpp).
#include "gui/compare/compare_build.hpp"

#include "gui/compare/compare_spec.hpp"

namespace neurosim::gui {

namespace {

// The neurons a side traces: those given (the single run's), else, when its scenario traces
// none, the first neuron of up to two simulated populations (as a loaded scenario shows them).
void trace_side(Session& session, const std::vector<std::pair<int, int>>& probes) {
  const Network& net = session.network();
  auto trace = [&](int population, int neuron) {
    const Command c = SetTraced{population, neuron};
    if (session.check(c).empty()) session.submit(c);
  };
  if (!probes.empty()) {
    for (const auto& [population, neuron] : probes) trace(population, neuron);
  } else if (net.traces().probes().empty()) {
    int added = 0;
    for (int i = 0; i < net.population_count() && added < 2; ++i) {
      if (net.population(i).is_source() || net.population(i).size() == 0) continue;
      trace(i, 0);
      ++added;
    }
  }
  session.advance(0);  // traced from the first step shown
}

}  // namespace

CompareBuilt build_compare(const CompareRequest& request) {
  CompareBuilt out;
  out.label_a = request.label_a;
  out.label_b = request.label_b;
  std::unique_ptr<Network> net_a = build_side(request.a, "A", out.error);
  if (!net_a) return out;
  std::unique_ptr<Network> net_b = build_side(request.b, "B", out.error);
  if (!net_b) return out;
  auto session_options = [&](const ScenarioSpec& spec) {
    const bool classifies = spec.experiment && spec.experiment->task == "classification";
    return SessionOptions{classifies ? request.test_digits : nullptr};
  };
  auto a = std::make_unique<Session>(std::move(net_a), session_options(request.a));
  auto b = std::make_unique<Session>(std::move(net_b), session_options(request.b));
  if (request.from) {
    for (Session* s : {a.get(), b.get()}) {
      if (const std::string e = s->restore_state(*request.from); !e.empty()) {
        out.error = "cannot copy the state: " + e;
        return out;
      }
    }
  }
  trace_side(*a, request.probes);
  trace_side(*b, request.probes);
  out.a = std::move(a);
  out.b = std::move(b);
  return out;
}

}  // namespace neurosim::gui
