#pragma once
// The OpenGL 3.3 core window with Dear ImGui on it, as both window front ends use it (the
// simulation's, gui_main.cpp, and the gradient-training layout's, gradient_window.cpp). GLFW
// must be initialised first; each caller says in its own words why it could not be.
#include <string>

struct GLFWwindow;

namespace neurosim::gui {

// Opens the window, loads the GL functions, and sets up ImGui (style, backends). `batch` (a
// --frames run): no vsync, and the pointer parked on the menu bar's empty right end so that a
// screenshot shows no hover highlight. Returns "" or why not; then nothing is left open (GLFW
// stays initialised).
std::string open_imgui_window(int width, int height, const char* title, bool batch, GLFWwindow*& window);

// Draws ImGui's frame on the cleared back buffer; gives the framebuffer's size.
void render_imgui_frame(GLFWwindow* window, int& fb_width, int& fb_height);

// ImGui's backends and context, the window and GLFW, in the reverse order of setup.
void close_imgui_window(GLFWwindow* window);

}  // namespace neurosim::gui
