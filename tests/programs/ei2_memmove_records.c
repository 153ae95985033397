// TEST: reverse and forward mode through memmove of arrays of {double, double*} and {double, int, double*} records overlapping themselves: shifted up and down by one and by two elements, with constant and run-time lengths, in the function and in a noinline helper, the moved records' pointers then read (every shadow pointer must travel with its record)
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double w;
  double *p;
} wp;

typedef struct {
  double w;
  int k;
  double *p;
} wkp;

__attribute__((noinline)) static void shift(wp *r, int from, int to, int n) { memmove(r + to, r + from, sizeof(wp) * n); }

static double eval_wp(const wp *r, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += r[i].w * r[i].p[0] * (i + 1) + 0.1 * r[i].p[1];
  return s;
}

static void fill_wp(wp *r, double *x, int n) {
  for (int i = 0; i < n; i++) {
    r[i].w = x[i] * (1.0 + 0.2 * i);
    r[i].p = x + (i * 3 + 1) % 7;
  }
}

static double up_const(double *x) {
  wp r[7];
  fill_wp(r, x, 7);
  memmove(r + 2, r, sizeof(wp) * 5);
  return eval_wp(r, 7);
}

static double down_const(double *x) {
  wp r[7];
  fill_wp(r, x, 7);
  memmove(r, r + 1, sizeof(wp) * 6);
  return eval_wp(r, 7);
}

static int M = 5;
static double up_runtime(double *x) {
  wp r[7];
  fill_wp(r, x, 7);
  shift(r, 0, 1, M);
  shift(r, 2, 0, M);
  return eval_wp(r, 7);
}

static double mixed_records(double *x) {
  wkp r[6];
  for (int i = 0; i < 6; i++) {
    r[i].w = sin(x[i]);
    r[i].k = i;
    r[i].p = x + 6 - i;
  }
  memmove(r + 1, r, sizeof(wkp) * 4);
  memmove(r + 2, r + 3, sizeof(wkp) * 3);
  double s = 0.0;
  for (int i = 0; i < 6; i++) s += r[i].w * *r[i].p * (r[i].k + 2);
  return s;
}

static const double V[8] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};

#define BOTH(what, fn, x, n)                                           \
  do {                                                                 \
    double dx_[8] = {0}, v_[8], one_ = 1.0;                            \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);                 \
    ck_gradient(what, dx_, fn, x, n);                                  \
    memcpy(v_, V, sizeof v_);                                          \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_);      \
    ck_dot_test(what, &one_, &jv_, 1, dx_, V, n);                      \
  } while (0)

int main(void) {
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15};
  BOTH("memmove up by two", up_const, x, 8);
  BOTH("memmove down by one", down_const, x, 8);
  BOTH("memmove of run-time length in a helper", up_runtime, x, 8);
  BOTH("memmove of {double, int, ptr}", mixed_records, x, 8);
  return ck_done();
}
