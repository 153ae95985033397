/* Dense Jacobian of a small vector function f: R^n → R^n (n = JAC_N, 16 to 64): two dense
 * layers, y = tanh(W2 h) + 0.1 (W2 h) ∘ x with h = tanh(W1 x + b), the weights inactive. The
 * derivative is the whole n×n Jacobian: in reverse mode by n sweeps (one per output, seeded with
 * a unit vector), in forward mode by n width-1 sweeps or n/8 width-8 sweeps (one per input or
 * per 8 inputs). Compiled with JAC_BATCHED (bench/kernels/jacobian*_batched.c), the reverse
 * derivative is batched instead: 8 outputs per sweep (`enzyme_width 8`), ceil(n/8) sweeps, and the
 * forward kernels' values and their expected values are every entry of the matrix, so that
 * `exe check` compares the batched Jacobian with forward mode's entry by entry. */
#include <math.h>
#include <string.h>

#include "../bench.h"

#ifndef JAC_N
#define JAC_N 32
#endif
enum { NJ = JAC_N };
const char *kernel_name = "jacobian_grad";

void vecfun(const double *w1, const double *w2, const double *b, const double *x, double *y) {
  double h[NJ];
  for (int i = 0; i < NJ; i++) {
    double s = b[i];
    for (int j = 0; j < NJ; j++) s += w1[i * NJ + j] * x[j];
    h[i] = tanh(s);
  }
  for (int i = 0; i < NJ; i++) {
    double s = 0.0;
    for (int j = 0; j < NJ; j++) s += w2[i * NJ + j] * h[j];
    y[i] = tanh(s) + 0.1 * s * x[i];
  }
}

static double w1[NJ * NJ], w2[NJ * NJ], b[NJ], x[NJ + 8], unit[NJ + 8][NJ];
double y[NJ], jac[NJ][NJ], fjac[NJ][NJ]; /* external: stores to them are not dead */
static int forward_ran;

static double uniform(unsigned *s) {
  *s = *s * 1664525u + 1013904223u;
  return (double)(*s >> 8) / (double)(1u << 24);
}

void kernel_init(void) {
  unsigned s = 99u;
  double scale = 2.0 / sqrt((double)NJ);
  for (int i = 0; i < NJ * NJ; i++) w1[i] = scale * (uniform(&s) - 0.5), w2[i] = scale * (uniform(&s) - 0.5);
  for (int i = 0; i < NJ; i++) b[i] = 0.2 * uniform(&s) - 0.1, x[i] = uniform(&s) - 0.5, unit[i][i] = 1.0;
}

BENCH_ENTRY void kernel_primal(void) { vecfun(w1, w2, b, x, y); }

#ifdef JAC_BATCHED
static double spare[8][NJ]; /* the gradients of the lanes past the last row (seeded with zero) */

/* Rows i..i+7 of the Jacobian in one sweep of 8 lanes, lane l seeded with the (i+l)-th unit vector. */
BENCH_ENTRY void kernel_tangent(void) {
  for (int i = 0; i < NJ; i += 8) {
    double out[NJ], seed[8][NJ] = {{0}}, *rows[8];
    for (int l = 0; l < 8; l++) {
      rows[l] = i + l < NJ ? jac[i + l] : spare[l];
      if (i + l < NJ) seed[l][i + l] = 1.0;
      memset(rows[l], 0, sizeof jac[0]);
    }
    __enzyme_autodiff((void *)vecfun, enzyme_width, 8, enzyme_const, w1, enzyme_const, w2, enzyme_const, b,
                      enzyme_dup, x, LANES8(rows), enzyme_dupnoneed, out, LANES8(seed));
  }
}
#else
/* Row i of the Jacobian: the reverse sweep seeded with the i-th unit vector. */
BENCH_ENTRY void kernel_tangent(void) {
  for (int i = 0; i < NJ; i++) {
    double out[NJ], seed[NJ] = {0};
    seed[i] = 1.0;
    memset(jac[i], 0, sizeof jac[i]);
    __enzyme_autodiff((void *)vecfun, enzyme_const, w1, enzyme_const, w2, enzyme_const, b, enzyme_dup, x, jac[i],
                      enzyme_dupnoneed, out, seed);
  }
}
#endif

