// Back buffer -> PNG (see screenshot.hpp). stb_image_write's implementation comes from libstb,
// so this file only includes the header.
#include "gui/shell/screenshot.hpp"

#include <glad/gl.h>
#include <stb_image_write.h>

#include <ctime>
#include <stdexcept>
#include <string_view>

namespace neurosim::gui {

namespace {

void append_bytes(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<unsigned char>*>(context);
  const auto* p = static_cast<const unsigned char*>(data);
  out->insert(out->end(), p, p + size);
}

}  // namespace

void write_png(const std::filesystem::path& path, const std::vector<unsigned char>& rgb, int width, int height,
               io::Replace replace) {
  std::vector<unsigned char> png;
  stbi_flip_vertically_on_write(1);  // GL rows start at the bottom; PNG rows at the top
  const int ok = stbi_write_png_to_func(append_bytes, &png, width, height, 3, rgb.data(), width * 3);
  stbi_flip_vertically_on_write(0);
  if (ok == 0) throw std::runtime_error("cannot encode " + path.string() + " as PNG");
  io::write_file_atomically(path, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()), replace);
}

std::string write_screenshot(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return "nothing to capture (window is " + std::to_string(width) + "x" + std::to_string(height) + ")";
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);  // tightly packed RGB rows
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  try {
    write_png(path, pixels, width, height, io::Replace::Allowed);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

std::string timestamped_screenshot_name() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char name[64];
  std::strftime(name, sizeof name, "neurosim-%Y%m%d-%H%M%S.png", &local);
  return name;
}

}  // namespace neurosim::gui
