// `neurosim run SCENARIO [--duration MS] [--seed N] [--out DIR] [--set PATH=VALUE ...]`:
// load, override, build, step, write the result files.
//
// The run goes through a neurosim::Session, as the window does: the Session steps the network,
// or the scenario's experiment while its schedule runs. Spikes stream to spikes.csv as they
// happen (the network keeps only a live ring, drained every step), so memory stays flat however
// long the run. A scenario with an "experiment" runs its schedule to the end: the schedule sets
// the simulated time, so --duration is refused for it (change experiment.epochs or
// experiment.epoch_ms with --set).
#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <iostream>
#include <map>
#include <memory>
#include <system_error>

#include "cli/commands.hpp"
#include "results/exports.hpp"
#include "cli/gradient_run.hpp"
#include "cli/report.hpp"
#include "results/results_writer.hpp"
#include "results/spike_output.hpp"
#include "cli/state_files.hpp"
#include "results/timeline_events_writer.hpp"
#include "results/traces_writer.hpp"
#include "neurosim/experiment.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/scenario_json.hpp"
#include "neurosim/network.hpp"
#include "neurosim/params.hpp"
#include "neurosim/reward_task.hpp"
#include "neurosim/session.hpp"
#include "version.hpp"

namespace neurosim::cli {
namespace {

using Clock = std::chrono::steady_clock;

// weights.csv is written by default up to this many synapses (about 200 MB of text); --weights
// writes it for larger networks too.
constexpr std::uint64_t kMaxDefaultWeightRows = 5'000'000;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
// CPU time of this process: on a shared machine the honest measure of a phase's cost.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// "--set PATH=VALUE" applied in order; false (and a message) on the first that fails.
bool apply_overrides(ScenarioSpec& spec, const std::vector<std::string>& overrides) {
  for (const std::string& o : overrides) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "error: --set expects PATH=VALUE, e.g. --set populations.exc.params.tau_m=15 (got \"" << o << "\")\n";
      return false;
    }
    const std::string reason = io::apply_override(spec, std::string_view(o).substr(0, eq), std::string_view(o).substr(eq + 1));
    if (!reason.empty()) {
      std::cerr << "error: --set " << o << ": " << reason << '\n';
      return false;
    }
  }
  return true;
}

// Progress on stderr every ~2 s of wall time; short runs print nothing.
class Progress {
 public:
  Progress(std::int64_t total_steps, double dt_ms) : total_(total_steps), dt_(dt_ms), start_(Clock::now()), last_(start_) {}
  // True when a line is due (the caller then prints with print() or print_experiment()).
  bool due() {
    const auto now = Clock::now();
    if (now - last_ < std::chrono::seconds(2)) return false;
    last_ = now;
    return true;
  }
  void print(std::int64_t step) const {
    std::fprintf(stderr, "neurosim: %3.0f%%  %.0f of %.0f ms simulated  %.2fx real time\n", percent(step), sim_ms(step),
                 static_cast<double>(total_) * dt_, real_time(step));
  }
  void print_experiment(std::int64_t step, const Experiment& x) {
    const PhaseMetrics now = x.current();
    if (x.classification()) {
      // Images scored so far in this phase, their rate over the last interval, and the running accuracy.
      const auto now_time = Clock::now();
      const double since = std::chrono::duration<double>(now_time - last_images_time_).count();
      const std::uint64_t images = x.phase() == ExperimentPhase::Test ? x.test_result().images : now.windows;
      const std::uint64_t correct = x.phase() == ExperimentPhase::Test ? x.test_result().correct : now.correct;
      const double per_s = since > 0 && images >= last_images_ ? static_cast<double>(images - last_images_) / since : 0.0;
      last_images_ = images;
      last_images_time_ = now_time;
      std::fprintf(stderr, "neurosim: %3.0f%%  %s  %llu images, %.1f images/s, running accuracy %.3f (%llu/%llu)  %.2fx real time\n",
                   100.0 * x.progress(),
                   x.phase() == ExperimentPhase::Test ? "test (learning frozen)"
                   : (std::string("epoch ") + std::to_string(x.epoch() + 1) + "/" + std::to_string(x.spec().epochs) +
                      (x.labelling() ? " labelling (learning frozen)" : x.phase() == ExperimentPhase::Evaluation ? " evaluation" : " training")).c_str(),
                   static_cast<unsigned long long>(images), per_s, images ? static_cast<double>(correct) / static_cast<double>(images) : 0.0,
                   static_cast<unsigned long long>(correct), static_cast<unsigned long long>(images), real_time(step));
      return;
    }
    std::fprintf(stderr, "neurosim: %3.0f%%  epoch %d/%d %s  accuracy so far %.3f", 100.0 * x.progress(), x.epoch() + 1,
                 x.spec().epochs, x.phase() == ExperimentPhase::Evaluation ? "evaluation" : "training", now.accuracy);
    if (x.classification())
      std::fprintf(stderr, " (%llu/%llu windows)", static_cast<unsigned long long>(now.correct), static_cast<unsigned long long>(now.windows));
    if (!now.patterns.empty()) std::fprintf(stderr, " (hit rate %.3f, latency %.1f ms)", now.patterns[0].hit_rate, now.patterns[0].mean_latency_ms);
    std::fprintf(stderr, "  %.2fx real time\n", real_time(step));
  }

