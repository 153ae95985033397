// TEST: reverse mode through loops whose induction variable steps by a value computed before the loop (an FFT's group start `s += 2*half`, a blocked sweep `s += stride` with a run-time stride, an i32 and an i64 one), which the reverse makes again from the iteration number instead of keeping per iteration; inner loops chosen per group by a condition computed from the stage only (LLVM's vector loop or scalar loop of the butterflies, at -O2 and above), whose edge the reverse tells from that condition kept once per stage; gradients against finite differences at several sizes and strides, and a dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define LOGMAX 6
#define NF (1 << LOGMAX)
#define NX 40

/* Radix-2 butterflies in place over n points (inlined into each caller, so that a constant n
 * gives LLVM's shape for it). */
static inline __attribute__((always_inline)) void butterflies(double *wr, double *wi, const double *twr,
                                                               const double *twi, int n) {
  for (int half = 1, step = n / 2; half < n; half *= 2, step /= 2)
    for (int s = 0; s < n; s += 2 * half)
      for (int k = 0; k < half; k++) {
        int a = s + k, b = a + half;
        double cr = twr[k * step], ci = twi[k * step];
        double tr = wr[b] * cr - wi[b] * ci, ti = wr[b] * ci + wi[b] * cr;
        wr[b] = wr[a] - tr;
        wi[b] = wi[a] - ti;
        wr[a] += tr;
        wi[a] += ti;
      }
}

/* The butterflies on a copy of x (real parts x[0..n), imaginary x[n..2n)) in work arrays with
 * shadows (as the benchmark's FFT), then a weighted power spectrum. */
__attribute__((noinline)) static double fft_loss(const double *x, const double *twr, const double *twi, double *wr,
                                                 double *wi, int logn) {
  int n = 1 << logn;
  for (int i = 0; i < n; i++) wr[i] = x[i], wi[i] = x[n + i];
  butterflies(wr, wi, twr, twi, n);
  double loss = 0.0;
  for (int k = 0; k < n; k++) loss += (wr[k] * wr[k] + wi[k] * wi[k]) / (1.0 + (k % 5));
  return loss / n;
}

/* The same butterflies at a size known at compile time (the benchmark's shape: at -O2 and above
 * each group runs LLVM's vector loop or its scalar loop, by a condition on the stage alone). */
__attribute__((noinline)) static double fft_fixed(const double *x, const double *twr, const double *twi, double *wr,
                                                  double *wi) {
  for (int i = 0; i < NF; i++) wr[i] = x[i], wi[i] = x[NF + i];
  butterflies(wr, wi, twr, twi, NF);
  double loss = 0.0;
  for (int k = 0; k < NF; k++) loss += (wr[k] * wr[k] + wi[k] * wi[k]) / (1.0 + (k % 7));
  return loss / NF;
}

/* A sweep over blocks of a run-time width; the block start steps by `stride`. */
__attribute__((noinline)) static double blocked(const double *x, long n, long stride, long width) {
  double acc = 0.0;
  for (long s = 1; s < n; s += stride) {
    double t = x[s - 1];
    for (long j = s; j < s + width && j < n; j++) t = t * x[j] * 0.9 + sin(x[j]) * 0.1;
    acc += t * x[s] + 0.01 * (double)s;
  }
  return acc;
}

/* Counting down by a run-time stride in 32 bits, products of neighbours. */
__attribute__((noinline)) static double down(const double *x, int n, int stride) {
  double acc = 1.0;
  for (int s = n - 1; s > 0; s -= stride) acc = acc * (1.0 + 0.1 * x[s] * x[s - 1]) + x[s];
  return acc;
}

/* An i32 start stepping by a stride read from memory, groups choosing a loop by a condition on
 * the stride alone. */
__attribute__((noinline)) static double groups(const double *x, const int *stride, int n) {
  double acc = 0.0;
  int st = *stride;
  int fast = st > 3 && (st & 1) == 0;
  for (int s = 0; s < n; s += st) {
    double t = 0.0;
    if (fast)
      for (int j = 0; j < st && s + j < n; j++) t += x[s + j] * x[s + j];
    else
      for (int j = 0; j < st && s + j < n; j++) t = t * 0.5 + x[s + j] * x[(s + 2 * j) % n];
    acc += t * x[s];
  }
  return acc;
}

/* The stride changes with the outer loop (i + 1), and a 16-bit start steps by it; products of
 * the values it visits, so each one's value is needed in the reverse. */
__attribute__((noinline)) static double tri_strided(const double *x, int n) {
  double acc = 0.0;
  for (int i = 0; i < n; i++) {
    double t = 1.0;
    for (short s = (short)i; s < n; s += (short)(i + 1)) t = t * (0.8 + 0.1 * x[s]) + x[(s + i) % n] * 0.05;
    acc += t * x[i];
  }
  return acc;
}

static double X[2 * NF], TWR[NF], TWI[NF];
static int LOGN, NI, STRIDE_I, STRIDES[1];
static long NL, STRIDE, WIDTH;
static double WR[NF], WI[NF], DWR[NF], DWI[NF];
static double F_fft(double *x) { return fft_loss(x, TWR, TWI, WR, WI, LOGN); }
static double F_fixed(double *x) { return fft_fixed(x, TWR, TWI, WR, WI); }
static double F_tri(double *x) { return tri_strided(x, NI); }
static double F_blocked(double *x) { return blocked(x, NL, STRIDE, WIDTH); }
static double F_down(double *x) { return down(x, NI, STRIDE_I); }
static double F_groups(double *x) { return groups(x, STRIDES, NI); }

