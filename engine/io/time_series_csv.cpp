// Time series from CSV text (format: input_files.hpp). One pass over the text, straight into
// float32 values with std::from_chars; the value vector is sized once from the line count, so
// it never grows by copying.
#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

#include "neurosim/io/mapped_file.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/params.hpp"

namespace neurosim::io {
namespace {

struct Field {
  const char* begin;
  const char* end;
};

// A field's text for a message: at most 24 characters, non-printable bytes as \xNN.
std::string shown(const char* b, const char* e) {
  std::string out;
  for (const char* p = b; p < e && out.size() < 24; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (e - b > 24) out += "...";
  return out;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

class CsvParser {
 public:
  CsvParser(std::string_view text, const std::string& source, InputKind kind) : text_(text), source_(source), kind_(kind) {}

  SeriesResult run() {
    SeriesResult result;
    try {
      parse();
      result.series = std::make_shared<const TimeSeries>(std::move(series_));
    } catch (const std::string& message) {
      result.error = message;
    } catch (const std::bad_alloc&) {
      result.error = source_ + ": out of memory while reading";
    }
    return result;
  }

 private:
  [[noreturn]] void fail_at(const char* p, const std::string& message) const {
    const std::size_t column = static_cast<std::size_t>(p - line_begin_) + 1;
    throw source_ + ":" + std::to_string(line_) + ":" + std::to_string(column) + ": " + message;
  }
  [[noreturn]] void fail(const std::string& message) const { throw source_ + ": " + message; }

  void check_encoding() {
    const auto* u = reinterpret_cast<const unsigned char*>(text_.data());
    const std::size_t n = text_.size();
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
      fail("UTF-16 text is not supported: save the file as UTF-8 (or plain ASCII) CSV");
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) text_.remove_prefix(3);
    if (text_.empty()) return;  // (an empty file maps to no memory at all)
    if (const void* nul = std::memchr(text_.data(), 0, text_.size())) {
      const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - text_.data());
      const auto [line, column] = line_and_column(text_, offset);
      // Every other byte zero: UTF-16 without a byte-order mark.
      const bool utf16 = text_.size() >= 4 && (text_[1] == '\0' || text_[0] == '\0') && (text_[3] == '\0' || text_[2] == '\0');
      throw source_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": not a text file (NUL byte)" +
          (utf16 ? ": this looks like UTF-16 text; save it as UTF-8 CSV" : ": expected CSV text");
    }
  }

  // The next line that holds something (not blank, not a # comment); false at the end.
  bool next_line(const char*& b, const char*& e) {
    while (pos_ < text_.size()) {
      const char* start = text_.data() + pos_;
      const char* stop = text_.data() + text_.size();
      const auto* nl = static_cast<const char*>(std::memchr(start, '\n', static_cast<std::size_t>(stop - start)));
      const char* end = nl != nullptr ? nl : stop;
      pos_ = static_cast<std::size_t>(end - text_.data()) + (nl != nullptr ? 1 : 0);
      ++line_;
      line_begin_ = start;
      const char* p = start;
      while (p < end && is_blank(*p)) ++p;
      if (p == end || *p == '#') continue;
      b = start;
      e = end;
      while (e > b && e[-1] == '\r') --e;
      return true;
    }
    return false;
  }

  // Splits [b, e) at the delimiter into fields (trimmed of blanks).
  void split(const char* b, const char* e, std::vector<Field>& out) const {
    out.clear();
    if (delim_ == ' ') {
      const char* p = b;
      while (true) {
        while (p < e && (*p == ' ' || *p == '\t')) ++p;
        if (p >= e) break;
        const char* s = p;
        while (p < e && *p != ' ' && *p != '\t') ++p;
        out.push_back({s, p});
      }
      return;
    }
    // Fields are short: a plain scan beats a memchr call per field.
    const char delim = delim_;
    const char* p = b;
    while (true) {
      const char* fe = p;
      while (fe < e && *fe != delim) ++fe;
      const char* fb = p;
      while (fb < fe && (*fb == ' ' || *fb == '\t')) ++fb;
      const char* te = fe;
      while (te > fb && (te[-1] == ' ' || te[-1] == '\t')) --te;
      out.push_back({fb, te});
      if (fe == e) break;
      p = fe + 1;
    }
  }

  static void unquote(const char*& b, const char*& e) {
    if (e - b >= 2 && *b == '"' && e[-1] == '"') {
      ++b;
      --e;
      while (b < e && *b == ' ') ++b;
      while (e > b && e[-1] == ' ') --e;
    }
    if (b < e && *b == '+') ++b;
  }

  // True when the field is a number (any finite or not), for header detection.
  static bool looks_numeric(Field f) {
    const char* b = f.begin;
    const char* e = f.end;
    unquote(b, e);
    double v = 0;
    const auto r = std::from_chars(b, e, v);
    return b < e && r.ptr == e && r.ec != std::errc::invalid_argument;
  }

  template <class T>
  T number(Field f, const char* what) const {
    // The common case of spike files: one digit.
    if (f.end - f.begin == 1 && *f.begin >= '0' && *f.begin <= '9') return static_cast<T>(*f.begin - '0');
    const char* b = f.begin;
    const char* e = f.end;
    unquote(b, e);
    if (b == e) fail_at(f.begin, std::string("empty field (expected ") + what + ")");
    T v{};
    auto r = std::from_chars(b, e, v);
    if (r.ec == std::errc::invalid_argument || r.ptr != e) {
      for (const char* p = f.begin; p < f.end; ++p)
        if (static_cast<unsigned char>(*p) < 0x20 && *p != '\t')
          fail_at(p, "not a text file (control byte \\x" + shown(p, p + 1).substr(2) + "): expected CSV text");
      fail_at(f.begin, "not a number: \"" + shown(f.begin, f.end) + "\" (expected " + what + ")");
    }
    if (r.ec == std::errc::result_out_of_range) {
      // Overflow is an error; underflow is a number too small to tell from 0: it reads as 0.
      // from_chars leaves the value untouched when out of range, so strtod says which it is
      // (it gives HUGE_VAL past double's range, and the value itself for a float's overflow).
      const double d = std::strtod(std::string(b, e).c_str(), nullptr);
      if (std::fabs(d) > static_cast<double>(std::numeric_limits<T>::max()) || !std::isfinite(d))
        fail_at(f.begin, "number out of range for " + std::string(sizeof(T) == 4 ? "32-bit float" : "a double") + ": " + shown(f.begin, f.end));
      v = static_cast<T>(d);
    }
    if (std::isnan(v)) fail_at(f.begin, "NaN is not allowed (every value must be a finite number)");
    if (std::isinf(v)) fail_at(f.begin, "Inf is not allowed (every value must be a finite number)");
    return v;
  }

  void parse() {
    check_encoding();
    const char* b = nullptr;
    const char* e = nullptr;
    if (!next_line(b, e)) fail(text_.find_first_not_of(" \t\r\n") == std::string_view::npos ? "empty file (expected rows of numbers, one per time step)"
                                                                                              : "no data (only comments)");
    // The delimiter: what the first line uses.
    const std::string_view first(b, static_cast<std::size_t>(e - b));
    delim_ = first.find(',') != std::string_view::npos ? ',' : first.find(';') != std::string_view::npos ? ';'
           : first.find('\t') != std::string_view::npos ? '\t' : ' ';
    std::vector<Field> fields;
    split(b, e, fields);
    // A header has a name somewhere: an empty field does not make one (it is a data error).
    const bool header = std::any_of(fields.begin(), fields.end(), [](Field f) { return f.begin != f.end && !looks_numeric(f); });
    std::size_t width = fields.size();
    std::size_t header_line = line_;
    if (header) {
      const char* nb = fields[0].begin;
      const char* ne = fields[0].end;
      unquote(nb, ne);
      has_time_ = std::string_view(nb, static_cast<std::size_t>(ne - nb)) == "t_ms";
      for (const Field& f : fields)
        if (f.begin == f.end) fail_at(f.begin, "empty column name in the header");
    }
    const std::size_t columns = width - (has_time_ ? 1 : 0);
    if (columns == 0) fail_at(b, "no input columns (only t_ms)");
    if (columns > (std::size_t{1} << 24)) fail_at(b, std::to_string(columns) + " columns is more than the limit of 16777216");
    series_.source = source_;
    series_.columns = static_cast<int>(columns);

    // Every value goes straight into its final place, sized once for the most rows the rest of
    // the text can hold: one per remaining line, and no more than its bytes allow (a row of
    // `width` values takes at least 2 * width bytes with its separators and newline). Blank and
    // comment lines count in the first bound but not the second, so neither alone is enough.
    const std::size_t left = text_.size() - pos_;
    const std::size_t lines_left = static_cast<std::size_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(pos_), text_.end(), '\n')) +
                                   (text_.empty() || text_.back() != '\n' ? 1 : 0);
    const std::size_t rows_max = std::min(lines_left, (left + 1) / (2 * width) + 1) + (header ? 0 : 1);
    series_.values.reserve(rows_max * columns);
    if (has_time_) series_.t_ms.reserve(rows_max);

