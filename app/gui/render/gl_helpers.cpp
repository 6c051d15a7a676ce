// Shader loading and small GL resource helpers (see gl_helpers.hpp).
#include "gui/render/gl_helpers.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace neurosim::gui::gl {

namespace {

bool read_file(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

std::string shader_log(GLuint shader) {
  GLint length = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::vector<char> log(static_cast<std::size_t>(length > 1 ? length : 1), '\0');
  glGetShaderInfoLog(shader, static_cast<GLsizei>(log.size()), nullptr, log.data());
  return log.data();
}

std::string program_log(GLuint program) {
  GLint length = 0;
  glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
  std::vector<char> log(static_cast<std::size_t>(length > 1 ? length : 1), '\0');
  glGetProgramInfoLog(program, static_cast<GLsizei>(log.size()), nullptr, log.data());
  return log.data();
}

GLuint compile(GLenum kind, const std::string& file, std::string& error) {
  const std::string path = shader_dir() + "/" + file;
  std::string source;
  if (!read_file(path, source)) {
    error = "cannot read shader " + path +
            " (set NEUROSIM_SHADERS to the directory that holds the .vert/.frag files)";
    return 0;
  }
  const GLuint shader = glCreateShader(kind);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    error = "shader " + path + " does not compile:\n" + shader_log(shader);
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

}  // namespace

std::string shader_dir() {
  if (const char* env = std::getenv("NEUROSIM_SHADERS"); env != nullptr && *env != '\0') return env;
  return NEUROSIM_SHADER_DIR;
}

GLuint load_program(const std::string& vertex, const std::string& fragment, std::string& error) {
  const GLuint vs = compile(GL_VERTEX_SHADER, vertex, error);
  if (vs == 0) return 0;
  const GLuint fs = compile(GL_FRAGMENT_SHADER, fragment, error);
  if (fs == 0) {
    glDeleteShader(vs);
    return 0;
  }
  const GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);  // flagged for deletion; they live as long as the program
  glDeleteShader(fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    error = "shaders " + vertex + " + " + fragment + " do not link:\n" + program_log(program);
    glDeleteProgram(program);
    return 0;
  }
  return program;
}

GLuint create_texture(GLint internal_format, int width, int height, GLenum format, GLenum type,
                      GLint filter, GLint wrap_s, const void* data) {
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, wrap_s);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);  // rows of R8 textures are not 4-byte multiples
  glTexImage2D(GL_TEXTURE_2D, 0, internal_format, width, height, 0, format, type, data);
  glBindTexture(GL_TEXTURE_2D, 0);
  return texture;
}

bool RenderTarget::begin(int width, int height, bool* reallocated) {
  width = width < 1 ? 1 : width;
  height = height < 1 ? 1 : height;
  if (reallocated != nullptr) *reallocated = false;
  if (framebuffer_ == 0) {
    glGenFramebuffers(1, &framebuffer_);
    texture_ = create_texture(internal_format_, width, height, format_, GL_UNSIGNED_BYTE, GL_NEAREST, wrap_s_, nullptr);
    width_ = width;
    height_ = height;
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
    if (reallocated != nullptr) *reallocated = true;
  } else {
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    if (width != width_ || height != height_) {
      // Same texture name, new storage: the ImTextureID the panels hold stays valid.
      glBindTexture(GL_TEXTURE_2D, texture_);
      glTexImage2D(GL_TEXTURE_2D, 0, internal_format_, width, height, 0, format_, GL_UNSIGNED_BYTE, nullptr);
      glBindTexture(GL_TEXTURE_2D, 0);
      width_ = width;
      height_ = height;
      if (reallocated != nullptr) *reallocated = true;
    }
  }
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return false;
  }
  glViewport(0, 0, width_, height_);
  return true;
}

void RenderTarget::end() { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

void RenderTarget::destroy() {
  if (texture_ != 0) glDeleteTextures(1, &texture_);
  if (framebuffer_ != 0) glDeleteFramebuffers(1, &framebuffer_);
  texture_ = framebuffer_ = 0;
  width_ = height_ = 0;
}

void FullscreenPass::create() {
  if (vao_ == 0) glGenVertexArrays(1, &vao_);
}

void FullscreenPass::draw() const {
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
}

void FullscreenPass::destroy() {
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
  vao_ = 0;
}

}  // namespace neurosim::gui::gl