static void check_fft(int logn) {
  char what[64];
  int n = 1 << logn;
  LOGN = logn;
  for (int k = 0; k < n / 2; k++) TWR[k] = cos(-2.0 * M_PI * k / n), TWI[k] = sin(-2.0 * M_PI * k / n);
  double g[2 * NF] = {0}, v[2 * NF];
  memset(DWR, 0, sizeof DWR), memset(DWI, 0, sizeof DWI);
  __enzyme_autodiff((void *)fft_loss, enzyme_dup, X, g, enzyme_const, TWR, enzyme_const, TWI, enzyme_dup, WR, DWR,
                    enzyme_dup, WI, DWI, enzyme_const, logn);
  snprintf(what, sizeof what, "fft_loss n=%d", n);
  ck_gradient(what, g, F_fft, X, 2 * n);
  for (int i = 0; i < 2 * n; i++) v[i] = 0.3 - 0.01 * i;
  double jv = __enzyme_fwddiff((void *)fft_loss, enzyme_dup, X, v, enzyme_const, TWR, enzyme_const, TWI, enzyme_dup,
                               WR, DWR, enzyme_dup, WI, DWI, enzyme_const, logn);
  snprintf(what, sizeof what, "fft_loss n=%d: <g, v>", n);
  CHECK(what, ck_dot(g, v, 2 * n), jv);
}

static void check_fixed(void) {
  for (int k = 0; k < NF / 2; k++) TWR[k] = cos(-2.0 * M_PI * k / NF), TWI[k] = sin(-2.0 * M_PI * k / NF);
  double g[2 * NF] = {0}, v[2 * NF];
  memset(DWR, 0, sizeof DWR), memset(DWI, 0, sizeof DWI);
  __enzyme_autodiff((void *)fft_fixed, enzyme_dup, X, g, enzyme_const, TWR, enzyme_const, TWI, enzyme_dup, WR, DWR,
                    enzyme_dup, WI, DWI);
  ck_gradient("fft_fixed", g, F_fixed, X, 2 * NF);
  for (int i = 0; i < 2 * NF; i++) v[i] = 0.1 + 0.02 * (i % 9);
  double jv = __enzyme_fwddiff((void *)fft_fixed, enzyme_dup, X, v, enzyme_const, TWR, enzyme_const, TWI, enzyme_dup,
                               WR, DWR, enzyme_dup, WI, DWI);
  CHECK("fft_fixed: <g, v>", ck_dot(g, v, 2 * NF), jv);
}

static void check_blocked(long n, long stride, long width) {
  char what[64];
  NL = n, STRIDE = stride, WIDTH = width;
  double g[NX] = {0}, v[NX];
  __enzyme_autodiff((void *)blocked, enzyme_dup, X, g, enzyme_const, n, enzyme_const, stride, enzyme_const, width);
  snprintf(what, sizeof what, "blocked n=%ld stride=%ld width=%ld", n, stride, width);
  ck_gradient(what, g, F_blocked, X, n);
  for (int i = 0; i < NX; i++) v[i] = 0.2 - 0.015 * i;
  double jv = __enzyme_fwddiff((void *)blocked, enzyme_dup, X, v, enzyme_const, n, enzyme_const, stride, enzyme_const, width);
  snprintf(what, sizeof what, "blocked n=%ld stride=%ld: <g, v>", n, stride);
  CHECK(what, ck_dot(g, v, n), jv);
}

static void check_down(int n, int stride) {
  char what[64];
  NI = n, STRIDE_I = stride;
  double g[NX] = {0};
  __enzyme_autodiff((void *)down, enzyme_dup, X, g, enzyme_const, n, enzyme_const, stride);
  snprintf(what, sizeof what, "down n=%d stride=%d", n, stride);
  ck_gradient(what, g, F_down, X, n);
}

static void check_tri(int n) {
  char what[64];
  NI = n;
  double g[NX] = {0}, v[NX];
  __enzyme_autodiff((void *)tri_strided, enzyme_dup, X, g, enzyme_const, n);
  snprintf(what, sizeof what, "tri_strided n=%d", n);
  ck_gradient(what, g, F_tri, X, n);
  for (int i = 0; i < NX; i++) v[i] = 0.25 - 0.01 * i;
  double jv = __enzyme_fwddiff((void *)tri_strided, enzyme_dup, X, v, enzyme_const, n);
  snprintf(what, sizeof what, "tri_strided n=%d: <g, v>", n);
  CHECK(what, ck_dot(g, v, n), jv);
}

static void check_groups(int n, int stride) {
  char what[64];
  NI = n, STRIDES[0] = stride;
  double g[NX] = {0};
  __enzyme_autodiff((void *)groups, enzyme_dup, X, g, enzyme_const, STRIDES, enzyme_const, n);
  snprintf(what, sizeof what, "groups n=%d stride=%d", n, stride);
  ck_gradient(what, g, F_groups, X, n);
}

int main(void) {
  for (int i = 0; i < 2 * NF; i++) X[i] = 0.5 + 0.13 * sin(1.7 * i) - 0.004 * i;
  for (int logn = 1; logn <= LOGMAX; logn++) check_fft(logn);
  check_fixed();
  for (int i = 0; i < NX; i++) X[i] = 0.4 + 0.05 * cos(0.9 * i);
  check_blocked(NX, 3, 2);
  check_blocked(NX, 7, 5);
  check_blocked(17, 16, 1);
  check_blocked(2, 1, 1);
  check_down(NX, 3);
  check_down(NX - 1, 5);
  check_down(2, 1);
  check_tri(NX);
  check_tri(7);
  check_tri(1);
  check_groups(NX, 4);
  check_groups(NX, 6);
  check_groups(NX - 3, 3);
  check_groups(5, 1);
  return ck_done();
}
