// A Session's edit history: undo and redo of parameter, projection and structure edits (see
// session.hpp [SECTION] Edit history).
#include <cmath>
#include <memory>

#include "neurosim/session.hpp"
#include "neurosim/session_history.hpp"

namespace neurosim {

std::string Session::check(const Command& command) const {
  if (std::holds_alternative<UndoEdit>(command)) return undo_.empty() ? "nothing to undo" : std::string();
  if (std::holds_alternative<RedoEdit>(command)) return redo_.empty() ? "nothing to redo" : std::string();
  return network_->check(command);
}

bool Session::is_edit(const Command& command) {
  return std::holds_alternative<SetParam>(command) || std::holds_alternative<SetParams>(command) ||
         std::holds_alternative<SetPlasticityParam>(command) || std::holds_alternative<SetProjection>(command) ||
         std::holds_alternative<SetStimulus>(command) || std::holds_alternative<AddNeurons>(command) ||
         std::holds_alternative<AddPopulation>(command) || std::holds_alternative<AddProjection>(command) ||
         std::holds_alternative<AddStimulus>(command) || std::holds_alternative<RemoveElement>(command) ||
         std::holds_alternative<RenameElement>(command) || std::holds_alternative<DuplicateElement>(command) ||
         std::holds_alternative<ChangePopulation>(command) || std::holds_alternative<ChangeProjection>(command);
}

namespace {

// The name an element is shown by, from the network (what the window shows).
std::string shown(const Network& net, Element kind, int i) {
  switch (kind) {
    case Element::Population: return i >= 0 && i < net.population_count() ? net.population(i).name() : std::string();
    case Element::Projection: return i >= 0 && i < net.projection_count() ? net.projection(i).name() : std::string();
    case Element::Stimulus: return i >= 0 && i < net.stimulus_count() ? net.stimulus(i).name() : std::string();
  }
  return {};
}

}  // namespace

std::vector<Command> Session::inverse_of(const Command& command, std::string& cannot) const {
  const Network& net = *network_;
  const ScenarioSpec& spec = net.spec();
  std::vector<Command> out;
  // A parameter of a population or a rule: the values before, set together.
  const auto params_back = [&](ParamTarget target, const std::vector<std::pair<std::string, double>>& values) {
    const Parameterised* p = nullptr;
    if (target.kind == ParamTarget::Kind::Population) p = &net.population(target.index);
    else p = net.plasticity(target.index);
    if (p == nullptr) return;
    SetParams back{target, {}};
    for (const auto& [name, value] : values)
      if (const double before = p->param(name); std::isfinite(before)) back.values.emplace_back(name, before);
    if (target.kind == ParamTarget::Kind::Population) back.scenario_params = spec.populations[static_cast<std::size_t>(target.index)].params;
    else back.scenario_rule_params = spec.projections[static_cast<std::size_t>(target.index)].plasticity->params;
    if (!back.values.empty()) out.emplace_back(std::move(back));
  };
  if (const auto* one = std::get_if<SetParam>(&command)) {
    params_back({ParamTarget::Kind::Population, one->population}, {{one->param, one->value}});
  } else if (const auto* many = std::get_if<SetParams>(&command)) {
    params_back(many->target, many->values);
  } else if (const auto* rule = std::get_if<SetPlasticityParam>(&command)) {
    params_back({ParamTarget::Kind::Plasticity, rule->projection}, {{rule->param, rule->value}});
  } else if (const auto* proj = std::get_if<SetProjection>(&command)) {
    const ProjectionSpec& ps = spec.projections[static_cast<std::size_t>(proj->projection)];
    SetProjection back{proj->projection};
    if (proj->weight_scale) back.weight_scale = ps.weight_scale;
    if (proj->enabled) back.enabled = ps.enabled;
    if (proj->same_step) back.same_step = ps.same_step;
    if (proj->receptor) {
      back.receptor = net.projection(proj->projection).receptor();
      back.receptor_by_sign = !ps.receptor.has_value();
    }
    if (proj->delay_ms) {
      if (const Distribution d = ps.delay_or_step(spec.dt_ms); d.is_constant()) back.delay_ms = d.a;
      else cannot = "the per-synapse delays of projection " + net.projection(proj->projection).name() + " cannot come back";
    }
    out.emplace_back(back);
  } else if (const auto* stim = std::get_if<SetStimulus>(&command)) {
    const StimulusSpec& ss = spec.stimuli[static_cast<std::size_t>(stim->stimulus)];
    out.emplace_back(SetStimulus{stim->stimulus, StimulusParams{ss.amplitude, ss.noise_sd, ss.start_ms, ss.stop_ms}});
  } else if (const auto* grow = std::get_if<AddNeurons>(&command)) {
    cannot = "neurons added to " + shown(net, Element::Population, grow->population) + " stay (a population does not shrink)";
  } else if (const auto* add = std::get_if<AddPopulation>(&command)) {
    out.emplace_back(RemoveElement{Element::Population, add->at < 0 ? net.population_count() : add->at, false});
  } else if (const auto* add_proj = std::get_if<AddProjection>(&command)) {
    out.emplace_back(RemoveElement{Element::Projection, add_proj->at < 0 ? net.projection_count() : add_proj->at, false});
  } else if (const auto* add_stim = std::get_if<AddStimulus>(&command)) {
    out.emplace_back(RemoveElement{Element::Stimulus, add_stim->at < 0 ? net.stimulus_count() : add_stim->at, false});
  } else if (const auto* dup = std::get_if<DuplicateElement>(&command)) {
    const int end = dup->kind == Element::Population ? net.population_count() : dup->kind == Element::Projection ? net.projection_count() : net.stimulus_count();
    out.emplace_back(RemoveElement{dup->kind, end, false});
  } else if (const auto* rename = std::get_if<RenameElement>(&command)) {
    out.emplace_back(RenameElement{rename->kind, rename->index, shown(net, rename->kind, rename->index)});
  } else if (const auto* change = std::get_if<ChangePopulation>(&command)) {
    // The entry it had, and its state (with its projections' and stimuli's, when its size
    // changes) to load into the rebuilt elements.
    if (change->population >= 0 && change->population < net.population_count())
      out.emplace_back(ChangePopulation{change->population, spec.populations[static_cast<std::size_t>(change->population)],
                                        std::make_shared<const SavedElements>(net.saved_elements(command))});
  } else if (const auto* rebuilt = std::get_if<ChangeProjection>(&command)) {
    if (rebuilt->projection >= 0 && rebuilt->projection < net.projection_count())
      out.emplace_back(ChangeProjection{rebuilt->projection, spec.projections[static_cast<std::size_t>(rebuilt->projection)],
                                        std::make_shared<const SavedElements>(net.saved_elements(command))});
  } else if (const auto* remove = std::get_if<RemoveElement>(&command)) {
    const int i = remove->index;
    // The element back at its place, then what went with it, each at its old place (ascending,
    // so that every insertion finds the ones before it).
    const auto projection_back = [&](int j) {
      const auto w = net.projection(j).weights();
      out.emplace_back(AddProjection{spec.projections[static_cast<std::size_t>(j)], j, std::vector<float>(w.begin(), w.end())});
    };
    if (remove->kind == Element::Population) {
      out.emplace_back(AddPopulation{spec.populations[static_cast<std::size_t>(i)], i});
      for (int j = 0; j < net.projection_count(); ++j)
        if (net.projection(j).pre() == i || net.projection(j).post() == i) projection_back(j);
      for (int k = 0; k < net.stimulus_count(); ++k)
        if (net.stimulus(k).population() == i) out.emplace_back(AddStimulus{spec.stimuli[static_cast<std::size_t>(k)], k});
    } else if (remove->kind == Element::Projection) {
      projection_back(i);
    } else {
      out.emplace_back(AddStimulus{spec.stimuli[static_cast<std::size_t>(i)], i});
    }
  } else {
    cannot = std::string(command_name(command)) + " is not an edit";
  }
  return out;
}

std::string Session::edit_label(const Command& command) const {
  const Network& net = *network_;
  std::string what;
  if (const auto* one = std::get_if<SetParam>(&command)) what = shown(net, Element::Population, one->population) + "." + one->param;
  else if (const auto* many = std::get_if<SetParams>(&command))
    what = shown(net, many->target.kind == ParamTarget::Kind::Population ? Element::Population : Element::Projection, many->target.index) +
           (many->values.size() == 1 ? "." + many->values.front().first : "");
  else if (const auto* rule = std::get_if<SetPlasticityParam>(&command)) what = shown(net, Element::Projection, rule->projection) + "." + rule->param;
  else if (const auto* proj = std::get_if<SetProjection>(&command)) {
    // The fields it sets, so that a delay change and a same-step switch read apart in the history.
    std::string fields;
    const auto add = [&](bool set, const char* name) {
      if (!set) return;
      fields += fields.empty() ? '.' : ',';
      fields += name;
    };
    add(proj->weight_scale.has_value(), "weight_scale");
    add(proj->delay_ms.has_value(), "delay_ms");
    add(proj->receptor.has_value() || proj->receptor_by_sign, "receptor");
    add(proj->enabled.has_value(), "enabled");
    add(proj->same_step.has_value(), "same_step");
    what = shown(net, Element::Projection, proj->projection) + fields;
  } else if (const auto* stim = std::get_if<SetStimulus>(&command)) what = shown(net, Element::Stimulus, stim->stimulus);
  else if (const auto* grow = std::get_if<AddNeurons>(&command)) what = shown(net, Element::Population, grow->population);
  else if (const auto* add = std::get_if<AddPopulation>(&command)) what = add->spec.name;
  else if (const auto* add_proj = std::get_if<AddProjection>(&command)) what = add_proj->spec.name.empty() ? add_proj->spec.pre + "->" + add_proj->spec.post : add_proj->spec.name;
  else if (const auto* add_stim = std::get_if<AddStimulus>(&command)) what = add_stim->spec.name.empty() ? "on " + add_stim->spec.population : add_stim->spec.name;
  else if (const auto* remove = std::get_if<RemoveElement>(&command)) what = std::string(element_name(remove->kind)) + " " + shown(net, remove->kind, remove->index);
  else if (const auto* rename = std::get_if<RenameElement>(&command)) what = shown(net, rename->kind, rename->index) + " -> " + rename->name;
  else if (const auto* dup = std::get_if<DuplicateElement>(&command)) what = shown(net, dup->kind, dup->index) + " as " + dup->name;
  else if (const auto* change = std::get_if<ChangePopulation>(&command))
    what = shown(net, Element::Population, change->population) + " to " + change->spec.model + " x" + std::to_string(change->spec.size);
  else if (const auto* rebuilt = std::get_if<ChangeProjection>(&command))
    what = shown(net, Element::Projection, rebuilt->projection) +
           (rebuilt->spec.plasticity ? " learning by " + rebuilt->spec.plasticity->rule : std::string(" static"));
  return std::string(command_name(command)) + (what.empty() ? "" : " " + what);
}

void Session::apply_history(CommandId id, bool redo) {
  const char* name = redo ? "RedoEdit" : "UndoEdit";
  std::vector<Edit>& from = redo ? redo_ : undo_;
  std::vector<Edit>& to = redo ? undo_ : redo_;
  if (from.empty()) {
    record_verdict(id, name, redo ? "nothing to redo" : "nothing to undo");
    return;
  }
  Edit edit = from.back();
  if (!redo && !edit.cannot_undo.empty()) {
    record_verdict(id, name, edit.label + " cannot be undone: " + edit.cannot_undo);
    return;
  }
  // Redo computes the inverse again, from the state it meets now.
  std::vector<Command> commands = redo ? std::vector<Command>{edit.command} : edit.inverse;
  Edit next = edit;
  if (redo) next.inverse = inverse_of(edit.command, next.cannot_undo);
  if (!commands.empty())
    if (std::string why = network_->check(commands.front()); !why.empty()) {
      // Nothing changed: the edit stays where it is.
      record_verdict(id, name, edit.label + ": " + why);
      return;
    }
  from.pop_back();
  std::string failed;
  for (const Command& c : commands) {
    PendingRecord pending = prepare_record(c);
    if (std::string why = network_->apply_now(c); !why.empty()) {
      // Only a later command of an inverse can fail here (a removed population's projection
      // whose other population has gone since): what applied stays, the rest is reported.
      failed = edit.label + ": " + why;
      break;
    }
    if (std::holds_alternative<RenameElement>(c)) timeline_ = network_->spec().timeline;
    if (history_ != nullptr) history_->command_applied(c);  // a rewind re-applies what undo did
    keep_recorded(std::move(pending));
  }
  if (failed.empty()) to.push_back(std::move(next));
  record_verdict(id, name, std::move(failed));
}

}  // namespace neurosim
