// Training, testing and saving a gradient-trained spiking network (gradient_run.hpp).
//
// [1] Preset and --set, [2] data, [3] network, [4] output directory, [5] training,
// [6] test, [7] files.
#include "cli/gradient_run.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <numeric>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/gradient_spec.hpp"
#include "cli/report.hpp"
#include "results/results_writer.hpp"
#include "neurosim/gradient/augment.hpp"
#include "neurosim/gradient/model_files.hpp"
#include "neurosim/gradient/trainer.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/rng.hpp"
#include "version.hpp"

namespace neurosim::cli {
namespace {

namespace fs = std::filesystem;
namespace g = neurosim::gradient;
using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
// CPU time of the process, all threads, in seconds: on a shared machine the wall time alone
// says little about the work done.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// Distinct random streams of one seed (g::stream_seed): shuffles, input noise, episodes.
using g::stream_seed;
enum Purpose : std::uint64_t { kInit = 1, kShuffle, kTrainNoise, kTestNoise, kTrainEpisodes, kTestEpisodes };

struct Loaded {
  std::shared_ptr<const ImageSet> train, test;
};

int bad(const std::string& message) {
  std::cerr << "error: " << message << '\n';
  return kExitBadInput;
}

// Progress on stderr every ~2 s.
class Ticker {
 public:
  bool due() {
    if (Clock::now() - last_ < std::chrono::seconds(2)) return false;
    last_ = Clock::now();
    return true;
  }

