#pragma once
// OpenGL plumbing for the render passes: shader programs loaded from shaders/ at run time,
// textures, and offscreen targets whose colour texture ImGui shows with ImGui::Image.
// Only the renderers include this header; panels receive texture handles and issue no GL calls.
#include <glad/gl.h>

#include <string>

namespace neurosim::gui::gl {

// The shader directory: $NEUROSIM_SHADERS if set, else the source tree's shaders/ (compiled in).
std::string shader_dir();

// Compiles and links `vertex` + `fragment` (file names inside shader_dir()). Returns 0 and a
// message naming the file and the driver's log when a file is missing or does not compile.
GLuint load_program(const std::string& vertex, const std::string& fragment, std::string& error);

// A 2D texture with the given storage and sampling; data may be null.
GLuint create_texture(GLint internal_format, int width, int height, GLenum format, GLenum type,
                      GLint filter, GLint wrap_s, const void* data);

// A colour texture with a framebuffer around it, resized on demand. Owned by one renderer;
// destroy() must run while the GL context is current.
class RenderTarget {
 public:
  // The colour texture's storage and horizontal wrap (GL_REPEAT for rings addressed modulo width).
  explicit RenderTarget(GLint internal_format = GL_RGBA8, GLenum format = GL_RGBA, GLint wrap_s = GL_CLAMP_TO_EDGE)
      : internal_format_(internal_format), format_(format), wrap_s_(wrap_s) {}
  RenderTarget(const RenderTarget&) = delete;
  RenderTarget& operator=(const RenderTarget&) = delete;
  ~RenderTarget() = default;  // GL objects are freed by destroy(), not here: the context may be gone

  // Makes sure the target is width x height (at least 1x1) and binds it with a matching viewport.
  // `reallocated` (optional) tells whether the storage was (re)created, i.e. its content is undefined.
  bool begin(int width, int height, bool* reallocated = nullptr);
  // Back to the window's framebuffer.
  static void end();
  void destroy();
  GLuint texture() const { return texture_; }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  GLint internal_format_;
  GLenum format_;
  GLint wrap_s_;
  GLuint framebuffer_ = 0;
  GLuint texture_ = 0;
  int width_ = 0;
  int height_ = 0;
};

// A vertex array with no buffers: the passes make a covering triangle from gl_VertexID
// (core profile needs some VAO bound to draw).
class FullscreenPass {
 public:
  void create();
  void draw() const;
  void destroy();

 private:
  GLuint vao_ = 0;
};

}  // namespace neurosim::gui::gl
