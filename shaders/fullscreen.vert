#version 330 core
// One triangle that covers the whole viewport, made from gl_VertexID alone (no vertex buffer):
// vertices (0,0), (2,0), (0,2) in [0,1] units; the part outside the viewport is clipped.
// vUV runs from (0,0) at the bottom-left to (1,1) at the top-right of the target.
out vec2 vUV;

void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  vUV = p;
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