 private:
  Clock::time_point last_ = Clock::now();
};

struct MetricsRow {
  int epoch;
  long episodes;  // few-shot: episodes so far
  double loss, accuracy, spikes_per_sample, samples_per_s, test_accuracy;
};

void write_metrics(const fs::path& dir, const std::vector<MetricsRow>& rows, bool fewshot, io::Replace replace) {
  std::ostringstream out;
  out.precision(6);
  out << (fewshot ? "epoch,episodes,loss,accuracy,spikes_per_sample,samples_per_s\n" : "epoch,loss,accuracy,spikes_per_sample,samples_per_s,test_accuracy\n");
  for (const MetricsRow& r : rows) {
    out << r.epoch << ',';
    if (fewshot) out << r.episodes << ',';
    out << r.loss << ',' << r.accuracy << ',' << r.spikes_per_sample << ',' << r.samples_per_s;
    if (!fewshot) out << ',' << r.test_accuracy;
    out << '\n';
  }
  io::write_file_atomically(dir / "metrics.csv", out.str(), replace);
}

}  // namespace

bool is_gradient_training(const std::string& scenario) { return gradient_preset_path(scenario).has_value(); }

int run_gradient(const RunOptions& options) {
  try {
    // [1] Preset and --set.
    const fs::path file = *gradient_preset_path(options.scenario);
    GradientSpecResult loaded = load_gradient_spec(file, options.overrides);
    if (!loaded.errors.empty()) {
      for (const std::string& e : loaded.errors) std::cerr << file.string() << ": " << e << '\n';
      return kExitBadInput;
    }
    GradientSpec spec = std::move(*loaded.spec);
    if (options.duration_ms) return bad("--duration does not apply to " + spec.name + ": it trains for training.epochs (--set epochs=N)");
    if (!options.input.empty()) return bad("--input does not apply to " + spec.name + ": give images with --images/--labels");
    if (options.seed) spec.seed = *options.seed;

    // [2] Data. The command line's files replace the preset's.
    if (!options.images.empty() && options.labels.empty()) return bad("--images needs --labels: " + spec.name + " trains on labelled images");
    if (options.images.empty() && !options.labels.empty()) return bad("--labels needs --images");
    if (options.test_images.empty() != options.test_labels.empty()) return bad("--test-images and --test-labels go together");
    const bool cli_train = !options.images.empty(), cli_test = !options.test_images.empty();
    const fs::path images = cli_train ? fs::path(options.images) : spec.images, labels = cli_train ? fs::path(options.labels) : spec.labels;
    const fs::path test_images = cli_test ? fs::path(options.test_images) : spec.test_images;
    const fs::path test_labels = cli_test ? fs::path(options.test_labels) : spec.test_labels;
    if (images.empty() || labels.empty()) return bad(file.string() + ": data.images and data.labels: no training images (give --images/--labels)");
    if (test_images.empty() || test_labels.empty()) return bad(file.string() + ": data.test_images and data.test_labels: no test images (give --test-images/--test-labels)");
    const std::string train_field = cli_train ? "--images" : "data.images", test_field = cli_test ? "--test-images" : "data.test_images";
    io::ImagesResult train = io::load_idx_images(images, labels);
    if (!train.images) return bad(train_field + ": " + train.error);
    io::ImagesResult test = io::load_idx_images(test_images, test_labels);
    if (!test.images) return bad(test_field + ": " + test.error);
    const ImageSet& tr = *train.images;
    const ImageSet& te = *test.images;
    if (tr.count == 0 || te.count == 0) return bad((tr.count == 0 ? train_field : test_field) + ": holds no images");
    // [3] Network: the input is one channel of the images' size.
    spec.network.input = {1, tr.rows, tr.cols};
    if (const std::string e = g::check_architecture(spec.network); !e.empty())
      return bad(file.string() + ": network." + e + " (the images are " + std::to_string(tr.rows) + "x" + std::to_string(tr.cols) + ")");
    if (te.rows != tr.rows || te.cols != tr.cols)
      return bad(test_field + ": " + std::to_string(te.rows) + "x" + std::to_string(te.cols) + " images; the training images are " + std::to_string(tr.rows) + "x" +
                 std::to_string(tr.cols));

    std::unique_ptr<g::Network<float>> net;
    if (!spec.init_from.empty()) {
      try {
        net = std::make_unique<g::Network<float>>(g::load_model(spec.init_from));
      } catch (const std::exception& e) {
        return bad("training.init_from: " + std::string(e.what()));
      }
      if (net->spec().input != spec.network.input || net->spec().architecture != spec.network.architecture)
        return bad("training.init_from: " + spec.init_from.string() + " is a " + net->spec().architecture + " network on " + net->spec().input.text() +
                   " inputs, the preset asks for " + spec.network.architecture + " on " + spec.network.input.text());
    } else {
      net = std::make_unique<g::Network<float>>(spec.network);
      Rng init(stream_seed(spec.seed, kInit, 0));
      net->init(init);
    }
    const int outputs = net->output_shape().size();
    // Few-shot training episodes come from the training classes and, with fewshot.class_turns,
    // their turned copies as classes of their own (augment.hpp).
    g::RotatedClasses turned;
    const ImageSet* episode_set = &tr;
    std::vector<int> episode_classes = spec.train_classes;
    if (spec.fewshot && spec.class_turns > 0) {
      turned = g::with_rotated_classes(tr, spec.train_classes, spec.class_turns);
      if (!turned.error.empty()) return bad("fewshot.class_turns: " + turned.error);
      episode_set = &turned.images;
      episode_classes = turned.classes;
    }
    const auto by_train = g::images_by_label(*episode_set);
    const auto by_test = g::images_by_label(te);
    if (!spec.fewshot) {
      for (const ImageSet* s : {&tr, &te})
        for (std::uint8_t l : s->labels)
          if (l >= outputs)
            return bad((s == &tr ? train_field : test_field) + ": label " + std::to_string(l) + " is outside the network's " + std::to_string(outputs) +
                       " outputs (network.architecture ends with " + std::to_string(outputs) + ")");
    } else {
      for (int c : spec.train_classes)
        if (static_cast<int>(by_train[static_cast<std::size_t>(c)].size()) < spec.shots + spec.queries)
          return bad("fewshot.shots: class " + std::to_string(c) + " has " + std::to_string(by_train[static_cast<std::size_t>(c)].size()) +
                     " training images; an episode needs shots + queries = " + std::to_string(spec.shots + spec.queries));
      const int max_shots = *std::max_element(spec.test_shots.begin(), spec.test_shots.end());
      for (int c : spec.test_classes)
        if (static_cast<int>(by_test[static_cast<std::size_t>(c)].size()) < max_shots + spec.queries)
          return bad("fewshot.test_classes: class " + std::to_string(c) + " has " + std::to_string(by_test[static_cast<std::size_t>(c)].size()) +
                     " test images; a test episode needs shots + queries = " + std::to_string(max_shots + spec.queries));
    }

    // [4] Output directory.
    const io::Replace replace = options.overwrite ? io::Replace::Allowed : io::Replace::Never;
    const std::vector<std::string> names{"metrics.csv", "experiment.json", "model.json", "model.nir", "test_predictions.csv"};
    const fs::path dir = io::free_directory(options.out_dir, names, replace);
    if (dir != fs::path(options.out_dir)) std::cerr << "note: " << options.out_dir << " already holds results; writing to " << dir.string() << " (--overwrite replaces them)\n";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) return bad("cannot create output directory " + dir.string() + (ec ? ": " + ec.message() : ": a file is in the way"));

    // [5] Training.
    const std::string started = utc_now();
    const int threads = spec.threads > 0 ? spec.threads : g::default_threads();
    g::Trainer<float> trainer(*net, threads);
    g::Adam<float> adam(net->params(), spec.adam);
    trainer.set_max_shift(spec.max_shift);
    trainer.set_distance_scale(spec.distance_scale);
    std::vector<MetricsRow> rows;
    Ticker ticker;
    const auto train_start = Clock::now();
    const double train_cpu_start = cpu_seconds();
    double train_compute_s = 0.0;
    long train_images_run = 0;
    std::vector<int> test_items(static_cast<std::size_t>(te.count));
    std::iota(test_items.begin(), test_items.end(), 0);
    std::vector<int> predictions;
    g::BatchStats final_test;
    const std::uint64_t test_noise = stream_seed(spec.seed, kTestNoise, 0);

    if (!spec.fewshot) {
      std::vector<int> order(static_cast<std::size_t>(tr.count));
      std::iota(order.begin(), order.end(), 0);
      const std::size_t used = spec.train_limit > 0 ? std::min<std::size_t>(order.size(), static_cast<std::size_t>(spec.train_limit)) : order.size();
      for (int e = 0; e < spec.epochs; ++e) {
        Rng shuffle(stream_seed(spec.seed, kShuffle, static_cast<std::uint64_t>(e)));
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[shuffle.below(static_cast<std::uint32_t>(i))]);
        adam.options.learning_rate = spec.adam.learning_rate * std::pow(spec.lr_decay, e);
        g::BatchStats sum;
        const auto epoch_start = Clock::now();
        for (std::size_t b = 0; b < used; b += static_cast<std::size_t>(spec.batch_size)) {
          const auto batch = std::span<const int>(order).subspan(b, std::min<std::size_t>(static_cast<std::size_t>(spec.batch_size), used - b));
          const g::BatchStats s = trainer.train_batch(tr, batch, stream_seed(spec.seed, kTrainNoise, static_cast<std::uint64_t>(e)), spec.loss, adam);
          sum.loss += s.loss, sum.correct += s.correct, sum.samples += s.samples, sum.spikes += s.spikes;
          if (ticker.due())
            std::fprintf(stderr, "neurosim: epoch %d/%d  %ld/%zu images  loss %.4f  accuracy %.4f  %.0f images/s\n", e + 1, spec.epochs, sum.samples, used,
                         sum.loss / static_cast<double>(sum.samples), static_cast<double>(sum.correct) / static_cast<double>(sum.samples),
                         static_cast<double>(sum.samples) / since(epoch_start));
        }
        if (!std::isfinite(sum.loss))
          return bad("training diverged in epoch " + std::to_string(e + 1) + " (the loss is not finite): lower training.learning_rate (" +
                     std::to_string(adam.options.learning_rate) + ") or set training.clip_norm");
        const double epoch_s = since(epoch_start);
        train_compute_s += epoch_s;
        train_images_run += sum.samples;
        final_test = trainer.evaluate(te, test_items, test_noise, spec.loss, &predictions);
        const double n = std::max<double>(1.0, static_cast<double>(sum.samples));
        rows.push_back({e + 1, 0, sum.loss / n, static_cast<double>(sum.correct) / n, sum.spikes / n, static_cast<double>(sum.samples) / epoch_s,
                        static_cast<double>(final_test.correct) / static_cast<double>(te.count)});
        std::fprintf(stderr, "neurosim: epoch %d/%d done: loss %.4f, training accuracy %.4f, test accuracy %.4f, %.0f images/s\n", e + 1, spec.epochs,
                     rows.back().loss, rows.back().accuracy, rows.back().test_accuracy, rows.back().samples_per_s);
      }
      if (spec.epochs == 0) final_test = trainer.evaluate(te, test_items, test_noise, spec.loss, &predictions);
    } else {
      long episodes = 0;
      for (int e = 0; e < spec.epochs; ++e) {
        adam.options.learning_rate = spec.adam.learning_rate * std::pow(spec.lr_decay, e);
        Rng pick(stream_seed(spec.seed, kTrainEpisodes, static_cast<std::uint64_t>(e)));
        g::BatchStats sum;
        const auto epoch_start = Clock::now();
        for (int k = 0; k < spec.episodes_per_epoch; ++k) {
          const g::Episode ep = g::sample_episode(by_train, episode_classes, spec.train_ways, spec.shots, spec.queries, pick);
          const g::BatchStats s = trainer.train_episode(*episode_set, ep, stream_seed(spec.seed, kTrainNoise, static_cast<std::uint64_t>(episodes)), adam);
          ++episodes;
          sum.loss += s.loss, sum.correct += s.correct, sum.samples += s.samples, sum.spikes += s.spikes, sum.images += s.images;
          if (ticker.due())
            std::fprintf(stderr, "neurosim: epoch %d/%d  episode %d/%d  loss %.4f  query accuracy %.4f  %.0f images/s\n", e + 1, spec.epochs, k + 1,
                         spec.episodes_per_epoch, sum.loss / (k + 1), static_cast<double>(sum.correct) / static_cast<double>(sum.samples),
                         static_cast<double>(sum.images) / since(epoch_start));
        }
        if (!std::isfinite(sum.loss))
          return bad("training diverged in epoch " + std::to_string(e + 1) + " (the loss is not finite): lower training.learning_rate (" +
                     std::to_string(adam.options.learning_rate) + ") or set training.clip_norm");
        const double epoch_s = since(epoch_start);
        train_compute_s += epoch_s;
        train_images_run += sum.images;
        rows.push_back({e + 1, episodes, sum.loss / spec.episodes_per_epoch, static_cast<double>(sum.correct) / static_cast<double>(sum.samples),
                        sum.spikes / static_cast<double>(sum.images), static_cast<double>(sum.images) / epoch_s, 0.0});
        std::fprintf(stderr, "neurosim: epoch %d/%d done: loss %.4f, query accuracy %.4f, %.0f images/s\n", e + 1, spec.epochs, rows.back().loss,
                     rows.back().accuracy, rows.back().samples_per_s);
      }
    }
    const double train_wall_s = since(train_start);
    const double train_cpu_s = cpu_seconds() - train_cpu_start;