    bool have_line = !header;  // without a header the first line is data
    std::size_t rows = 0;
    while (true) {
      if (!have_line && !next_line(b, e)) break;
      have_line = false;
      split(b, e, fields);
      if (fields.size() != width) {
        const char* at = fields.size() > width ? fields[width].begin : e;
        fail_at(at, "row has " + std::to_string(fields.size()) + " values, expected " + std::to_string(width) + " (as in line " +
                        std::to_string(header_line) + ")");
      }
      std::size_t c0 = 0;
      if (has_time_) {
        const double t = number<double>(fields[0], "a time in ms");
        if (t < 0) fail_at(fields[0].begin, "t_ms must be >= 0 (got " + format_number(t) + ")");
        if (t > kMaxSeriesTimeMs)
          fail_at(fields[0].begin, "t_ms must be at most " + format_number(kMaxSeriesTimeMs) + " ms (got " + format_number(t) + ")");
        if (!series_.t_ms.empty() && !(t > series_.t_ms.back()))
          fail_at(fields[0].begin, "t_ms must increase from row to row (" + format_number(t) + " after " + format_number(series_.t_ms.back()) + ")");
        series_.t_ms.push_back(t);
        c0 = 1;
      }
      for (std::size_t c = c0; c < width; ++c) {
        const float v = number<float>(fields[c], kind_ == InputKind::Spikes ? "a spike count" : kind_ == InputKind::Rates ? "a rate in Hz" : "a current");
        if (kind_ == InputKind::Spikes && (v < 0 || v != std::floor(v)))
          fail_at(fields[c].begin, "a spike count must be a whole number >= 0 (got " + shown(fields[c].begin, fields[c].end) + ")");
        if (kind_ == InputKind::Spikes && v > kMaxSpikeCount)
          fail_at(fields[c].begin, "a spike count must be at most " + format_number(kMaxSpikeCount) + " per row (got " + shown(fields[c].begin, fields[c].end) + ")");
        if (kind_ == InputKind::Rates && v < 0) fail_at(fields[c].begin, "a rate must be >= 0 Hz (got " + shown(fields[c].begin, fields[c].end) + ")");
        series_.values.push_back(v);
      }
      ++rows;
    }
    if (rows == 0) fail("no data rows after the header (line " + std::to_string(header_line) + ")");
  }

  std::string_view text_;
  const std::string& source_;
  InputKind kind_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  const char* line_begin_ = nullptr;
  char delim_ = ',';
  bool has_time_ = false;
  TimeSeries series_;
};

}  // namespace

SeriesResult parse_time_series_csv(std::string_view text, const std::string& source, InputKind kind) {
  return CsvParser(text, source, kind).run();
}

}  // namespace neurosim::io
