#pragma once
// One pass over an object's dynamic state that serves both saving and restoring (a checkpoint,
// checkpoint.hpp). Each class lists its state once, in one visit_state(StateVisitor&) method:
//
//   void visit_state(StateVisitor& v) {
//     v.section("lif");
//     v.value(step_);          // a scalar, enum or other trivially copyable value
//     v.array(v_);             // a std::vector of such values: its length, then its elements
//     v.list(history_, [&](PhaseMetrics& m) { ... });  // a vector of structured elements
//   }
//
// The same code writes (the visitor appends bytes) and reads (it overwrites the members, resizing
// vectors to the stored lengths), so a variable added to save is restored too. Sections are
// tagged in the stream: a reader that meets another tag than the one expected stops, naming both,
// instead of loading one object's bytes into another. Lengths are checked against the bytes left
// before anything is allocated. The layout is the machine's (little-endian on every platform
// NeuroSim builds for); the file around it (io/state_file.hpp) checks that it is read back on a
// build that wrote it.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace neurosim {

// A stream that cannot be read back: truncated, another layout, a length out of range.
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Types copied as bytes: numbers, enums, and structs without padding (padding bytes are
// indeterminate, and two captures of the same state must be equal byte for byte). A struct with
// padding or floating-point members is visited member by member.
template <class T>
inline constexpr bool kCopiedAsBytes =
    std::is_arithmetic_v<T> || std::is_enum_v<T> || std::has_unique_object_representations_v<T>;

class StateVisitor {
 public:
  // Appends to `out` (which keeps its capacity between captures).
  static StateVisitor writer(std::vector<std::byte>& out) { return StateVisitor(&out, {}); }
  // Reads `in` into the visited objects.
  static StateVisitor reader(std::span<const std::byte> in) { return StateVisitor(nullptr, in); }

  bool loading() const { return out_ == nullptr; }
  // Notes each section's name and starting byte (to tell where two states differ).
  void note_sections(std::vector<std::pair<std::string, std::size_t>>* out) { sections_ = out; }
  std::size_t position() const { return loading() ? pos_ : out_->size(); }
  std::size_t remaining() const { return in_.size() - pos_; }

  // A tag that must match on reading: the name of the object whose state follows.
  void section(std::string_view name) {
    if (sections_) sections_->emplace_back(std::string(name), position());
    std::uint32_t tag = tag_of(name);
    if (!loading()) {
      put(&tag, sizeof tag);
      return;
    }
    std::uint32_t stored = 0;
    get(&stored, sizeof stored, name);
    if (stored != tag)
      throw StateError("expected the state of '" + std::string(name) + "' at byte " + std::to_string(pos_ - sizeof tag) +
                       ", found something else (the state was saved from another network)");
  }

  template <class T>
  void value(T& v) {
    static_assert(kCopiedAsBytes<T>, "value() copies bytes: visit a struct with padding or floating-point members member by member");
    if (loading()) get(&v, sizeof(T), "a value");
    else put(&v, sizeof(T));
  }

  // A length, as stored; on reading, at most `max`.
  std::size_t length(std::size_t n, std::size_t max, std::string_view what) {
    std::uint64_t stored = n;
    value(stored);
    if (loading() && stored > max)
      throw StateError("the state ends before the " + std::string(what) + " of length " + std::to_string(stored) + " announced at byte " +
                       std::to_string(pos_ - 8) + " (room for " + std::to_string(max) + ")");
    return static_cast<std::size_t>(stored);
  }

  template <class T, class Allocator>
  void array(std::vector<T, Allocator>& v) {
    static_assert(kCopiedAsBytes<T>, "array() copies bytes: use list() for elements with padding or floating-point members");
    const std::size_t n = length(v.size(), remaining() / (sizeof(T) ? sizeof(T) : 1), "an array");
    if (loading()) {
      v.resize(n);
      get(v.data(), n * sizeof(T), "an array");
    } else {
      put(v.data(), n * sizeof(T));
    }
  }
  // A fixed-size span (its length is stored and must match on reading).
  template <class T>
  void fixed(std::span<T> s) {
    static_assert(kCopiedAsBytes<T>, "fixed() copies bytes");
    const std::size_t n = length(s.size(), remaining() / sizeof(T), "an array");
    if (n != s.size())
      throw StateError("an array of " + std::to_string(s.size()) + " values holds " + std::to_string(n) + " in the state");
    if (loading()) get(s.data(), n * sizeof(T), "an array");
    else put(s.data(), n * sizeof(T));
  }

  void string(std::string& s) {
    const std::size_t n = length(s.size(), remaining(), "a string");
    if (loading()) {
      s.resize(n);
      get(s.data(), n, "a string");
    } else {
      put(s.data(), n);
    }
  }

  // An optional value: whether it is there, then the value.
  template <class T>
  void optional(std::optional<T>& o) {
    bool has = o.has_value();
    value(has);
    if (loading()) {
      if (!has) o.reset();
      else if (!o) o.emplace();
    }
    if (has) value(*o);
  }

  // A vector of elements visited one by one (each takes at least one byte, which bounds the
  // count before the vector is sized).
  template <class T, class Visit>
  void list(std::vector<T>& v, Visit&& each) {
    const std::size_t n = length(v.size(), remaining(), "a list");
    if (loading()) v.resize(n);
    for (T& e : v) each(e);
  }

 private:
  StateVisitor(std::vector<std::byte>* out, std::span<const std::byte> in) : out_(out), in_(in) {}

  // FNV-1a of the name: a short tag that tells sections apart.
  static std::uint32_t tag_of(std::string_view name) {
    std::uint32_t h = 2166136261u;
    for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
  }
  void put(const void* data, std::size_t n) {
    if (n == 0) return;
    const auto* bytes = static_cast<const std::byte*>(data);
    out_->insert(out_->end(), bytes, bytes + n);  // no zero-fill before the copy
  }
  void get(void* data, std::size_t n, std::string_view what) {
    if (n > remaining())
      throw StateError("the state ends at byte " + std::to_string(in_.size()) + " in the middle of " + std::string(what));
    if (n) std::memcpy(data, in_.data() + pos_, n);
    pos_ += n;
  }

  std::vector<std::byte>* out_;
  std::span<const std::byte> in_;
  std::size_t pos_ = 0;
  std::vector<std::pair<std::string, std::size_t>>* sections_ = nullptr;
};

}  // namespace neurosim
