// TEST: reverse mode through structs of doubles beside pointers and integers, returned and passed by value from noinline functions: {double, double *} (returned as {double, ptr} at -O0), {double, char} ({double, i8}, an optional value: both the present and the absent case), {double, int, double *} (returned through sret, passed byval), a cursor struct {double, double *} returned by each step of a loop, and such structs kept in a local array; checked against finite differences and forward mode
#include <math.h>

#include "include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);

typedef struct {
  double v;
  double *p;
} DP;
typedef struct {
  double v;
  char ok;
} DB;
typedef struct {
  double v;
  int k;
  double *p;
} DIP;

__attribute__((noinline)) static DP scale_ref(double *x, int i, double s) {
  DP r = {s * x[i], x + i + 1};
  return r;
}
__attribute__((noinline)) static DB checked_log(double x) {
  DB r;
  if (x > 0) {
    r.v = log(x);
    r.ok = 1;
  } else {
    r.v = 0;
    r.ok = 0;
  }
  return r;
}
__attribute__((noinline)) static double use_dp(DP d) { return d.v * d.p[0] + d.p[1]; }
__attribute__((noinline)) static DIP make_dip(double *x, int k) {
  DIP r = {x[0] * x[1], k, x + k};
  return r;
}
__attribute__((noinline)) static double use_dip(DIP d) { return d.v * d.p[0] * d.k; }
// One step of a walk: the running value and where the walk goes next.
__attribute__((noinline)) static DP step(DP c) {
  DP n = {c.v * 0.5 + sin(c.p[0]), c.p + 1};
  return n;
}

static double f(double *x) {
  DP a = scale_ref(x, 0, 2.5);
  DB b = checked_log(x[2] * x[2] + 1.0);
  DB c = checked_log(-x[3] * x[3] - 1.0);
  DIP e = make_dip(x, 2);
  double t = a.v * a.p[0] + use_dp(a) + (b.ok ? b.v : 0.0) + c.v + (c.ok ? 1.0 : 0.0);
  t += use_dip(e) + sin(e.v);
  DP w = {x[4], x};
  for (int i = 0; i < 4; i++) w = step(w);
  t += w.v * w.v;
  DP kept[3];
  for (int i = 0; i < 3; i++) kept[i] = scale_ref(x, i + 1, 1.0 + i);
  for (int i = 2; i >= 0; i--) t += kept[i].v * kept[i].p[0];
  return t;
}

int main() {
  double x[6] = {0.7, -1.2, 0.4, 1.9, -0.3, 0.8}, dx[6] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient("mixed structs: d/dx", dx, f, x, 6);
  double v[6] = {0.3, -1.0, 0.5, 2.0, -0.25, 0.75};
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  double one = 1.0;
  ck_dot_test("mixed structs: forward against reverse", &one, &jv, 1, dx, v, 6);
  return ck_done();
}
