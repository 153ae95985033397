// TEST: reverse and forward mode through volatile locals and globals (a volatile accumulator, a volatile copy of an active value), structs that mix doubles with bitfields (flags choosing a branch, a small counter) copied whole by assignment, and an array of such records
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static volatile int SINK;

static double vol_sum(const double *x, int n) {
  volatile double acc = 0.0;
  for (int i = 0; i < n; i++) {
    volatile double t = x[i] * x[i];
    acc = acc + t * sin(x[(i + 1) % n]);
  }
  SINK = n;
  return acc;
}

struct rec {
  double v;
  unsigned neg : 1;
  unsigned k : 3;
  double w;
};
static double records(const double *x, int n) {
  struct rec r[8];
  for (int i = 0; i < n; i++) {
    r[i].v = x[i];
    r[i].neg = x[i] < 0;
    r[i].k = (unsigned)i & 7u;
    r[i].w = x[i] * x[(i + 1) % n];
  }
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    struct rec c = r[(i + 3) % n];
    s += c.neg ? -c.v * c.k : c.v * c.v * (c.k + 1);
    s += c.w * r[i].v;
  }
  return s;
}

#define N 6
static double F_vol(double *x) { return vol_sum(x, N); }
static double F_rec(double *x) { return records(x, N); }

int main(void) {
  double x[N] = {0.4, -0.9, 1.3, -0.2, 0.75, 1.1}, v[N];
  for (int i = 0; i < N; i++) v[i] = cos(1.3 * i);
  double dx[N] = {0}, dv[N];
  __enzyme_autodiff((void *)vol_sum, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("volatile accumulator", dx, F_vol, x, N);
  memcpy(dv, v, sizeof dv);
  CHECK("volatile accumulator: forward vs reverse", __enzyme_fwddiff((void *)vol_sum, enzyme_dup, x, dv, enzyme_const, N),
        ck_dot(dx, v, N));
  double dy[N] = {0};
  __enzyme_autodiff((void *)records, enzyme_dup, x, dy, enzyme_const, N);
  ck_gradient("records with bitfields", dy, F_rec, x, N);
  memcpy(dv, v, sizeof dv);
  CHECK("records with bitfields: forward vs reverse", __enzyme_fwddiff((void *)records, enzyme_dup, x, dv, enzyme_const, N),
        ck_dot(dy, v, N));
  return ck_done();
}
