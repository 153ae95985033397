/* Radix-2 decimation-in-time FFT of N = 2^FFT_LOG2 complex points, in plain scalar loops over
 * separate real and imaginary arrays (a bit-reversed copy, then log2 N stages of butterflies with
 * a precomputed twiddle table), followed by a scalar loss: a weighted power spectrum,
 * Σ_k c_k |X_k|² / N with c_k = 1 / (1 + k mod 17). The gradient is taken w.r.t. the input
 * signal (real and imaginary parts); the work arrays carry shadows. Forward mode: tangents along
 * 8 fixed directions of the signal. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../bench.h"

#ifndef FFT_LOG2
#define FFT_LOG2 16
#endif
enum { LOG2N = FFT_LOG2, NF = 1 << LOG2N };
const char *kernel_name = "fft_grad";

static int bit_reverse(int i) {
  int j = 0;
  for (int b = 0; b < LOG2N; b++) j |= ((i >> b) & 1) << (LOG2N - 1 - b);
  return j;
}

double fft_loss(const double *xr, const double *xi, const double *twr, const double *twi, double *wr, double *wi) {
  for (int i = 0; i < NF; i++) {
    int j = bit_reverse(i);
    wr[j] = xr[i];
    wi[j] = xi[i];
  }
  for (int half = 1, step = NF / 2; half < NF; half *= 2, step /= 2)
    for (int s = 0; s < NF; s += 2 * half)
      for (int k = 0; k < half; k++) {
        int a = s + k, b = a + half;
        double cr = twr[k * step], ci = twi[k * step];
        double tr = wr[b] * cr - wi[b] * ci, ti = wr[b] * ci + wi[b] * cr;
        wr[b] = wr[a] - tr;
        wi[b] = wi[a] - ti;
        wr[a] += tr;
        wi[a] += ti;
      }
  double loss = 0.0;
  for (int k = 0; k < NF; k++) loss += (wr[k] * wr[k] + wi[k] * wi[k]) / (1.0 + (double)(k % 17));
  return loss / NF;
}

/* Heap arrays: 2^20 points are 16 MiB per array. */
static double *xr, *xi, *twr, *twi, *wr, *wi, *gxr, *gxi, *dwr, *dwi;
static double *t_xr[8], *t_xi[8], *t_wr[8], *t_wi[8], tangents[8];
static struct bench_array inputs[2];
static double *dirs[8 * 2];
static int last_width;
double result; /* external: stores to it are not dead */

/* The 42 arrays are carved from one block, each a cache line further from a 4 KiB boundary than
 * the one before, so that every tool runs on the same layout: allocated one by one, glibc mmaps
 * blocks this large page-aligned in a plain C program (every lane's element k then falls in the
 * same L1 set), while real Enzyme's Python host, whose mmap threshold has grown, serves them
 * from the heap, and width 8 costs 2-3x more on the first layout than on the second, whatever
 * the tool (README, "Forward-mode performance"). */
enum { NARRAYS = 10 + 4 * 8, STRIDE = NF + 8 /* doubles: 64 bytes of padding */ };
static double *array(void) {
  static double *block;
  static int used;
  if (!block) block = calloc((size_t)NARRAYS * STRIDE, sizeof(double));
  return block + (size_t)used++ * STRIDE;
}

static double uniform(unsigned *s) {
  *s = *s * 1664525u + 1013904223u;
  return (double)(*s >> 8) / (double)(1u << 24);
}

void kernel_init(void) {
  if (!xr) {
    xr = array(), xi = array(), twr = array(), twi = array(), wr = array(), wi = array();
    gxr = array(), gxi = array(), dwr = array(), dwi = array();
    for (int l = 0; l < 8; l++) t_xr[l] = array(), t_xi[l] = array(), t_wr[l] = array(), t_wi[l] = array();
  }
  unsigned s = 2024u;
  for (int i = 0; i < NF; i++) xr[i] = uniform(&s) - 0.5, xi[i] = uniform(&s) - 0.5;
  for (int k = 0; k < NF / 2; k++) twr[k] = cos(-2.0 * M_PI * k / NF), twi[k] = sin(-2.0 * M_PI * k / NF);
  inputs[0] = (struct bench_array){xr, gxr, NF};
  inputs[1] = (struct bench_array){xi, gxi, NF};
  for (int l = 0; l < 8; l++) dirs[2 * l] = t_xr[l], dirs[2 * l + 1] = t_xi[l];
  direction_fill(inputs, 2, dirs);
}

BENCH_ENTRY void kernel_primal(void) { result = fft_loss(xr, xi, twr, twi, wr, wi); }

BENCH_ENTRY void kernel_tangent(void) {
  gradient_zero(inputs, 2);
  __enzyme_autodiff((void *)fft_loss, enzyme_dup, xr, gxr, enzyme_dup, xi, gxi, enzyme_const, twr, enzyme_const, twi,
                    enzyme_dup, wr, dwr, enzyme_dup, wi, dwi);
}

BENCH_ENTRY void kernel_forward1(void) {
  last_width = 1;
  tangents[0] = __enzyme_fwddiff_d((void *)fft_loss, enzyme_dup, xr, t_xr[0], enzyme_dup, xi, t_xi[0], enzyme_const,
                                   twr, enzyme_const, twi, enzyme_dup, wr, t_wr[0], enzyme_dup, wi, t_wi[0]);
}

BENCH_ENTRY void kernel_forward8(void) {
  last_width = 8;
  bench_w8 t = __enzyme_fwddiff_w8((void *)fft_loss, enzyme_width, 8, enzyme_dup, xr, LANES8(t_xr), enzyme_dup, xi,
                                   LANES8(t_xi), enzyme_const, twr, enzyme_const, twi, enzyme_dup, wr, LANES8(t_wr),
                                   enzyme_dup, wi, LANES8(t_wi));
  for (int l = 0; l < 8; l++) tangents[l] = t.d[l];
}

int kernel_forward_results(double *out, int max) {
  int n = 0;
  for (; n < last_width && n < max; n++) out[n] = tangents[n];
  return n;
}
int kernel_forward_expected(int width, double *out, int max) { return direction_dots(inputs, 2, dirs, width, out, max); }

void kernel_dump(void) {
  double dims[1] = {NF};
  dump_array("dims", dims, 1);
  dump_array("xr", xr, NF);
  dump_array("xi", xi, NF);
}

static double value(void) { return fft_loss(xr, xi, twr, twi, wr, wi); }
int kernel_results(double *out, int max) { return gradient_sample(inputs, 2, out, max); }
/* The loss is quadratic in the signal, so the stencil is exact at any step: a large one keeps the
 * rounding error of differences of a 2^20-term sum small. */
int kernel_fd(double *out, int max) { return gradient_fd_step(inputs, 2, value, out, max, 0.25); }
double kernel_fd_cost(void) { return gradient_fd_cost(inputs, 2); }
