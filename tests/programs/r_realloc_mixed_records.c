// TEST: realloc of blocks whose shadows hold more than floats, at first and higher order: an array of records {double, pointer into the input, long, double} grown by realloc while it holds active values and shadow pointers, then read back through both (gradient against finite differences, dot-product test against forward mode); a Hessian diagonal entry by reverse over reverse of a loop whose trip count depends on the data, so the first-order tape grows by realloc while it holds cached values (against finite differences of the gradient); and a third derivative by nesting reverse three times over a series long enough that the inner tapes move (against the closed form)
#include "include/ck_array.h"
#include <stdint.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

struct rec {
  double v;
  const double *src;
  long tag;
  double w;
};

/* Records appended one at a time, capacity doubled by realloc (the block moves while it holds
   active doubles and pointers to the input), then reduced through both kinds of field. */
static double records(const double *x, int n) {
  int cap = 1, len = 0;
  struct rec *r = malloc(sizeof *r);
  for (int i = 0; i < n; i++) {
    if (len == cap) {
      cap *= 2;
      r = realloc(r, sizeof *r * cap);
    }
    r[len].v = x[i] * x[i];
    r[len].src = &x[(i * 3) % n];
    r[len].tag = i % 3;
    r[len].w = sin(x[i]) + 0.5 * x[i];
    len++;
  }
  double s = 0.0;
  for (int i = 0; i < len; i++) {
    double through = *r[i].src; /* reads the input through the stored pointer */
    s += r[i].v * through + (r[i].tag == 1 ? r[i].w * r[i].w : cos(r[i].w)) * through;
  }
  free(r);
  return s;
}

#define N 13
static double F(double *x) { return records(x, N); }

/* A loop whose trip count depends on x: the first-order tape cannot be sized in advance and grows
   while it holds the values cached per iteration. */
static double walk(double x) {
  double t = 0.0, s = 0.0;
  while (t < 40.0) {
    double step = 0.05 + 0.01 * sin(t) * sin(t);
    s += sin(x * t) * step + 0.01 * x * x * cos(t);
    t += step;
  }
  return s;
}
static double walk1(double x) { return __enzyme_autodiff((void *)walk, x); }
static double walk2(double x) { return __enzyme_autodiff((void *)walk1, x); }

/* A truncated series of x^k / 3^k, k = 0..40: long enough that the nested tapes grow and move. */
static double series(double x) {
  double s = 0.0;
  for (uint64_t k = 0; k <= 40; k++) {
    double p = 1.0;
    for (uint64_t j = 0; j < k; j++) p *= x / 3.0;
    s += p;
  }
  return s;
}
static double series1(double x) { return __enzyme_autodiff((void *)series, x); }
static double series2(double x) { return __enzyme_autodiff((void *)series1, x); }
static double series3(double x) { return __enzyme_autodiff((void *)series2, x); }

/* The third derivative of the same truncated series, in closed form. */
static double series3_exact(double x) {
  double s = 0.0;
  for (int k = 3; k <= 40; k++) s += (double)k * (k - 1) * (k - 2) * pow(x / 3.0, k - 3) / 27.0;
  return s;
}

int main(void) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = 0.8 * sin(1.7 * i) + 0.3;
    v[i] = cos(0.9 * i);
  }
  __enzyme_autodiff((void *)records, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("records grown by realloc", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)records, enzyme_dup, x, v, enzyme_const, N);
  double one = 1.0;
  ck_dot_test("records grown by realloc", &one, &jv, 1, dx, v, N);

  const double ws[3] = {0.4, 1.3, -0.7};
  for (int i = 0; i < 3; i++) {
    CHECK("walk: first order", walk1(ws[i]), ck_fd1(walk, ws[i]));
    CHECK("walk: second order (reverse over reverse)", walk2(ws[i]), ck_fd1(walk1, ws[i]));
  }

  const double ss[2] = {0.9, -1.4};
  for (int i = 0; i < 2; i++) {
    CHECK("series: second order", series2(ss[i]), ck_fd1(series1, ss[i]));
    CHECK("series: third order", series3(ss[i]), ck_fd1(series2, ss[i]));
    CHECK_PRIMAL("series: third order, closed form", series3(ss[i]), series3_exact(ss[i]));
  }
  return ck_done();
}
