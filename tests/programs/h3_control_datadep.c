// TEST: reverse mode through control flow decided by the active data: a while loop whose trip count depends on the values (piecewise constant, checked away from its switch points), an early return from the middle of a nested loop, break and continue in one loop, a goto retry loop, a switch on an int computed by floor() of an active value, a loop whose trip count is ceil() of an input double, and an in-place recurrence x[i] = f(x[i-1]) on the input array itself; gradients against finite differences and the dot-product test against forward mode
#include <string.h>

#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 6

/* Halve the amplitude until it is below 0.1: the number of rounds depends on x. */
static double halving(double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double a = x[i] * x[i] + 0.3;
    int rounds = 0;
    while (a > 0.1) {
      a = 0.5 * a + 0.01 * sin(a);
      rounds++;
    }
    s += a * (rounds + 1);
  }
  return s;
}

/* Search a 2-d grid of products; returns from inside the inner loop at the first big one. */
static double first_big(double *x, int n) {
  double acc = 0.0;
  for (int i = 0; i < n; i++) {
    for (int j = i + 1; j < n; j++) {
      double p = x[i] * x[j];
      if (p > 0.9) return acc + exp(p);
      acc += 0.1 * p * p;
    }
  }
  return acc;
}

/* continue skips negative entries, break stops at the first entry above 1.4. */
static double skip_stop(double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    if (x[i] < 0.0) continue;
    if (x[i] > 1.4) break;
    s += cos(x[i]) * (i + 1);
  }
  return s;
}

/* A retry loop written with goto: scale down until the value lies in (-1, 1). */
static double retry(double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double v = x[i] * 3.0;
    int tries = 0;
  again:
    if (fabs(v) >= 1.0 && tries < 8) {
      v = v * 0.45;
      tries++;
      goto again;
    }
    s += v * v * v + tries;
  }
  return s;
}

/* Piecewise polynomial picked by a switch on floor(2 x). */
static double pieces(double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    int k = (int)floor(2.0 * x[i]);
    switch (k) {
    case -3: case -2:
      s += x[i] * x[i];
      break;
    case -1:
      s -= 2.0 * x[i];
      /* fall through */
    case 0:
      s += sin(x[i]);
      break;
    case 1:
      s += exp(x[i]);
      break;
    default:
      s += log(fabs(x[i]) + 1.0);
    }
  }
  return s;
}

/* Trip count from a double: ceil(x[0] * 4) terms of a series in x[1]. */
static double series(double *x, int n) {
  int m = (int)ceil(fabs(x[0]) * 4.0);
  double t = 1.0, s = 0.0;
  for (int k = 1; k <= m; k++) {
    t *= x[1] / k;
    s += t;
  }
  return s * x[n - 1];
}

/* Overwrites its own input: x[i] = f(x[i-1], x[i]). */
static double recur(double *x, int n) {
  for (int i = 1; i < n; i++) x[i] = x[i] * cos(x[i - 1]) + 0.3 * x[i - 1] * x[i - 1];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[i] * (i + 1);
  return s;
}

typedef double (*kernel)(double *, int);
static kernel K;
static double F(double *x) {
  double y[N];
  memcpy(y, x, sizeof y);
  return K(y, N);
}

static inline __attribute__((always_inline)) void one(const char *what, kernel f, const double *x0,
                                                      const double *v) {
  double x[N], dx[N] = {0}, one = 1.0;
  memcpy(x, x0, sizeof x);
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, N);
  K = f;
  double xr[N];
  memcpy(xr, x0, sizeof xr);
  ck_gradient(what, dx, F, xr, N);
  double vx[N], vv[N];
  memcpy(vx, x0, sizeof vx);
  memcpy(vv, v, sizeof vv);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, vx, vv, enzyme_const, N);
  ck_dot_test(what, &one, &jv, 1, dx, v, N);
}

int main(void) {
  const double x[N] = {0.83, -0.61, 1.17, 0.37, -1.29, 1.61};
  const double v[N] = {0.4, 1.0, -0.7, 0.2, 1.3, -0.9};
  const double y[N] = {0.35, 0.72, 0.18, 1.11, 0.27, 0.52};
  one("while: trip count from the data", halving, x, v);
  one("return from a nested loop", first_big, x, v);
  one("return from a nested loop (never)", first_big, y, v);
  one("break and continue", skip_stop, x, v);
  one("goto retry", retry, x, v);
  one("switch on floor(2x)", pieces, x, v);
  one("trip count ceil(4|x0|)", series, x, v);
  one("in-place recurrence on the input", recur, x, v);
  return ck_done();
}
