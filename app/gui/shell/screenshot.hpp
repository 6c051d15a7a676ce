#pragma once
// PNG screenshots of the whole window, and the PNG writer every picture export shares.
#include <filesystem>
#include <string>
#include <vector>

#include "neurosim/io/atomic_file.hpp"

namespace neurosim::gui {

// RGB rows as GL reads them (bottom row first) to a PNG file, atomically (io::AtomicFile's
// rules: temporary file, sync, rename; an existing file is replaced only with Replace::Allowed).
// Throws with the file's name and the reason.
void write_png(const std::filesystem::path& path, const std::vector<unsigned char>& rgb, int width, int height,
               io::Replace replace);

// Reads the back buffer (call after the frame is rendered, before glfwSwapBuffers) and writes
// it to `path` as PNG (write_png; the caller named the file, so an older one is replaced).
// Returns "" or the reason it failed.
std::string write_screenshot(const std::string& path, int width, int height);

// "neurosim-20240131-142501.png" in the working directory.
std::string timestamped_screenshot_name();

}  // namespace neurosim::gui
