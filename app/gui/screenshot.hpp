#pragma once
// PNG screenshots of the whole window.
#include <string>

namespace neurosim::gui {

// Reads the back buffer (call after the frame is rendered, before glfwSwapBuffers) and writes
// it to `path` as PNG, through path + ".tmp" and a rename so a reader never sees half a file.
// Returns "" or the reason it failed.
std::string write_screenshot(const std::string& path, int width, int height);

// "neurosim-20240131-142501.png" in the working directory.
std::string timestamped_screenshot_name();

}  // namespace neurosim::gui
