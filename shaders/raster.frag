#version 330 core
// Raster pass 2 (every frame): the scrolling view.
//
// uFolded is the spike ring already folded to one row per pixel (raster_rows.frag): one column
// per time bin, R = population + 1 (/255, 0 = silent), G = fraction of the neurons in the pixel
// row that fired. Columns are addressed modulo the texture width with GL_REPEAT on S, so
// scrolling is a change of uNewestColumn, never a copy of texture data.
//
// A pixel usually spans a few columns (2000 bins in ~800 pixels); it reads each of them (at
// most kMaxSamples, evenly spread) so that no spike vanishes between samples, and shows the
// colour of a population that fired there, brighter the denser the activity.
uniform sampler2D uFolded;
uniform float uColumns;         // texture width
uniform float uNewestColumn;    // texture column (0..columns-1) shown at the right edge
uniform float uVisibleColumns;  // columns across the view (<= texture width)
uniform vec2 uViewSize;         // target size in pixels (height = folded rows)
uniform vec3 uPalette[8];       // population colours (repeat after 8)
uniform vec3 uBackground;

out vec4 fragColor;

const int kMaxSamples = 8;

void main() {
  vec2 px = floor(gl_FragCoord.xy);
  float colsPerPx = uVisibleColumns / uViewSize.x;
  float c0 = floor(px.x * colsPerPx);
  float c1 = max(c0, ceil((px.x + 1.0) * colsPerPx) - 1.0);
  float firstColumn = uNewestColumn - uVisibleColumns + 1.0;  // may be negative: GL_REPEAT wraps
  float v = (px.y + 0.5) / uViewSize.y;

  int n = int(c1 - c0) + 1;
  int stride = max(1, (n + kMaxSamples - 1) / kMaxSamples);
  int population = 0;
  float density = 0.0;
  for (int i = 0; i < n; i += stride) {
    float u = (firstColumn + c0 + float(i) + 0.5) / uColumns;
    vec2 texel = texture(uFolded, vec2(u, v)).rg;
    population = max(population, int(texel.r * 255.0 + 0.5));
    density = max(density, texel.g);
  }
  if (population == 0) {
    fragColor = vec4(uBackground, 1.0);
    return;
  }
  // One spike in a pixel must be plainly visible; dense activity saturates.
  float strength = 0.65 + 0.35 * clamp(density * 4.0, 0.0, 1.0);
  int p = population - 1;
  vec3 colour = uPalette[p - 8 * (p / 8)];
  fragColor = vec4(mix(uBackground, colour, strength), 1.0);
}
