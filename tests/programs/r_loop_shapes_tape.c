// TEST: reverse mode through loop shapes whose records the tape takes with one capacity check per loop entry, or checked ones where the count is unknown: a size_t loop counting down, an unsigned loop stepping by 4 to a bound that is not a multiple of 4, a short loop stepping by 2 over a signed char counter, a loop walking a pointer to an end pointer, a triangular nest, a loop left early by a break, and a loop over a count loaded from memory after each iteration's call; gradients against finite differences at sizes 0, 1, 5 and 333, and a dot-product test with forward mode
#include <stddef.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NX 9

__attribute__((noinline)) static double bump(double s, double v) { return s + 0.01 * sin(s * v); }

__attribute__((noinline)) static double shapes(const double *x, const double *end, const unsigned *len, size_t n) {
  double s = 1.0;
  for (size_t i = n; i-- > 0;) s = s + 0.01 * x[i % NX] * sin(s);
  for (unsigned i = 1; i < (unsigned)n + 3; i += 4) s = s * 0.99 + 0.02 * cos(s * x[i % NX]);
  for (signed char c = -9; c < (signed char)(n % 100); c += 2) s = s + 0.02 * x[(c + 9) % NX] * cos(s);
  for (const double *p = x; p != end; p++) s = s + 0.05 * *p * sin(2.0 * s);
  for (size_t i = 0; i < n % 23; i++)
    for (size_t j = 0; j < i; j++) s = s + 0.003 * x[(i + j) % NX] * cos(s);
  for (size_t i = 0; i < n; i++) {
    s = s + 0.02 * x[(3 * i) % NX] * s * s;
    if (s > 1.6) break;
  }
  for (unsigned i = 0; i < *len; i++) s = bump(s, x[i % NX]) + 0.002 * x[(i + 1) % NX] * sin(s);
  return s;
}

static double X[NX];
static size_t N;
static unsigned LEN;
static double F(double *x) { return shapes(x, x + NX, &LEN, N); }

static void check_at(size_t n, unsigned len) {
  char what[64];
  N = n, LEN = len;
  double g[NX] = {0}, v[NX];
  __enzyme_autodiff((void *)shapes, enzyme_dup, X, g, enzyme_const, X + NX, enzyme_const, &LEN, enzyme_const, n);
  snprintf(what, sizeof what, "shapes n=%zu", n);
  ck_gradient(what, g, F, X, NX);
  for (int i = 0; i < NX; i++) v[i] = 0.25 - 0.06 * i;
  double jv = __enzyme_fwddiff((void *)shapes, enzyme_dup, X, v, enzyme_const, X + NX, enzyme_const, &LEN, enzyme_const, n);
  snprintf(what, sizeof what, "shapes n=%zu: <g, v>", n);
  CHECK(what, ck_dot(g, v, NX), jv);
}

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.4 - 0.11 * i + 0.015 * i * i;
  check_at(0, 0);
  check_at(1, 2);
  check_at(5, 7);
  check_at(333, 500);
  return ck_done();
}
