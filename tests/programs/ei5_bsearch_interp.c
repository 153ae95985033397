// TEST: libc searches with callbacks next to active data: piecewise-linear and cubic Hermite interpolation in a constant knot table located with bsearch (a comparator over {key, lo, hi} records, the found pointer giving the segment), a lookup by bsearch of an active value's floor in an integer table, qsort of an index array by a constant key table followed by a gather of active values in that order; reverse against finite differences and the dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NK 9
static const double KX[NK] = {-2.0, -1.2, -0.5, 0.0, 0.4, 0.9, 1.5, 2.2, 3.0};
static double KY[NK], KD[NK];
typedef struct {
  double lo, hi;
  int idx;
} seg;
static seg SEGS[NK - 1];
static int cmp_seg(const void *k, const void *e) {
  double x = *(const double *)k;
  const seg *s = e;
  return x < s->lo ? -1 : (x >= s->hi ? 1 : 0);
}
__attribute__((noinline)) double interp(const double *x, const double *ky, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double xi = x[i];
    const seg *f = bsearch(&xi, SEGS, NK - 1, sizeof(seg), cmp_seg);
    if (!f) continue;
    int j = f->idx;
    double h = KX[j + 1] - KX[j], t = (xi - KX[j]) / h;
    double h00 = (1 + 2 * t) * (1 - t) * (1 - t), h10 = t * (1 - t) * (1 - t), h01 = t * t * (3 - 2 * t),
           h11 = t * t * (t - 1);
    double y = h00 * ky[j] + h10 * h * KD[j] + h01 * ky[j + 1] + h11 * h * KD[j + 1];
    double lin = ky[j] + t * (ky[j + 1] - ky[j]);
    s += y * y + 0.5 * lin * xi;
  }
  return s;
}
#define N 6
static double XS[N] = {-1.7, -0.3, 0.15, 0.7, 1.9, 2.6};
static double o_x(double *x) { return interp(x, KY, N); }
static double o_y(double *y) { return interp(XS, y, N); }

static const double KEYS[N] = {0.3, -1.0, 2.5, 0.0, 1.1, -0.4};
static int cmp_idx(const void *a, const void *b) {
  double ka = KEYS[*(const int *)a], kb = KEYS[*(const int *)b];
  return (ka > kb) - (ka < kb);
}
__attribute__((noinline)) double gather_sorted(const double *x, int n) {
  int idx[N];
  for (int i = 0; i < n; i++) idx[i] = i;
  qsort(idx, n, sizeof(int), cmp_idx);
  double s = 0.0, prev = 0.0;
  for (int i = 0; i < n; i++) {
    double v = x[idx[i]];
    s += (i + 1) * v * prev + sin(v);
    prev = v;
  }
  return s;
}
static double o_g(double *x) { return gather_sorted(x, N); }

int main(void) {
  for (int j = 0; j < NK; j++) {
    KY[j] = sin(KX[j]) + 0.1 * KX[j] * KX[j];
    KD[j] = cos(KX[j]) + 0.2 * KX[j];
  }
  for (int j = 0; j < NK - 1; j++) SEGS[j] = (seg){KX[j], KX[j + 1], j};
  double x[N], dx[N] = {0}, v[N] = {0.5, -1, 0.25, 0.75, -0.3, 1}, one = 1.0;
  memcpy(x, XS, sizeof x);
  __enzyme_autodiff((void *)interp, enzyme_dup, x, dx, enzyme_const, KY, enzyme_const, N);
  ck_gradient("bsearch interp d/dx", dx, o_x, x, N);
  double jv = __enzyme_fwddiff((void *)interp, enzyme_dup, x, v, enzyme_const, KY, enzyme_const, N);
  ck_dot_test("bsearch interp d/dx fwd", &one, &jv, 1, dx, v, N);

  double ky[NK], dky[NK] = {0}, vk[NK];
  memcpy(ky, KY, sizeof ky);
  for (int j = 0; j < NK; j++) vk[j] = cos(2.0 * j);
  __enzyme_autodiff((void *)interp, enzyme_const, XS, enzyme_dup, ky, dky, enzyme_const, N);
  ck_gradient("bsearch interp d/dknots", dky, o_y, ky, NK);
  double jk = __enzyme_fwddiff((void *)interp, enzyme_const, XS, enzyme_dup, ky, vk, enzyme_const, N);
  ck_dot_test("bsearch interp d/dknots fwd", &one, &jk, 1, dky, vk, NK);

  double g[N] = {0.2, -0.6, 1.1, 0.45, -0.8, 0.3}, dg[N] = {0};
  __enzyme_autodiff((void *)gather_sorted, enzyme_dup, g, dg, enzyme_const, N);
  ck_gradient("qsort index gather", dg, o_g, g, N);
  double jg = __enzyme_fwddiff((void *)gather_sorted, enzyme_dup, g, v, enzyme_const, N);
  ck_dot_test("qsort index gather fwd", &one, &jg, 1, dg, v, N);
  return ck_done();
}
