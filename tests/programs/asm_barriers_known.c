// TEST: inline assembly Catalase knows, in differentiated code: empty optimisation barriers (a `memory` clobber, Google Benchmark's DoNotOptimize through "r,m" and "+r,m", a "+x" register barrier on a vector) and SSE's packed min/max written as assembly the way Eigen writes them for clang (`minpd`/`maxpd`, two-operand form, and the AVX three-operand form under -mavx), and `vfmadd231pd` as Eigen's pmadd writes it under -mfma (asm_barriers_known_fma.c builds this file with -mavx2 -mfma); reverse-mode gradient against finite differences, and forward mode's tangent against it
#include <math.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef double v2d __attribute__((vector_size(16)));

static inline void clobber_memory(void) { __asm__ volatile("" : : : "memory"); }
static inline void keep(double v) { __asm__ volatile("" : : "r,m"(v) : "memory"); }
static inline double opaque(double v) {
  __asm__ volatile("" : "+r,m"(v) : : "memory");
  return v;
}
static inline v2d barrier(v2d v) {
  __asm__("" : "+x"(v));
  return v;
}
/* std::min(a, b) per lane: b < a ? b : a (the second source on ties and NaN). */
static inline v2d pmin(v2d a, v2d b) {
  v2d res = b;
  __asm__("minpd %[a], %[res]" : [res] "+x"(res) : [a] "x"(a));
  return res;
}
static inline v2d pmax(v2d a, v2d b) {
#ifdef __AVX__
  v2d res;
  __asm__("vmaxpd %[a], %[b], %[res]" : [res] "=x"(res) : [a] "x"(a), [b] "x"(b));
#else
  v2d res = b;
  __asm__("maxpd %[a], %[res]" : [res] "+x"(res) : [a] "x"(a));
#endif
  return res;
}

/* a * b + c, fused, as Eigen's pmadd writes it for clang with FMA (-mfma). */
static inline v2d pmadd(v2d a, v2d b, v2d c) {
#ifdef __FMA__
  v2d res = c;
  __asm__("vfmadd231pd %[a], %[b], %[c]" : [c] "+x"(res) : [a] "x"(a), [b] "x"(b));
  return res;
#else
  return a * b + c;
#endif
}

#define N 6

__attribute__((noinline)) double objective(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i += 2) {
    v2d v = {x[i], x[i + 1]};
    v2d lo = {0.2, 0.25}, hi = {0.6, 1.5};
    v2d c = pmin(pmax(barrier(v * v), lo), hi); /* clamp each lane */
    v2d m = pmadd(c, v, (v2d){0.5, -0.25});
    s += opaque(c[0] * x[i + 1]) + c[1] * x[i] + m[0] * m[1];
    keep(s);
    clobber_memory();
  }
  return opaque(s) * x[0];
}

static double F(double *x) { return objective(x, N); }

int main(void) {
  /* Lanes inside the clamp and lanes clamped at either bound (away from the kinks). */
  double x[N] = {0.3, -0.6, 0.7, 1.4, -0.2, 0.9}, dx[N] = {0}, v[N] = {0.4, -0.2, 0.9, 0.1, 0.3, -0.6};
  __enzyme_autodiff((void *)objective, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("barriers and packed min/max", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)objective, enzyme_dup, x, v, enzyme_const, N);
  CHECK("barriers and packed min/max: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
