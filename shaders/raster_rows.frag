#version 330 core
// Raster pass 1: fold the neuron rows of the ring into as many rows as the view has pixels.
//
// The spike ring (uRing) holds one time bin per texture row, its neuron rows (or bins of
// neurons) along the texture's width, as the app's mirror keeps them (each bin's bytes
// contiguous, uploaded in one block): up to 4096 rows, shown in a few hundred pixels. Folding them once per column, when
// the column is new, means the per-frame pass (raster.frag) reads ~2 texels per pixel instead of
// dozens; the app draws this pass only over the columns that changed (viewport = those columns),
// so its cost follows the spike data, not the window size.
//
// Input texel: 0 = no spike, else population + 1 (R8, value * 255).
// Output texel (RG8): R = highest population + 1 that fired among the rows folded here (/255),
//                     G = fraction of those rows that fired (activity density).
uniform sampler2D uRing;
uniform vec2 uRingSize;  // columns, rows of the spike ring
uniform float uHeight;   // rows of the output (= pixel rows of the view)

out vec4 fragColor;

const int kMaxSamples = 64;  // rows read per output texel; more are strided

void main() {
  int column = int(gl_FragCoord.x);               // the same column index in both rings
  float fromTop = uHeight - 1.0 - floor(gl_FragCoord.y);
  float rowsPerTexel = uRingSize.y / uHeight;
  int r0 = int(floor(fromTop * rowsPerTexel));
  int r1 = max(r0, int(ceil((fromTop + 1.0) * rowsPerTexel)) - 1);
  int n = r1 - r0 + 1;
  int stride = max(1, (n + kMaxSamples - 1) / kMaxSamples);
  int population = 0;
  int hits = 0;
  int samples = 0;
  for (int r = r0; r <= r1; r += stride) {
    int value = int(texelFetch(uRing, ivec2(r, column), 0).r * 255.0 + 0.5);
    samples += 1;
    if (value > 0) {
      hits += 1;
      population = max(population, value);
    }
  }
  fragColor = vec4(float(population) / 255.0, float(hits) / float(max(samples, 1)), 0.0, 1.0);
}