 private:
  double percent(std::int64_t step) const { return 100.0 * static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(total_, 1)); }
  double sim_ms(std::int64_t step) const { return static_cast<double>(step) * dt_; }
  double real_time(std::int64_t step) const {
    const double wall = std::chrono::duration<double>(Clock::now() - start_).count();
    return wall > 0 ? sim_ms(step) / 1000.0 / wall : 0.0;
  }
  std::int64_t total_;
  double dt_;
  Clock::time_point start_, last_;
  Clock::time_point last_images_time_ = Clock::now();
  std::uint64_t last_images_ = 0;
};

// Spike counts of every population so far.
std::vector<std::uint64_t> spike_totals(const Network& net) {
  std::vector<std::uint64_t> t;
  for (int p = 0; p < net.population_count(); ++p) t.push_back(net.total_spikes(p));
  return t;
}

// Labels outside 0-9: "" or the first offender, named by `file`.
std::string check_digit_labels(const ImageSet& set, const std::string& file) {
  for (std::size_t i = 0; i < set.labels.size(); ++i)
    if (set.labels[i] > 9)
      return file + ": label " + std::to_string(set.labels[i]) + " of image " + std::to_string(i) + " is outside 0-9";
  return {};
}

// The test set for a classification task (null for other scenarios, or when the training images
// are not 28 x 28 and no test set was given). Returns "" or the reason to stop, naming the file.
std::string choose_test_set(const ScenarioSpec& spec, const RunOptions& options, std::shared_ptr<const ImageSet>& out) {
  const bool flags = !options.test_images.empty() || !options.test_labels.empty();
  const bool classification = spec.experiment && spec.experiment->task == "classification";
  if (flags && !classification)
    return "--test-images/--test-labels: " + options.scenario + " has no classification task (an experiment with \"task\": \"classification\")";
  if (!classification) return {};
  if (flags && options.test_images.empty()) return "--test-labels needs --test-images";
  if (flags && options.test_labels.empty()) return "--test-images needs --test-labels (a test set is scored against its labels)";
  const int in = spec.population_index(spec.experiment->input);
  const PopulationSpec* input = in >= 0 ? &spec.populations[static_cast<std::size_t>(in)] : nullptr;
  const ImageSet* train = input && input->input ? input->input->images.get() : nullptr;
  if (!train) return {};  // the built-in synthetic digits: the scenario check speaks for them
  const std::string train_name = options.images.empty() ? train->source : options.images;
  const std::string train_labels = !options.labels.empty() ? options.labels : (input->input->labels.empty() ? train->source : input->input->resolved_labels());
  if (const std::string e = check_digit_labels(*train, train_labels); !e.empty()) return e;
  io::ImagesResult loaded;
  if (flags) {
    loaded = io::load_idx_images(options.test_images, options.test_labels);
  } else {
    if (train->rows != 28 || train->cols != 28) return {};  // no default test set fits
    loaded = io::load_shipped_digits(true);
  }
  if (!loaded.error.empty()) return loaded.error;
  const std::string test_name = flags ? options.test_images : loaded.images->source;
  if (loaded.images->rows != train->rows || loaded.images->cols != train->cols)
    return test_name + ": the test images are " + std::to_string(loaded.images->rows) + " x " + std::to_string(loaded.images->cols) +
           ", but the training images (" + train_name + ") are " + std::to_string(train->rows) + " x " + std::to_string(train->cols);
  if (loaded.images->labels.empty()) return test_name + ": the test set has no labels";
  if (const std::string e = check_digit_labels(*loaded.images, flags ? options.test_labels : test_name); !e.empty()) return e;
  out = std::move(loaded.images);
  return {};
}

}  // namespace

