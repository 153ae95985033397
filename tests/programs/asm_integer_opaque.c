// TEST: integer-only inline assembly inside a differentiated function (the time-stamp counter read with `rdtsc` for a statistic, `cpuid` as Eigen asks the CPU its cache sizes, a `pause` in a spin hint, an `mfence`): the instructions touch no float and no pointer, so Catalase calls them as inactive functions; reverse-mode gradient against finite differences and forward mode's tangent against it
#include <math.h>
#include <stdint.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static uint64_t cycles_spent;

static inline uint64_t read_tsc(void) {
  uint32_t lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64_t)hi << 32) | lo;
}

static int cache_line_hint(void) {
  uint32_t a, b, c, d;
  __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "0"(1u), "2"(0u));
  return (int)((b >> 8) & 0xff) * 8 > 0 ? 64 : 64; /* the CLFLUSH line size, always used as 64 */
}

__attribute__((noinline)) double objective(const double *x, int n) {
  uint64_t t0 = read_tsc();
  int line = cache_line_hint();
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    s += sin(x[i]) * x[(i + 1) % n] * (line / 64);
    __asm__ volatile("pause");
  }
  __asm__ volatile("mfence" ::: "memory");
  cycles_spent += read_tsc() - t0;
  return s * s;
}

#define N 5
static double F(double *x) { return objective(x, N); }

int main(void) {
  double x[N] = {0.3, -0.5, 0.7, 1.1, -0.2}, dx[N] = {0}, v[N] = {0.4, -0.2, 0.9, 0.1, 0.3};
  __enzyme_autodiff((void *)objective, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("integer inline assembly", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)objective, enzyme_dup, x, v, enzyme_const, N);
  CHECK("integer inline assembly: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
