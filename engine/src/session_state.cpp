// The Session's whole state (see session.hpp, checkpoint.hpp): the network's and the
// experiment's through their visit_state, then the Session's own part.
#include <algorithm>

#include "neurosim/session.hpp"
#include "neurosim/state_visitor.hpp"

namespace neurosim {

// What the Session adds to the network's state: where the timeline has got to, and what gives
// back the values its entries changed (a reset after a restore puts back the values from before
// the entries, though they were applied before the cut); the learning settings a reset gives
// back; the experiment's phases counted.
void Session::visit_own_state(StateVisitor& v) {
  v.section("session");
  std::uint64_t next = next_entry_;
  v.value(next);
  if (v.loading() && next > timeline_.size())
    throw StateError("the state's timeline has reached entry " + std::to_string(next) + ", but this scenario's timeline has " +
                     std::to_string(timeline_.size()) + " entries");
  v.list(timeline_undo_, [&](Command& c) { visit_command(v, c); });
  v.array(learn_);
  std::uint64_t phases = phases_seen_;
  v.value(phases);
  if (v.loading()) {
    next_entry_ = static_cast<std::size_t>(next);
    phases_seen_ = static_cast<std::size_t>(phases);
  }
}

ExtraState Session::own_state() const {
  // The writer only reads what it visits (as Network::visit_state in capture()).
  auto* self = const_cast<Session*>(this);
  return [self](StateVisitor& v) { self->visit_own_state(v); };
}

void Session::capture_state(Checkpoint& into) const { capture(*network_, experiment_.get(), own_state(), into); }

std::string Session::restore_state(const Checkpoint& from) {
  const std::uint64_t version_before = facts_ ? facts_->version : network_->commands_applied() + resets_ + facts_shift_;
  std::string why = restore(*network_, experiment_.get(), own_state(), from, restore_undo_);
  if (!why.empty()) return why;
  ++rewinds_;
  ++generation_;
  // A restore across a renaming gives the names of the timeline's entries back.
  if (network_->spec().timeline.size() == timeline_.size()) timeline_ = network_->spec().timeline;
  // What the timeline did at the restored step and later has not happened yet.
  const std::int64_t now = network_->step_index();
  std::erase_if(timeline_events_, [now](const TimelineEvent& e) { return e.step >= now; });
  // The applied parameters may have gone back: the facts get a newer version than any before.
  facts_shift_ = version_before + 1 - (network_->commands_applied() + resets_);
  return {};
}

}  // namespace neurosim
