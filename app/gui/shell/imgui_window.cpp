#include "gui/shell/imgui_window.hpp"

#include <glad/gl.h>  // before GLFW: glad refuses to follow another GL header
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>  // declarations only; never include its loader header
#include <imgui.h>

#include "gui/shell/style.hpp"

namespace neurosim::gui {

std::string open_imgui_window(int width, int height, const char* title, bool batch, GLFWwindow*& window) {
  // OpenGL 3.3 core, as everything in shaders/ is GLSL 330.
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  window = glfwCreateWindow(width, height, title, nullptr, nullptr);
  if (window == nullptr) return "cannot create an OpenGL 3.3 core window (the driver may be too old)";
  glfwMakeContextCurrent(window);
  glfwSwapInterval(batch ? 0 : 1);  // vsync when interactive; as fast as possible in batch runs
  if (batch) glfwSetCursorPos(window, width - 2.0, 2.0);
  // OpenGL functions through GLFW (glad 2).
  if (gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress)) == 0) {
    glfwDestroyWindow(window);
    window = nullptr;
    return "cannot load OpenGL 3.3 functions";
  }
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is computed, not saved to imgui.ini
  // Dragging inside a plot must not move its window (clicks on the raster pick neurons).
  ImGui::GetIO().ConfigWindowsMoveFromTitleBarOnly = true;
  apply_style(16.0f);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  return "";
}

void render_imgui_frame(GLFWwindow* window, int& fb_width, int& fb_height) {
  ImGui::Render();
  glfwGetFramebufferSize(window, &fb_width, &fb_height);
  glViewport(0, 0, fb_width, fb_height);
  glClearColor(0.05f, 0.055f, 0.07f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void close_imgui_window(GLFWwindow* window) {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
}

}  // namespace neurosim::gui