    // [6] Test.
    Json test_block;
    std::string summary;
    const auto test_start = Clock::now();
    const double test_cpu_start = cpu_seconds();
    if (!spec.fewshot) {
      std::vector<std::vector<long>> confusion(static_cast<std::size_t>(outputs), std::vector<long>(static_cast<std::size_t>(outputs), 0));
      long correct = 0, unanswered = 0;
      std::vector<long> per_images(static_cast<std::size_t>(outputs)), per_correct(static_cast<std::size_t>(outputs));
      for (int i = 0; i < te.count; ++i) {
        const int label = te.labels[static_cast<std::size_t>(i)], p = predictions[static_cast<std::size_t>(i)];
        ++per_images[static_cast<std::size_t>(label)];
        if (p < 0) {
          ++unanswered;
          continue;
        }
        ++confusion[static_cast<std::size_t>(label)][static_cast<std::size_t>(p)];
        if (p == label) ++correct, ++per_correct[static_cast<std::size_t>(label)];
      }
      Json per_label = Json::array();
      for (int l = 0; l < outputs; ++l)
        per_label.push_back({{"label", l},
                             {"images", per_images[static_cast<std::size_t>(l)]},
                             {"correct", per_correct[static_cast<std::size_t>(l)]},
                             {"accuracy", per_images[static_cast<std::size_t>(l)] ? static_cast<double>(per_correct[static_cast<std::size_t>(l)]) / static_cast<double>(per_images[static_cast<std::size_t>(l)]) : 0.0}});
      const double acc = static_cast<double>(correct) / static_cast<double>(te.count);
      test_block = {{"images", te.count}, {"correct", correct}, {"accuracy", acc}, {"unanswered", unanswered}, {"confusion", confusion}, {"per_label", per_label},
                    {"spikes_per_sample", final_test.spikes / static_cast<double>(te.count)}};
      std::ostringstream out;
      out << "index,label,predicted\n";
      for (int i = 0; i < te.count; ++i) out << i << ',' << static_cast<int>(te.labels[static_cast<std::size_t>(i)]) << ',' << predictions[static_cast<std::size_t>(i)] << '\n';
      io::write_file_atomically(dir / "test_predictions.csv", out.str(), replace);
      char line[160];
      std::snprintf(line, sizeof line, "test: %ld of %d digits correct (accuracy %.4f), %ld unanswered\n", correct, te.count, acc, unanswered);
      summary = line;
    } else {
      Json shots = Json::object();
      for (int k : spec.test_shots) {
        Rng pick(stream_seed(spec.seed, kTestEpisodes, static_cast<std::uint64_t>(k)));
        std::vector<double> acc;
        for (int i = 0; i < spec.test_episodes; ++i) {
          const g::Episode ep = g::sample_episode(by_test, spec.test_classes, spec.ways, k, spec.queries, pick);
          const g::BatchStats s = trainer.test_episode(te, ep, stream_seed(spec.seed, kTestNoise, static_cast<std::uint64_t>(k) * 1000003u + static_cast<std::uint64_t>(i)));
          acc.push_back(static_cast<double>(s.correct) / static_cast<double>(s.samples));
          if (ticker.due()) std::fprintf(stderr, "neurosim: testing %d-shot: episode %d/%d\n", k, i + 1, spec.test_episodes);
        }
        const double n = static_cast<double>(acc.size());
        const double mean = std::accumulate(acc.begin(), acc.end(), 0.0) / n;
        double var = 0;
        for (double a : acc) var += (a - mean) * (a - mean);
        var = acc.size() > 1 ? var / (n - 1) : 0.0;
        // 95 % confidence interval of the mean over episodes (normal approximation, as
        // Snell et al. 2017 report): 1.96 standard errors.
        const double ci = 1.96 * std::sqrt(var / n);
        shots[std::to_string(k)] = {{"accuracy", mean}, {"ci95", ci}};
        char line[160];
        std::snprintf(line, sizeof line, "test: %d-way %d-shot accuracy %.4f +- %.4f (95%% CI) over %d episodes of classes not seen in training\n", spec.ways, k, mean, ci,
                      spec.test_episodes);
        summary += line;
      }
      test_block = {{"fewshot", {{"ways", spec.ways}, {"classes", spec.test_classes}, {"episodes", spec.test_episodes}, {"shots", shots}}}};
    }
    const double test_wall_s = since(test_start);
    const double test_cpu_s = cpu_seconds() - test_cpu_start;

