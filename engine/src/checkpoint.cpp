#include "neurosim/checkpoint.hpp"

#include <cstring>

#include "neurosim/experiment.hpp"
#include "neurosim/network.hpp"
#include "neurosim/state_visitor.hpp"

namespace neurosim {

namespace {

// Marks the start and the end of the bytes, so that a state cut short or run on is noticed.
constexpr std::uint32_t kBegin = 0x4E535431;  // "NST1"
constexpr std::uint32_t kEnd = 0x454E4431;    // "END1"

void visit_all(StateVisitor& v, Network& network, Experiment* experiment, const ExtraState* extra) {
  std::uint32_t begin = kBegin;
  v.value(begin);
  if (begin != kBegin) throw StateError("the bytes are not a NeuroSim state");
  bool has_experiment = experiment != nullptr;
  v.value(has_experiment);
  if (has_experiment != (experiment != nullptr))
    throw StateError(has_experiment ? "the state holds an experiment's progress, but no experiment runs here"
                                    : "an experiment runs here, but the state holds none");
  // The experiment first: in its test phase it attaches the test set that the network's input
  // state then refers to.
  if (experiment) experiment->visit_state(v);
  network.visit_state(v);
  bool has_extra = extra != nullptr && *extra;
  v.value(has_extra);
  if (has_extra != (extra != nullptr && *extra))
    throw StateError(has_extra ? "the state holds a session's timeline and settings, but none is restored here"
                               : "a session's timeline and settings are restored here, but the state holds none");
  if (has_extra) (*extra)(v);
  std::uint32_t end = kEnd;
  v.value(end);
  if (end != kEnd) throw StateError("the state does not end where its contents do");
  if (v.loading() && v.remaining() != 0) throw StateError(std::to_string(v.remaining()) + " bytes follow the end of the state");
}

}  // namespace

namespace {

void capture_with(const Network& network, const Experiment* experiment, const ExtraState* extra, Checkpoint& into) {
  into.state.clear();
  StateVisitor v = StateVisitor::writer(into.state);
  // The writer only reads the members it visits: the same visit_state serves both directions.
  visit_all(v, const_cast<Network&>(network), const_cast<Experiment*>(experiment), extra);
  into.step = network.step_index();
  into.has_experiment = experiment != nullptr;
}

std::string restore_with(Network& network, Experiment* experiment, const ExtraState* extra, const Checkpoint& checkpoint, Checkpoint& before) {
  // A failure part way would leave a mix of two states: keep the present one to go back to.
  try {
    capture_with(network, experiment, extra, before);
  } catch (const StateError& e) {
    return std::string("the present state cannot be kept while restoring: ") + e.what();
  }
  try {
    StateVisitor v = StateVisitor::reader(checkpoint.state);
    visit_all(v, network, experiment, extra);
    return {};
  } catch (const std::exception& e) {
    StateVisitor back = StateVisitor::reader(before.state);
    visit_all(back, network, experiment, extra);
    return e.what();
  }
}

}  // namespace

void capture(const Network& network, const Experiment* experiment, Checkpoint& into) { capture_with(network, experiment, nullptr, into); }

void capture(const Network& network, const Experiment* experiment, const ExtraState& extra, Checkpoint& into) {
  capture_with(network, experiment, &extra, into);
}

Checkpoint capture(const Network& network, const Experiment* experiment) {
  Checkpoint c;
  capture(network, experiment, c);
  return c;
}

std::string restore(Network& network, Experiment* experiment, const Checkpoint& checkpoint) {
  Checkpoint undo;
  return restore(network, experiment, checkpoint, undo);
}

std::string restore(Network& network, Experiment* experiment, const Checkpoint& checkpoint, Checkpoint& before) {
  return restore_with(network, experiment, nullptr, checkpoint, before);
}

std::string restore(Network& network, Experiment* experiment, const ExtraState& extra, const Checkpoint& checkpoint, Checkpoint& undo) {
  return restore_with(network, experiment, &extra, checkpoint, undo);
}

}  // namespace neurosim
