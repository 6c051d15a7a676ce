// Timeline entries <-> commands (see timeline.hpp).
#include "neurosim/timeline.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>

#include "neurosim/params.hpp"

namespace neurosim {

namespace {

struct Token {
  std::string key;          // a name (or "" for an index)
  long long index = -1;     // [i]
};

// "projections.ie.weight_scale" / "populations[0].params.V_th" -> tokens; nullopt on bad syntax.
std::optional<std::vector<Token>> split_path(const std::string& path) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return std::nullopt;
      const std::string digits = path.substr(i + 1, close - i - 1);
      if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) return std::nullopt;
      out.push_back({"", std::stoll(digits)});
      i = close + 1;
    } else {
      const std::size_t end = path.find_first_of(".[", i);
      const std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
      if (key.empty()) return std::nullopt;
      out.push_back({key, -1});
      i = end == std::string::npos ? path.size() : end;
    }
    if (i < path.size() && path[i] == '.') {
      ++i;
      if (i == path.size()) return std::nullopt;
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// The value as a number: JSON number text, or "inf" where `allow_inf` (a stimulus's stop_ms).
std::optional<double> number_of(const std::string& text, bool allow_inf = false) {
  if (allow_inf && (text == "inf" || text == "\"inf\"")) return std::numeric_limits<double>::infinity();
  if (text.empty() || text.find_first_of("0123456789") == std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string unquoted(const std::string& text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return text.substr(1, text.size() - 2);
  return text;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// Index of the entry a token names (by name or [i]) in a list of n, or a message.
template <class List>
int resolve(const List& list, const Token& t, const char* what, const char* list_name, std::string& error) {
  if (t.index >= 0) {
    if (t.index < static_cast<long long>(list.size())) return static_cast<int>(t.index);
    error = std::string(list_name) + "[" + std::to_string(t.index) + "] does not exist (" + std::to_string(list.size()) + " " + list_name + ")";
    return -1;
  }
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].name == t.key) return static_cast<int>(i);
  error = std::string("unknown ") + what + " " + quoted(t.key);
  return -1;
}

constexpr const char* kLivePaths =
    "a timeline sets populations.P.params.NAME, projections.P.weight_scale, .delay_ms, .receptor, .enabled, .same_step, "
    "projections.P.plasticity.params.NAME and stimuli.S.amplitude, .noise_sd, .start_ms, .stop_ms";

// The name an element is known by ("" when there is none at that place).
std::string element_name_in(const ScenarioSpec& spec, Element kind, int i) {
  if (i < 0) return {};
  const auto k = static_cast<std::size_t>(i);
  switch (kind) {
    case Element::Population: return k < spec.populations.size() ? spec.populations[k].name : std::string();
    case Element::Projection:
      if (k >= spec.projections.size()) return {};
      return spec.projections[k].name.empty() ? spec.projections[k].pre + "->" + spec.projections[k].post : spec.projections[k].name;
    case Element::Stimulus:
      if (k >= spec.stimuli.size()) return {};
      return spec.stimuli[k].name.empty() ? "stimulus " + std::to_string(k) : spec.stimuli[k].name;
  }
  return {};
}

}  // namespace

int element_index(const ScenarioSpec& spec, Element kind, const std::string& name) {
  switch (kind) {
    case Element::Population: return spec.population_index(name);
    case Element::Projection:
      for (std::size_t j = 0; j < spec.projections.size(); ++j) {
        const ProjectionSpec& p = spec.projections[j];
        if ((p.name.empty() ? p.pre + "->" + p.post : p.name) == name) return static_cast<int>(j);
      }
      return -1;
    case Element::Stimulus:
      for (std::size_t k = 0; k < spec.stimuli.size(); ++k) {
        const StimulusSpec& s = spec.stimuli[k];
        if ((s.name.empty() ? "stimulus " + std::to_string(k) : s.name) == name) return static_cast<int>(k);
      }
      return -1;
  }
  return -1;
}

void rename_in_timeline(std::vector<TimelineEntry>& timeline, Element kind, const std::string& from, const std::string& to) {
  const std::string list = kind == Element::Population ? "populations." : kind == Element::Projection ? "projections." : "stimuli.";
  for (TimelineEntry& e : timeline) {
    for (auto& item : e.set) {
      std::string& path = item.first;
      const std::string head = list + from;
      if (path == head || path.rfind(head + ".", 0) == 0) path = list + to + path.substr(head.size());
    }
    if (kind == Element::Population) {
      if (e.population == from) e.population = to;
      if (e.added_projection) {
        if (e.added_projection->pre == from) e.added_projection->pre = to;
        if (e.added_projection->post == from) e.added_projection->post = to;
      }
      if (e.added_stimulus && e.added_stimulus->population == from) e.added_stimulus->population = to;
      // A change names its population by the entry's own name.
      if (e.kind == TimelineEntry::Kind::ChangePopulation && e.added_population && e.added_population->name == from) e.added_population->name = to;
    }
    if (kind == Element::Projection && e.kind == TimelineEntry::Kind::ChangeProjection && e.added_projection) {
      ProjectionSpec& p = *e.added_projection;
      if ((p.name.empty() ? p.pre + "->" + p.post : p.name) == from) p.name = to;
    }
    if ((e.kind == TimelineEntry::Kind::Remove || e.kind == TimelineEntry::Kind::Rename) && e.target_kind == kind && e.target == from) e.target = to;
  }
}

std::int64_t timeline_step(double t_ms, double dt_ms) {
  if (!(dt_ms > 0) || !std::isfinite(t_ms) || t_ms <= 0) return 0;
  const double steps = std::round(t_ms / dt_ms);
  return steps > 9.0e18 ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(steps);
}

const char* timeline_kind_name(TimelineEntry::Kind kind) {
  switch (kind) {
    case TimelineEntry::Kind::Set: return "set";
    case TimelineEntry::Kind::Note: return "note";
    case TimelineEntry::Kind::AddNeurons: return "add_neurons";
    case TimelineEntry::Kind::AddPopulation: return "add_population";
    case TimelineEntry::Kind::AddProjection: return "add_projection";
    case TimelineEntry::Kind::AddStimulus: return "add_stimulus";
    case TimelineEntry::Kind::Remove: return "remove";
    case TimelineEntry::Kind::Rename: return "rename";
    case TimelineEntry::Kind::ChangePopulation: return "change_population";
    case TimelineEntry::Kind::ChangeProjection: return "change_projection";
  }
  return "note";
}

std::string timeline_entry_text(const TimelineEntry& entry) {
  switch (entry.kind) {
    case TimelineEntry::Kind::Note: return entry.note;
    case TimelineEntry::Kind::AddNeurons: return entry.population + " +" + std::to_string(entry.count);
    case TimelineEntry::Kind::AddPopulation:
      return entry.added_population ? entry.added_population->name + " (" + std::to_string(entry.added_population->size) + " " + entry.added_population->model + ")" : "";
    case TimelineEntry::Kind::AddProjection:
      return entry.added_projection ? (entry.added_projection->name.empty() ? entry.added_projection->pre + "->" + entry.added_projection->post
                                                                            : entry.added_projection->name + " (" + entry.added_projection->pre + "->" + entry.added_projection->post + ")")
                                    : "";
    case TimelineEntry::Kind::AddStimulus:
      return entry.added_stimulus ? (entry.added_stimulus->name.empty() ? "stimulus" : entry.added_stimulus->name) + " -> " + entry.added_stimulus->population : "";
    case TimelineEntry::Kind::Remove:
      return std::string(element_name(entry.target_kind)) + " " + entry.target + (entry.with_connections ? " with its connections" : "");
    case TimelineEntry::Kind::Rename: return std::string(element_name(entry.target_kind)) + " " + entry.target + " -> " + entry.new_name;
    case TimelineEntry::Kind::ChangePopulation:
      return entry.added_population ? entry.added_population->name + " to " + std::to_string(entry.added_population->size) + " " + entry.added_population->model : "";
    case TimelineEntry::Kind::ChangeProjection:
      return entry.added_projection ? (entry.added_projection->name.empty() ? entry.added_projection->pre + "->" + entry.added_projection->post : entry.added_projection->name) +
                                          (entry.added_projection->plasticity ? " learning by " + entry.added_projection->plasticity->rule : std::string(" static"))
                                    : "";
    case TimelineEntry::Kind::Set: {
      std::string out;
      for (const auto& [path, value] : entry.set) out += (out.empty() ? "" : "; ") + path + "=" + value;
      return out;
    }
  }
  return {};
}

std::vector<SpecError> timeline_commands(const ScenarioSpec& spec, const TimelineEntry& entry, std::vector<Command>& out) {
  std::vector<SpecError> errors;
  if (entry.kind == TimelineEntry::Kind::Note) return errors;
  if (entry.kind == TimelineEntry::Kind::AddPopulation || entry.kind == TimelineEntry::Kind::AddProjection ||
      entry.kind == TimelineEntry::Kind::AddStimulus) {
    if (entry.added_population) out.push_back(AddPopulation{*entry.added_population, -1});
    else if (entry.added_projection) out.push_back(AddProjection{*entry.added_projection, -1, {}});
    else if (entry.added_stimulus) out.push_back(AddStimulus{*entry.added_stimulus, -1});
    else errors.push_back({"", "nothing to add"});
    return errors;
  }
  if (entry.kind == TimelineEntry::Kind::ChangePopulation || entry.kind == TimelineEntry::Kind::ChangeProjection) {
    // The element the entry names, rebuilt from the entry.
    if (entry.kind == TimelineEntry::Kind::ChangePopulation && entry.added_population) {
      const int i = spec.population_index(entry.added_population->name);
      if (i < 0) errors.push_back({"name", "unknown population " + quoted(entry.added_population->name)});
      else out.push_back(ChangePopulation{i, *entry.added_population, nullptr});
    } else if (entry.kind == TimelineEntry::Kind::ChangeProjection && entry.added_projection) {
      const ProjectionSpec& p = *entry.added_projection;
      const std::string shown = p.name.empty() ? p.pre + "->" + p.post : p.name;
      const int j = element_index(spec, Element::Projection, shown);
      if (j < 0) errors.push_back({p.name.empty() ? "pre" : "name", "unknown projection " + quoted(shown)});
      else out.push_back(ChangeProjection{j, p, nullptr});
    } else {
      errors.push_back({"", "nothing to change"});
    }
    return errors;
  }
  if (entry.kind == TimelineEntry::Kind::Remove || entry.kind == TimelineEntry::Kind::Rename) {
    const int i = element_index(spec, entry.target_kind, entry.target);
    if (i < 0) errors.push_back({"", std::string("unknown ") + element_name(entry.target_kind) + " " + quoted(entry.target)});
    else if (entry.kind == TimelineEntry::Kind::Remove) out.push_back(RemoveElement{entry.target_kind, i, entry.with_connections});
    else out.push_back(RenameElement{entry.target_kind, i, entry.new_name});
    return errors;
  }
  if (entry.kind == TimelineEntry::Kind::AddNeurons) {
    const int p = spec.population_index(entry.population);
    if (p < 0) errors.push_back({"", "unknown population " + quoted(entry.population)});
    else out.push_back(AddNeurons{p, entry.count, false});
    return errors;
  }
  // One command per target, in the order each target first appears.
  std::map<int, SetParams> population_params, plasticity_params;
  std::map<int, SetProjection> projections;
  std::map<int, SetStimulus> stimuli;
  std::vector<std::pair<int, int>> order;  // (kind, index): 0 population, 1 plasticity, 2 projection, 3 stimulus
  const auto note_order = [&order](int kind, int index) {
    for (const auto& o : order)
      if (o.first == kind && o.second == index) return;
    order.emplace_back(kind, index);
  };
  for (const auto& item : entry.set) {
    // Named references, not a structured binding: the lambdas below capture them, and clang 14
    // refuses to capture bindings.
    const std::string& path = item.first;
    const std::string& value = item.second;
    const auto tokens = split_path(path);
    const auto fail = [&errors, &path](std::string message) { errors.push_back({path, std::move(message)}); };
    if (!tokens || tokens->size() < 3 || (*tokens)[0].index >= 0) {
      fail(std::string("not a path a timeline can set (") + kLivePaths + ")");
      continue;
    }
    const std::vector<Token>& t = *tokens;
    const std::string& head = t[0].key;
    std::string error;
    const auto number = [&](bool allow_inf = false) {
      const auto v = number_of(value, allow_inf);
      if (!v) fail("must be a finite number (got " + value + ")");
      return v;
    };
    if (head == "populations") {
      const int p = resolve(spec.populations, t[1], "population", "populations", error);
      if (p < 0) { fail(error); continue; }
      if (t.size() != 4 || t[2].key != "params" || t[3].key.empty()) { fail(std::string("cannot change while the network runs (") + kLivePaths + ")"); continue; }
      const auto v = number();
      if (!v) continue;
      SetParams& c = population_params[p];
      c.target = {ParamTarget::Kind::Population, p};
      c.values.emplace_back(t[3].key, *v);
      note_order(0, p);
    } else if (head == "projections") {
      const int j = resolve(spec.projections, t[1], "projection", "projections", error);
      if (j < 0) { fail(error); continue; }
      if (t.size() == 5 && t[2].key == "plasticity" && t[3].key == "params" && !t[4].key.empty()) {
        if (!spec.projections[static_cast<std::size_t>(j)].plasticity) { fail("projection " + quoted(spec.projections[static_cast<std::size_t>(j)].name) + " has no plasticity"); continue; }
        const auto v = number();
        if (!v) continue;
        SetParams& c = plasticity_params[j];
        c.target = {ParamTarget::Kind::Plasticity, j};
        c.values.emplace_back(t[4].key, *v);
        note_order(1, j);
        continue;
      }
      if (t.size() != 3) { fail(std::string("cannot change while the network runs (") + kLivePaths + ")"); continue; }
      SetProjection& c = projections[j];
      c.projection = j;
      const std::string& field = t[2].key;
      if (field == "weight_scale" || field == "delay_ms") {
        const auto v = number();
        if (!v) continue;
        (field == "weight_scale" ? c.weight_scale : c.delay_ms) = *v;
      } else if (field == "receptor") {
        const std::string r = unquoted(value);
        if (r != "exc" && r != "inh") { fail("must be \"exc\" or \"inh\" (got " + value + ")"); continue; }
        c.receptor = r == "exc" ? Receptor::Excitatory : Receptor::Inhibitory;
      } else if (field == "enabled" || field == "same_step") {
        if (value != "true" && value != "false") { fail("must be true or false (got " + value + ")"); continue; }
        (field == "enabled" ? c.enabled : c.same_step) = value == "true";
      } else {
        fail(std::string("cannot change while the network runs (") + kLivePaths + ")");
        continue;
      }
      note_order(2, j);
    } else if (head == "stimuli") {
      const int k = resolve(spec.stimuli, t[1], "stimulus", "stimuli", error);
      if (k < 0) { fail(error); continue; }
      const std::string& field = t.size() == 3 ? t[2].key : std::string();
      if (field != "amplitude" && field != "noise_sd" && field != "start_ms" && field != "stop_ms") {
        fail(std::string("cannot change while the network runs (") + kLivePaths + ")");
        continue;
      }
      const auto v = number(field == "stop_ms");
      if (!v) continue;
      auto [it, fresh] = stimuli.try_emplace(k);
      SetStimulus& c = it->second;
      if (fresh) {
        const StimulusSpec& s = spec.stimuli[static_cast<std::size_t>(k)];
        c.stimulus = k;
        c.params = StimulusParams{s.amplitude, s.noise_sd, s.start_ms, s.stop_ms};
      }
      (field == "amplitude" ? c.params.amplitude : field == "noise_sd" ? c.params.noise_sd : field == "start_ms" ? c.params.start_ms : c.params.stop_ms) = *v;
      note_order(3, k);
    } else {
      fail(std::string("not a path a timeline can set (") + kLivePaths + ")");
    }
  }
  if (!errors.empty()) return errors;
  for (const auto& [kind, index] : order) {
    switch (kind) {
      case 0: out.emplace_back(population_params[index]); break;
      case 1: out.emplace_back(plasticity_params[index]); break;
      case 2: out.emplace_back(projections[index]); break;
      default: out.emplace_back(stimuli[index]); break;
    }
  }
  return errors;
}

std::vector<TimelineEntry> timeline_entries_for(const ScenarioSpec& spec, const Command& command, double t_ms) {
  std::vector<TimelineEntry> out;
  TimelineEntry e;
  e.t_ms = t_ms;
  e.kind = TimelineEntry::Kind::Set;
  const auto name_of = [](const auto& list, int i, const char* list_name) {
    const std::string& n = list[static_cast<std::size_t>(i)].name;
    // A name when it is one a path can carry; else the index.
    if (!n.empty() && n.find_first_of(".[]") == std::string::npos) return std::string(list_name) + "." + n;
    return std::string(list_name) + "[" + std::to_string(i) + "]";
  };
  const auto valid = [](int i, std::size_t n) { return i >= 0 && static_cast<std::size_t>(i) < n; };
  if (const auto* one = std::get_if<SetParam>(&command)) {
    if (!valid(one->population, spec.populations.size())) return out;
    e.set.emplace_back(name_of(spec.populations, one->population, "populations") + ".params." + one->param, format_number(one->value));
  } else if (const auto* many = std::get_if<SetParams>(&command)) {
    const bool pop = many->target.kind == ParamTarget::Kind::Population;
    if (!valid(many->target.index, pop ? spec.populations.size() : spec.projections.size())) return out;
    const std::string base = pop ? name_of(spec.populations, many->target.index, "populations") + ".params."
                                 : name_of(spec.projections, many->target.index, "projections") + ".plasticity.params.";
    for (const auto& [name, value] : many->values) e.set.emplace_back(base + name, format_number(value));
  } else if (const auto* rule = std::get_if<SetPlasticityParam>(&command)) {
    if (!valid(rule->projection, spec.projections.size())) return out;
    e.set.emplace_back(name_of(spec.projections, rule->projection, "projections") + ".plasticity.params." + rule->param, format_number(rule->value));
  } else if (const auto* proj = std::get_if<SetProjection>(&command)) {
    if (!valid(proj->projection, spec.projections.size())) return out;
    const std::string base = name_of(spec.projections, proj->projection, "projections") + ".";
    if (proj->weight_scale) e.set.emplace_back(base + "weight_scale", format_number(*proj->weight_scale));
    if (proj->delay_ms) e.set.emplace_back(base + "delay_ms", format_number(*proj->delay_ms));
    if (proj->receptor) e.set.emplace_back(base + "receptor", *proj->receptor == Receptor::Excitatory ? "exc" : "inh");
    if (proj->enabled) e.set.emplace_back(base + "enabled", *proj->enabled ? "true" : "false");
    if (proj->same_step) e.set.emplace_back(base + "same_step", *proj->same_step ? "true" : "false");
  } else if (const auto* stim = std::get_if<SetStimulus>(&command)) {
    if (!valid(stim->stimulus, spec.stimuli.size())) return out;
    const std::string base = name_of(spec.stimuli, stim->stimulus, "stimuli") + ".";
    e.set.emplace_back(base + "amplitude", format_number(stim->params.amplitude));
    e.set.emplace_back(base + "noise_sd", format_number(stim->params.noise_sd));
    e.set.emplace_back(base + "start_ms", format_number(stim->params.start_ms));
    e.set.emplace_back(base + "stop_ms", format_number(stim->params.stop_ms));
  } else if (const auto* add = std::get_if<AddPopulation>(&command)) {
    e.kind = TimelineEntry::Kind::AddPopulation;
    e.added_population = add->spec;
  } else if (const auto* add_projection = std::get_if<AddProjection>(&command)) {
    e.kind = TimelineEntry::Kind::AddProjection;
    e.added_projection = add_projection->spec;
  } else if (const auto* add_stimulus = std::get_if<AddStimulus>(&command)) {
    e.kind = TimelineEntry::Kind::AddStimulus;
    e.added_stimulus = add_stimulus->spec;
  } else if (const auto* dup = std::get_if<DuplicateElement>(&command)) {
    // The copy as an addition of its scenario entry under the new name.
    const std::size_t i = static_cast<std::size_t>(dup->index);
    if (dup->kind == Element::Population && valid(dup->index, spec.populations.size())) {
      e.kind = TimelineEntry::Kind::AddPopulation;
      e.added_population = spec.populations[i];
      e.added_population->name = dup->name;
    } else if (dup->kind == Element::Projection && valid(dup->index, spec.projections.size())) {
      e.kind = TimelineEntry::Kind::AddProjection;
      e.added_projection = spec.projections[i];
      e.added_projection->name = dup->name;
    } else if (dup->kind == Element::Stimulus && valid(dup->index, spec.stimuli.size())) {
      e.kind = TimelineEntry::Kind::AddStimulus;
      e.added_stimulus = spec.stimuli[i];
      e.added_stimulus->name = dup->name;
    } else {
      return out;
    }
  } else if (const auto* change = std::get_if<ChangePopulation>(&command)) {
    if (!valid(change->population, spec.populations.size())) return out;
    e.kind = TimelineEntry::Kind::ChangePopulation;
    e.added_population = change->spec;
  } else if (const auto* rebuilt = std::get_if<ChangeProjection>(&command)) {
    if (!valid(rebuilt->projection, spec.projections.size())) return out;
    e.kind = TimelineEntry::Kind::ChangeProjection;
    e.added_projection = rebuilt->spec;
  } else if (const auto* remove = std::get_if<RemoveElement>(&command)) {
    const std::string name = element_name_in(spec, remove->kind, remove->index);
    if (name.empty()) return out;
    e.kind = TimelineEntry::Kind::Remove;
    e.target_kind = remove->kind;
    e.target = name;
    e.with_connections = remove->with_connections;
  } else if (const auto* rename = std::get_if<RenameElement>(&command)) {
    const std::string name = element_name_in(spec, rename->kind, rename->index);
    if (name.empty()) return out;
    e.kind = TimelineEntry::Kind::Rename;
    e.target_kind = rename->kind;
    e.target = name;
    e.new_name = rename->name;
  } else if (const auto* grow = std::get_if<AddNeurons>(&command)) {
    if (grow->from_schedule || !valid(grow->population, spec.populations.size())) return out;
    e.kind = TimelineEntry::Kind::AddNeurons;
    e.population = spec.populations[static_cast<std::size_t>(grow->population)].name;
    e.count = grow->count;
  } else {
    return out;
  }
  if (e.kind == TimelineEntry::Kind::Set && e.set.empty()) return out;
  out.push_back(std::move(e));
  return out;
}

ScenarioSpec scenario_to_save(const ScenarioSpec& now, std::size_t applied) {
  ScenarioSpec out = now;
  out.timeline.clear();
  for (std::size_t i = 0; i < now.timeline.size(); ++i) {
    const TimelineEntry& e = now.timeline[i];
    if (i < applied && e.kind != TimelineEntry::Kind::Note) continue;
    out.timeline.push_back(e);
  }
  return out;
}

}  // namespace neurosim