/* Column j of the Jacobian: the tangent along the j-th unit vector. */
BENCH_ENTRY void kernel_forward1(void) {
  forward_ran = 1;
  for (int j = 0; j < NJ; j++) {
    double out[NJ], dout[NJ];
    __enzyme_fwddiff((void *)vecfun, enzyme_const, w1, enzyme_const, w2, enzyme_const, b, enzyme_dup, x, unit[j],
                     enzyme_dup, out, dout);
    for (int i = 0; i < NJ; i++) fjac[i][j] = dout[i];
  }
}

BENCH_ENTRY void kernel_forward8(void) {
  forward_ran = 1;
  for (int j = 0; j < NJ; j += 8) {
    double out[NJ], dout[8][NJ];
    __enzyme_fwddiff((void *)vecfun, enzyme_width, 8, enzyme_const, w1, enzyme_const, w2, enzyme_const, b, enzyme_dup,
                     x, unit[j], unit[j + 1], unit[j + 2], unit[j + 3], unit[j + 4], unit[j + 5], unit[j + 6],
                     unit[j + 7], enzyme_dup, out, LANES8(dout));
    for (int l = 0; l < 8; l++)
      for (int i = 0; i < NJ; i++) fjac[i][j + l] = dout[l][i];
  }
}

/* The compared entries: 48 spread over the n×n matrix. */
enum { SAMPLE = 48 };
static int sample(double (*m)[NJ], double *out, int max) {
  int n = 0;
  for (int s = 0; s < SAMPLE && n < max; s++) {
    long k = (long)s * NJ * NJ / SAMPLE;
    out[n++] = m[k / NJ][k % NJ];
  }
  return n;
}

#ifdef JAC_BATCHED
/* Every entry, row by row. */
static int every(double (*m)[NJ], double *out, int max) {
  int n = 0;
  for (int k = 0; k < NJ * NJ && n < max; k++) out[n++] = m[k / NJ][k % NJ];
  return n;
}
#define FORWARD_ENTRIES every
#else
#define FORWARD_ENTRIES sample
#endif

int kernel_results(double *out, int max) { return sample(jac, out, max); }
int kernel_forward_results(double *out, int max) { return forward_ran ? FORWARD_ENTRIES(fjac, out, max) : 0; }
int kernel_forward_expected(int width, double *out, int max) {
  (void)width;
  return FORWARD_ENTRIES(jac, out, max);
}

void kernel_dump(void) {
  double dims[1] = {NJ};
  dump_array("dims", dims, 1);
  dump_array("w1", w1, NJ * NJ);
  dump_array("w2", w2, NJ * NJ);
  dump_array("b", b, NJ);
  dump_array("x", x, NJ);
}

int kernel_fd(double *out, int max) {
  static const double offsets[4] = {-2.0, -1.0, 1.0, 2.0};
  int n = 0;
  for (int s = 0; s < SAMPLE && n < max; s++) {
    long k = (long)s * NJ * NJ / SAMPLE;
    int i = (int)(k / NJ), j = (int)(k % NJ);
    double keep = x[j], h = FD_STEP * fmax(1.0, fabs(keep)), f[4];
    for (int t = 0; t < 4; t++) {
      x[j] = keep + offsets[t] * h;
      vecfun(w1, w2, b, x, y);
      f[t] = y[i];
    }
    x[j] = keep;
    out[n++] = fd_stencil(f, h);
  }
  return n;
}

/* The whole Jacobian by central differences: 2 evaluations per input. */
double kernel_fd_cost(void) { return 2.0 * NJ; }