    // [7] Files: the model, NIR, metrics, experiment.json.
    std::string files = "metrics.csv experiment.json model.json";
    g::save_model(dir, *net, spec.dt_ms, options.overwrite);
    std::string nir_note;
    if (const std::string why = g::nir_unsupported(*net); why.empty()) {
      g::write_nir(dir / "model.nir", *net, spec.dt_ms, options.overwrite);
      files += " model.nir";
    } else {
      nir_note = why;
      std::cerr << "note: model.nir not written: " << why << '\n';
    }
    if (!spec.fewshot) files += " test_predictions.csv";
    write_metrics(dir, rows, spec.fewshot, replace);

    Json x;
    x["name"] = spec.name;
    x["kind"] = "gradient-training";
    x["task"] = spec.fewshot ? "fewshot" : "classification";
    x["version"] = kVersion;
    x["started_utc"] = started;
    x["seed"] = spec.seed;
    x["data"] = {{"images", images.string()}, {"labels", labels.string()}, {"train_images", tr.count},
                 {"test_images", test_images.string()}, {"test_labels", test_labels.string()}, {"test_count", te.count}};
    const g::NetworkSpec& ns = net->spec();
    x["network"] = {{"architecture", ns.architecture}, {"neuron", g::unit_name(ns.unit)}, {"input", {ns.input.c, ns.input.h, ns.input.w}}, {"steps", ns.steps},
                    {"encoding", g::encoding_name(ns.encoding)}, {"dt_ms", spec.dt_ms}, {"beta", ns.neuron.beta}, {"threshold", ns.neuron.threshold},
                    {"reset", ns.neuron.reset == g::Reset::Subtract ? "subtract" : "zero"}, {"surrogate", g::surrogate_name(ns.neuron.surrogate.kind)},
                    {"slope", ns.neuron.surrogate.slope}, {"readout", ns.readout}, {"parameters", net->param_count()}};
    Json training{{"epochs", spec.epochs},
                  {"learning_rate", spec.adam.learning_rate},
                  {"weight_decay", spec.adam.weight_decay},
                  {"clip_norm", spec.adam.clip_norm},
                  {"lr_decay", spec.lr_decay},
                  {"max_shift", spec.max_shift},
                  {"threads", threads},
                  {"wall_time_s", train_wall_s},
                  {"cpu_time_s", train_cpu_s},
                  {"samples_per_s", train_compute_s > 0 ? static_cast<double>(train_images_run) / train_compute_s : 0.0}};
    if (spec.fewshot) {
      training["ways"] = spec.train_ways;
      training["class_turns"] = spec.class_turns;
      training["shots"] = spec.shots;
      training["queries"] = spec.queries;
      training["classes"] = spec.train_classes;
      training["episodes"] = static_cast<long>(spec.epochs) * spec.episodes_per_epoch;
      training["distance_scale"] = spec.distance_scale;
    } else {
      training["batch_size"] = spec.batch_size;
      training["images_per_epoch"] = spec.train_limit > 0 ? std::min(spec.train_limit, tr.count) : tr.count;
    }
    if (!rows.empty()) {
      training["final_loss"] = rows.back().loss;
      training["final_accuracy"] = rows.back().accuracy;
    }
    x["training"] = training;
    x["test"] = test_block;
    x["test_wall_time_s"] = test_wall_s;
    x["test_cpu_time_s"] = test_cpu_s;
    if (!nir_note.empty()) x["nir_not_written"] = nir_note;
    io::write_file_atomically(dir / "experiment.json", x.dump(2) + "\n", replace);

    std::printf("%s: %s, %d epochs in %.1f s, %.1f s of CPU (%.0f images/s on %d threads)\n", spec.name.c_str(), ns.architecture.c_str(), spec.epochs, train_wall_s, train_cpu_s,
                training["samples_per_s"].get<double>(), threads);
    std::fputs(summary.c_str(), stdout);
    std::printf("results in %s: %s\n", dir.string().c_str(), files.c_str());
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitInternal;
  }
}

}  // namespace neurosim::cli
