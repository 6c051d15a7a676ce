// Back buffer -> PNG (see screenshot.hpp). stb_image_write's implementation comes from libstb,
// so this file only includes the header.
#include "gui/screenshot.hpp"

#include <glad/gl.h>
#include <stb_image_write.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <vector>

namespace neurosim::gui {

std::string write_screenshot(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return "nothing to capture (window is " + std::to_string(width) + "x" + std::to_string(height) + ")";
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);  // tightly packed RGB rows
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  const std::string tmp = path + ".tmp";
  // GL rows start at the bottom; PNG rows at the top.
  stbi_flip_vertically_on_write(1);
  const int ok = stbi_write_png(tmp.c_str(), width, height, 3, pixels.data(), width * 3);
  stbi_flip_vertically_on_write(0);
  if (ok == 0) {
    std::remove(tmp.c_str());
    return "cannot write " + tmp + (errno != 0 ? std::string(": ") + std::strerror(errno) : std::string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return "cannot rename " + tmp + " to " + path + ": " + ec.message();
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
