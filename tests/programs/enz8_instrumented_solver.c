// TEST: reverse and forward mode through a solver instrumented as research code is: debug printing of active values (printf, fprintf to stderr, snprintf into a log buffer kept in a struct), assert on active quantities, errno reset and tested after log and sqrt, clock() timing, an error path that calls exit (never taken), __builtin_expect on the error test, and a verbosity flag read from a global; a damped fixed-point iteration for a nonlinear system; gradients against finite differences, dot-product test against forward mode
#include <assert.h>
#include <errno.h>
#include <time.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  char log[512];
  int used;
  long iterations;
  double elapsed;
} trace;

static int verbosity = 1;

static void logf_(trace *t, const char *what, double v) {
  if (t->used < 400) t->used += snprintf(t->log + t->used, sizeof t->log - t->used, "%s=%.4g;", what, v);
}

static double solve(const double *p, trace *t) {
  clock_t start = clock();
  double x = 0.5, y = 0.5;
  for (int it = 0; it < 30; it++) {
    errno = 0;
    double lx = log(1.0 + x * x + p[0]);
    double sy = sqrt(2.0 + y * y * p[1]);
    if (__builtin_expect(errno != 0, 0)) {
      fprintf(stderr, "math error at iteration %d: x=%g y=%g\n", it, x, y);
      exit(3);
    }
    double xn = 0.5 * x + 0.5 * (p[2] + 0.3 * lx - 0.1 * y);
    double yn = 0.5 * y + 0.5 * (0.2 * sy + p[3] * x);
    assert(isfinite(xn) && isfinite(yn));
    x = xn;
    y = yn;
    t->iterations++;
    if (verbosity > 1) printf("it %d: x=%g y=%g\n", it, x, y);
    if (it % 10 == 0) logf_(t, "x", x);
  }
  if (verbosity > 0) fprintf(stderr, "%s", "");
  t->elapsed += (double)(clock() - start) / CLOCKS_PER_SEC;
  logf_(t, "y", y);
  return x * x + sin(y) + 0.1 * x * y;
}

static trace gt;
static double F(double *p) { return solve(p, &gt); }

int main(void) {
  double p[4] = {0.3, 0.8, 0.6, -0.4}, dp[4] = {0}, v[4] = {0.2, -0.3, 0.5, 0.1};
  trace t = {{0}, 0, 0, 0.0};
  __enzyme_autodiff((void *)solve, enzyme_dup, p, dp, enzyme_const, &t);
  CHECK_PRIMAL("instrumented: iterations counted once", (double)t.iterations, 30.0);
  CHECK_PRIMAL("instrumented: log written", (double)(strncmp(t.log, "x=", 2) == 0), 1.0);
  ck_gradient("instrumented solver: d/dp", dp, F, p, 4);
  double jv = __enzyme_fwddiff((void *)solve, enzyme_dup, p, v, enzyme_const, &t);
  CHECK("instrumented solver: dot test", ck_dot(dp, v, 4), jv);
  return ck_done();
}
