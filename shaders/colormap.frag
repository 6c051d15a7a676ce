#version 330 core
// A float matrix shown through a colour map: value -> t in [0, 1] over uRange -> lookup table.
// uValues is the pre x post weight matrix (R32F, row 0 = first presynaptic neuron, drawn at the
// top); uLut is the 256 x 1 colour table (viridis), sampled at texel centres so t = 0 and t = 1
// give exactly the end colours.
uniform sampler2D uValues;
uniform sampler2D uLut;
uniform vec2 uRange;  // value at t = 0, value at t = 1

in vec2 vUV;
out vec4 fragColor;

void main() {
  float value = texture(uValues, vec2(vUV.x, 1.0 - vUV.y)).r;
  float span = uRange.y - uRange.x;
  float t = span > 0.0 ? clamp((value - uRange.x) / span, 0.0, 1.0) : 0.5;
  vec3 colour = texture(uLut, vec2((t * 255.0 + 0.5) / 256.0, 0.5)).rgb;
  fragColor = vec4(colour, 1.0);
}