int run_command(const RunOptions& options) {
  // [0] Gradient-training presets (assets/gradient) have their own runner: cli/gradient_run.cpp.
  if (is_gradient_training(options.scenario)) return run_gradient(options);
  try {
    // [1] Scenario, then the command line's changes to it. With --input/--images the scenario's
    // own data files are not read: the given files replace them.
    const bool input_files = !options.input.empty() || !options.images.empty() || !options.labels.empty();
    io::LoadOptions load_options;
    load_options.read_inputs = !input_files;
    io::LoadResult loaded = io::load_scenario(options.scenario, load_options);
    if (!loaded.errors.empty()) {
      print_errors(options.scenario, loaded.errors);
      return kExitBadInput;
    }
    ScenarioSpec spec = std::move(*loaded.spec);
    if (!apply_overrides(spec, options.overrides)) return kExitBadInput;
    if (!options.input.empty())
      if (const std::string e = io::set_input_file(spec, options.input); !e.empty()) {
        std::cerr << "error: " << e << '\n';
        return kExitBadInput;
      }
    if (!options.images.empty() || !options.labels.empty()) {
      const std::string e = options.images.empty() ? "--labels needs --images" : io::set_image_files(spec, options.images, options.labels);
      if (!e.empty()) {
        std::cerr << "error: " << e << '\n';
        return kExitBadInput;
      }
    }
    // Every input that names a file and holds no data yet (--input, --images, a --set path).
    if (const auto errors = io::load_inputs(spec); !errors.empty()) {
      print_errors(options.scenario, errors);
      return kExitBadInput;
    }
    // The test set of a classification task: --test-images/--test-labels, else the shipped
    // digits-test when the training images are 28 x 28 digits.
    std::shared_ptr<const ImageSet> test_set;
    if (const std::string e = choose_test_set(spec, options, test_set); !e.empty()) {
      std::cerr << "error: " << e << '\n';
      return kExitBadInput;
    }
    // With a state file, --duration is the length of this part of the schedule.
    const bool state_files = !options.save_state.empty() || !options.load_state.empty();
    if (options.duration_ms && spec.experiment && !state_files) {
      std::cerr << "error: --duration does not apply to " << options.scenario
                << ": its experiment's schedule sets the simulated time (epochs x (epoch_ms + evaluation_ms)); "
                   "change it with --set experiment.epochs=N or --set experiment.epoch_ms=MS\n";
      return kExitBadInput;
    }
    if (options.duration_ms) spec.duration_ms = *options.duration_ms;
    if (!options.record.empty())
      if (const std::string e = set_recorded_populations(spec, options.record); !e.empty()) {
        std::cerr << "error: " << e << '\n';
        return kExitBadInput;
      }
    const SpikeFormat spike_format = parse_spike_format(options.spikes_format).value_or(SpikeFormat::Csv);
    if (options.seed) spec.seed = *options.seed;

    // [2] Build (which checks the scenario again, with the changes). Spikes go through a live
    // ring that is drained every step: it must hold one step's spikes, which is at most one per
    // neuron (pattern sources may repeat an afferent within a step, hence the margin).
    const double dt = spec.dt_ms;
    std::int64_t total = 0;  // steps (for an experiment: the whole schedule, without early stopping)
    if (spec.experiment) {
      const auto steps = [dt](double ms) { return std::max<std::int64_t>(1, std::llround(ms / dt)); };
      const ExperimentSpec& x = *spec.experiment;
      // An epoch of 0 ms is one pass over the training images.
      std::int64_t epoch_steps = steps(x.epoch_ms);
      const int in = spec.population_index(x.input);
      const auto window_steps = [&]() -> std::int64_t {
        if (in < 0) return 1;
        const auto& params = spec.populations[static_cast<std::size_t>(in)].params;
        const auto get = [&](const char* name, double fallback) { const auto it = params.find(name); return it == params.end() ? fallback : it->second.a; };
        return std::max<std::int64_t>(1, std::llround(get("present_ms", 350.0) / dt)) + std::max<std::int64_t>(0, std::llround(get("rest_ms", 150.0) / dt));
      };
      if (x.task == "classification" && x.epoch_ms == 0.0 && in >= 0) {
        const auto& input = spec.populations[static_cast<std::size_t>(in)].input;
        const int count = input && input->images ? input->images->count : 10;
        epoch_steps = count * window_steps();
      }
      total = static_cast<std::int64_t>(std::max(x.epochs, 0)) * (epoch_steps + (x.evaluation_ms > 0 ? steps(x.evaluation_ms) : 0));
      if (test_set) total += static_cast<std::int64_t>(test_set->count) * window_steps();
    } else if (std::isfinite(spec.duration_ms) && dt > 0) {
      total = static_cast<std::int64_t>(std::llround(spec.duration_ms / dt));
    }
    std::size_t neurons = 0;
    for (const PopulationSpec& p : spec.populations) neurons += static_cast<std::size_t>(std::max(p.size, 0));
    BuildOptions build_options;
    build_options.record = RecordMode::Live;
    // A power of two: the ring's slot is then a mask, not a division per spike.
    build_options.spike_ring_capacity = std::bit_ceil(std::max<std::size_t>(std::size_t{1} << 16, 4 * neurons));
    // Trace samples stream to disk (TraceStreamWriter): the network keeps a ring of them.
    build_options.trace_capacity_samples = kTraceRingSamples;
    build_options.threads = options.threads;  // results are the same for any count
    const auto build_start = Clock::now();
    BuildResult built = build_network(spec, build_options);
    if (!built.errors.empty()) {
      print_errors(options.scenario, built.errors);
      return kExitBadInput;
    }
    // The Session starts the scenario's experiment (with the test set) when it has one; then
    // --load-state: the run carries on from the saved step.
    Session session(std::move(built.network), SessionOptions{test_set});
    const Network& net = session.network();
    if (const std::string e = load_run_state(options.load_state, spec, session); !e.empty()) {
      std::cerr << "error: " << e << '\n';
      return kExitBadInput;
    }
    const std::int64_t first_step = net.step_index();
    const std::int64_t stop_step = options.duration_ms ? first_step + std::llround(*options.duration_ms / dt) : INT64_MAX;
    if (!spec.experiment) total += first_step;
    RunSummary summary;
    summary.version = kVersion;
    summary.started_utc = utc_now();
    summary.build_time_s = seconds_since(build_start);

    // Results never replace older ones unless asked: a DIR that holds results gives way to
    // DIR-2, DIR-3, ... (--overwrite writes into DIR).
    const io::Replace replace = options.overwrite ? io::Replace::Allowed : io::Replace::Never;
    const std::filesystem::path dir = io::free_directory(options.out_dir, result_file_names(), replace);
    if (dir != std::filesystem::path(options.out_dir))
      std::cerr << "note: " << options.out_dir << " already holds results; writing to " << dir.string() << " (--overwrite replaces them)\n";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
      std::cerr << "error: cannot create output directory " << dir.string() << (ec ? ": " + ec.message() : ": a file is in the way") << '\n';
      return kExitBadInput;
    }
    const std::unique_ptr<SpikeOutput> spikes_out = SpikeOutput::open(spike_format, dir, net, spec.monitors.spikes, replace);
    // Without a timeline the structure stays as built: several threads that step the network
    // make the spike rows as they go, where the output format can (spikes.csv), and the spike
    // ring need not hold a batch's spikes. One thread writes them from the ring after each batch
    // (the listener's calls at every step cost song2000-stdp's million steps 4 %).
    SpikeListener* const spike_rows = spec.timeline.empty() && net.threads() > 1 ? spikes_out->listener(net) : nullptr;
    session.set_spike_listener(spike_rows);
    struct ListenerRelease {
      Session& session;
      ~ListenerRelease() { session.set_spike_listener(nullptr); }
    } listener_release{session};
    TraceStreamWriter traces(dir, net, replace);
    if (total > net.step_index() && total != INT64_MAX) traces.expect(static_cast<std::uint64_t>(total - net.step_index()));
    Progress progress(total, dt);

    // [3] Step. A plain run closes a metrics window every report interval; an experiment keeps
    // the spike counts at the end of each phase.
    std::vector<MetricsWindow> windows;
    const Experiment* experiment = session.experiment();
    PhaseSpikeTotals phase_totals;
    // Phases that ended before a loaded state are not reported again.
    if (experiment) phase_totals.assign(experiment->history().size(), spike_totals(net));
    // A timeline entry the network refuses is said on stderr as it happens (and kept in
    // timeline_events.csv); the run goes on, as it would in the window.
    std::size_t timeline_seen = 0;
    const auto report_timeline = [&session, &timeline_seen] {
      const std::vector<TimelineEvent>& events = session.timeline_events();
      for (; timeline_seen < events.size(); ++timeline_seen) {
        const TimelineEvent& e = events[timeline_seen];
        if (!e.applied) std::cerr << "neurosim: timeline[" << e.index << "] at " << format_number(e.t_ms) << " ms refused: " << e.reason << '\n';
      }
    };
    const auto run_start = Clock::now();
    if (experiment) {
      auto phase_start = Clock::now();
      double phase_cpu = cpu_seconds();
      bool test_reported = false;
      while (session.experiment_running() && net.step_index() < stop_step) {
        session.advance(1);
        report_timeline();
        spikes_out->drain(net);
        traces.drain(net);
        if (experiment->history().size() != phase_totals.size()) {
          phase_totals.push_back(spike_totals(net));
          // A line per finished phase: wall time and the phase's score.
          const PhaseMetrics& m = experiment->history().back();
          const double cpu = cpu_seconds();
          std::fprintf(stderr, "neurosim: epoch %d %s done in %.1f s wall time, %.1f s CPU: accuracy %.4f", m.epoch + 1,
                       m.phase == ExperimentPhase::Evaluation ? "evaluation" : "training", seconds_since(phase_start), cpu - phase_cpu,
                       m.accuracy);
          phase_cpu = cpu;
          if (experiment->classification())
            std::fprintf(stderr, " (%llu/%llu images)", static_cast<unsigned long long>(m.correct), static_cast<unsigned long long>(m.windows));
          std::fprintf(stderr, "\n");
          phase_start = Clock::now();
        }
        if (!test_reported && experiment->test_result().done) {
          const TestResult& t = experiment->test_result();
          std::fprintf(stderr, "neurosim: test done in %.1f s wall time, %.1f s CPU: accuracy %.4f (%llu/%llu images)\n",
                       seconds_since(phase_start), cpu_seconds() - phase_cpu, t.accuracy, static_cast<unsigned long long>(t.correct), static_cast<unsigned long long>(t.images));
          test_reported = true;
        }
        if ((net.step_index() & 255) == 0 && progress.due()) progress.print_experiment(net.step_index(), *experiment);
      }
    } else {
      const std::int64_t window = std::max<std::int64_t>(1, std::llround(spec.monitors.report_interval_ms / dt));
      windows.reserve(static_cast<std::size_t>(total / window + 1));
      // Spike totals at the window's start, by Network::population_id: a timeline may add,
      // remove or change populations while it runs, and each keeps its own count. A population
      // removed during a window counts in it with what it had when last seen.
      const bool structure_may_change = std::any_of(spec.timeline.begin(), spec.timeline.end(), [](const TimelineEntry& e) {
        return e.kind != TimelineEntry::Kind::Set && e.kind != TimelineEntry::Kind::Note && e.kind != TimelineEntry::Kind::AddNeurons;
      });
      struct Seen {
        std::uint64_t at_start = 0, total = 0;
        std::string name;
        int size = 0;
        std::int64_t last_step = -1;
      };
      std::map<std::uint64_t, Seen> seen;
      const auto look = [&] {
        for (int p = 0; p < net.population_count(); ++p) {
          Seen& x = seen[net.population_id(p)];
          x.total = net.total_spikes(p);
          x.name = net.population(p).name();
          x.size = net.population(p).size();
          x.last_step = net.step_index();
        }
      };
      look();
      for (auto& [id, x] : seen) x.at_start = x.total;
      std::vector<std::uint64_t> before = spike_totals(net);
      std::int64_t window_start = first_step;
      // Without a timeline the network is stepped a batch of steps per call, and its spikes and
      // samples are moved out after each batch: as many steps as the spike ring holds at one
      // spike per neuron and step (unless the threads make the rows: spike_rows), at most half
      // a trace ring and 64 steps, never past the end
      // of a metrics window. The results are those of single steps; the session's and the
      // writers' bookkeeping per call was about 2 % of cuba's run. A timeline may change the
      // network at any step (and its refusals are reported as they happen): one step per call.
      const std::int64_t ring_steps =
          spike_rows ? INT64_MAX : static_cast<std::int64_t>(build_options.spike_ring_capacity / std::max<std::size_t>(neurons, 1));
      const std::int64_t batch = spec.timeline.empty()
                                     ? std::clamp<std::int64_t>(std::min<std::int64_t>(ring_steps, kTraceRingSamples / 2), 1, 64)
                                     : 1;
      std::int64_t next_progress = net.step_index() + 256;
      while (net.step_index() < total) {
        session.advance(std::min(batch, std::min(total, window_start + window) - net.step_index()));
        report_timeline();
        spikes_out->drain(net);
        traces.drain(net, structure_may_change);  // a removed population's probes take their rings with them
        if (structure_may_change) look();
        const std::int64_t window_end = std::min(total, window_start + window);
        if (net.step_index() == window_end) {
          MetricsWindow w{window_end, window_end - window_start, {}};
          if (structure_may_change) {
            for (auto& [id, x] : seen) {
              if (x.last_step <= window_start) continue;  // gone before this window
              w.spikes.push_back(x.total >= x.at_start ? x.total - x.at_start : x.total);
              w.ids.push_back(id);
              w.names.push_back(x.name);
              w.sizes.push_back(x.size);
              x.at_start = x.total;
            }
          } else {
            const auto now = static_cast<std::size_t>(net.population_count());
            if (before.size() != now) before.resize(now, 0);
            w.spikes.resize(now);
            for (std::size_t p = 0; p < now; ++p) {
              const std::uint64_t t = net.total_spikes(static_cast<int>(p));
              w.spikes[p] = t >= before[p] ? t - before[p] : t;
              before[p] = t;
            }
          }
          windows.push_back(std::move(w));
          window_start = window_end;
        }
        if (net.step_index() >= next_progress) {
          next_progress = net.step_index() + 256;
          if (progress.due()) progress.print(net.step_index());
        }
      }
    }
    summary.wall_time_s = seconds_since(run_start);
    summary.steps = net.step_index();

    // [4] Results.
    spikes_out->commit();
    const std::uint64_t spikes = spikes_out->rows();
    std::string files = std::string(spike_file_name(spike_format)) + " metrics.csv";
    if (experiment) phase_totals = experiment->phase_spike_totals();  // those of phases before a --load-state too
    if (experiment) write_experiment_metrics_csv(dir, net, *experiment, phase_totals, replace);
    else write_metrics_csv(dir, net, windows, replace);
    if (!net.traces().probes().empty()) {
      traces.commit(net);
      files += " traces.csv";
    }
    std::uint64_t synapses = 0;
    for (int j = 0; j < net.projection_count(); ++j) synapses += net.projection(j).synapse_count();
    if (synapses <= kMaxDefaultWeightRows || options.weights) {
      export_weights_csv(dir / "weights.csv", net, replace);
      files += " weights.csv";
      if (options.npy) {
        export_weights_npy(dir / "weights.npy", net, replace);
        files += " weights.npy";
      }
    } else {
      std::cerr << "note: weights.csv not written: " << synapses << " synapses (more than " << kMaxDefaultWeightRows << "; --weights writes them)\n";
    }
    if (options.npy && spike_format == SpikeFormat::Csv) {
      spikes_csv_to_npy(dir / "spikes.csv", dir / "spikes.npy", net, replace, spikes_out->names_written());
      files += " spikes.npy";
    }
    bool plastic = false;
    for (int j = 0; j < net.projection_count(); ++j) plastic = plastic || net.plasticity(j);
    if (plastic) {
      write_weights_csv(dir, net, replace);
      files += " weights_final.csv";
    }
    if (experiment) {
      if (!experiment->classification()) {  // pattern onsets; an images input has none
        write_stimulus_events_csv(dir, net, *experiment, replace);
        files += " stimulus_events.csv";
      }
      write_experiment_json(dir, net, summary, *experiment, phase_totals, replace);
      if (experiment->test_result().done) {
        write_test_predictions_csv(dir, *experiment, replace);
        files += " test_predictions.csv";
      }
    } else {
      write_experiment_json(dir, net, summary, replace);
    }
    files += " experiment.json";
    if (!spec.timeline.empty()) {
      write_timeline_events_csv(dir, session.timeline_events(), replace);
      files += " timeline_events.csv";
    }

    const double sim_s = static_cast<double>(summary.steps) * dt / 1000.0;
    std::printf("%s: %g ms simulated in %.3f s (%.2fx real time), %llu spikes, %llu synaptic events\n",
                spec.name.empty() ? options.scenario.c_str() : spec.name.c_str(), static_cast<double>(summary.steps) * dt,
                summary.wall_time_s, summary.wall_time_s > 0 ? sim_s / summary.wall_time_s : 0.0,
                static_cast<unsigned long long>(spikes), static_cast<unsigned long long>(net.synaptic_events()));
    for (int p = 0; p < net.population_count(); ++p) {
      const Population& pop = net.population(p);
      const double rate = sim_s > 0 ? static_cast<double>(net.total_spikes(p)) / pop.size() / sim_s : 0.0;
      std::printf("  %-16s %-10s %9d neurons %10.3f Hz\n", pop.name().c_str(), std::string(pop.model()).c_str(), pop.size(), rate);
    }
    if (experiment) {
      const PhaseMetrics fin = experiment->final_score();
      std::printf("experiment: %zu phases; final score over %g ms: accuracy %.3f, %s\n", experiment->history().size(),
                  fin.end_ms - fin.start_ms, fin.accuracy, fin.success ? "success" : "not learned");
      for (const PatternScore& ps : fin.patterns)
        std::printf("  pattern %d: neuron %d, hit rate %.3f, false alarms %llu (%.3f of background windows), mean latency %.2f ms\n",
                    ps.pattern, ps.best_neuron, ps.hit_rate, static_cast<unsigned long long>(ps.false_alarms), ps.false_alarm_rate,
                    ps.mean_latency_ms);
      if (const TestResult& t = experiment->test_result(); t.done)
        std::printf("test: %llu of %llu images correct (accuracy %.4f), %llu unanswered, mean decision latency %.1f ms\n",
                    static_cast<unsigned long long>(t.correct), static_cast<unsigned long long>(t.images), t.accuracy,
                    static_cast<unsigned long long>(t.unanswered), t.latency_ms);
      if (experiment->classification()) {
        std::printf("  %llu of %llu windows classified correctly\n", static_cast<unsigned long long>(fin.correct),
                    static_cast<unsigned long long>(fin.windows));
        for (const LabelScore& ls : fin.labels)
          std::printf("  label %d: %llu/%llu correct (%.3f), %d neurons assigned\n", ls.label, static_cast<unsigned long long>(ls.correct),
                      static_cast<unsigned long long>(ls.windows), ls.accuracy, ls.neurons);
      }
    }
    if (const RewardTask* task = net.reward_task()) {
      const Projection& proj = net.projection(task->settings().projection);
      double others = 0.0, chosen = 0.0;
      const auto row = proj.row_ptr();
      const auto col = proj.col();
      const auto w = proj.weights();
      for (std::size_t i = 0; i + 1 < row.size(); ++i)
        for (auto k = static_cast<std::size_t>(row[i]); k < static_cast<std::size_t>(row[i + 1]); ++k)
          (static_cast<int>(i) == task->settings().pre && col[k] == task->settings().post ? chosen : others) += w[k];
      const double mean_others = proj.synapse_count() > 1 ? others / static_cast<double>(proj.synapse_count() - 1) : 0.0;
      std::printf("reward: %llu earned, %llu delivered; rewarded synapse %d -> %d of %s: w = %g (the others: mean %g)\n",
                  static_cast<unsigned long long>(task->earned()), static_cast<unsigned long long>(task->delivered()), task->settings().pre,
                  task->settings().post, proj.name().c_str(), chosen, mean_others);
    }
    if (const std::string e = save_run_state(options.save_state, spec, session); !e.empty()) {
      std::cerr << "error: " << e << '\n';
      return kExitBadInput;
    }
    std::printf("results in %s: %s\n", dir.string().c_str(), files.c_str());
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitInternal;
  }
}

}  // namespace neurosim::cli
