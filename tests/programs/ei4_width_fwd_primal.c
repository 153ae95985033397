// TEST: forward mode batches with the primal: enzyme_width 3 with enzyme_primal_return declared as struct {double p; double d[3];}, enzyme_dupv shadows strided by a runtime byte count through one base pointer, enzyme_dupnoneedv on an output buffer, width 2 of a function returning float with its primal ({float, [2 x float]}), and width 4 with by-value double tangents; each lane against finite differences
#include "include/catalase_check.h"

#define N 4
__attribute__((noinline)) double f(const double *x, double *y, double a, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    y[i] = a * x[i] + cos(x[(i + 1) % n]);
    s += y[i] * y[i];
  }
  return sqrt(s) + a * a;
}
__attribute__((noinline)) float g(float a, float b) { return a * expf(b) - b * b * a; }

typedef struct {
  double p;
  double d[3];
} p3;
p3 __enzyme_fwddiff_p3(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct {
  float p;
  float d[2];
} pf2;
pf2 __enzyme_fwddiff_pf2(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct {
  double d[4];
} w4;
w4 __enzyme_fwddiff_w4(void *, ...) __asm__("__enzyme_fwddiff");

static double fy(const double *x, double a, int k) {
  double y[N];
  double r = f(x, y, a, N);
  return k < 0 ? r : y[k];
}

int main(int argc, char **argv) {
  (void)argv;
  double x[N] = {0.3, -0.8, 1.1, 0.45}, a = 0.65, h = 1e-5;
  long stride = (long)(6 + argc - 1) * (long)sizeof(double); /* a run-time stride of 6 doubles */
  double *dx = calloc(3 * 6, sizeof(double)), *dy = calloc(3 * 6, sizeof(double)), y[N];
  double da[3] = {0.0, 1.0, -0.5};
  for (int l = 0; l < 3; l++)
    for (int i = 0; i < N; i++) dx[l * 6 + i] = (l == 0) ? (i == 1) : (l == 2 ? 0.25 * i : 0.0);
  p3 r = __enzyme_fwddiff_p3((void *)f, enzyme_width, 3, enzyme_primal_return, enzyme_dupv, stride, x, dx,
                             enzyme_dupnoneedv, stride, y, dy, enzyme_dup, a, da[0], da[1], da[2], enzyme_const, N);
  double yy[N];
  CHECK_PRIMAL("width 3 primal", r.p, f(x, yy, a, N));
  for (int l = 0; l < 3; l++) {
    double xp[N], xm[N];
    for (int i = 0; i < N; i++) {
      xp[i] = x[i] + h * dx[l * 6 + i];
      xm[i] = x[i] - h * dx[l * 6 + i];
    }
    char name[40];
    snprintf(name, sizeof name, "width 3 lane %d", l);
    CHECK(name, r.d[l], (fy(xp, a + h * da[l], -1) - fy(xm, a - h * da[l], -1)) / (2 * h));
    for (int k = 0; k < N; k++) {
      snprintf(name, sizeof name, "width 3 lane %d dy[%d]", l, k);
      CHECK(name, dy[l * 6 + k], (fy(xp, a + h * da[l], k) - fy(xm, a - h * da[l], k)) / (2 * h));
    }
  }
  free(dx);
  free(dy);

  float fa = 0.9f, fb = -0.3f;
  pf2 q = __enzyme_fwddiff_pf2((void *)g, enzyme_width, 2, enzyme_primal_return, fa, 1.0f, 0.0f, fb, 0.0f, 1.0f);
  CHECK_F32("float width 2 primal", q.p, g(fa, fb));
  CHECK_F32("float width 2 d/da", q.d[0], exp((double)fb) - (double)fb * fb);
  CHECK_F32("float width 2 d/db", q.d[1], (double)fa * exp((double)fb) - 2.0 * fb * fa);

  double z[N] = {0.2, 0.4, -0.6, 0.8}, tz[4][N] = {{0}};
  for (int l = 0; l < 4; l++) tz[l][l] = 1.0;
  double ys[N], dys[4][N];
  w4 w = __enzyme_fwddiff_w4((void *)f, enzyme_width, 4, enzyme_dup, z, tz[0], tz[1], tz[2], tz[3], enzyme_dupnoneed, ys,
                             dys[0], dys[1], dys[2], dys[3], enzyme_const, a, enzyme_const, N);
  for (int l = 0; l < 4; l++) {
    double zp[N], zm[N];
    memcpy(zp, z, sizeof zp);
    memcpy(zm, z, sizeof zm);
    zp[l] += h;
    zm[l] -= h;
    char name[40];
    snprintf(name, sizeof name, "width 4 lane %d", l);
    CHECK(name, w.d[l], (fy(zp, a, -1) - fy(zm, a, -1)) / (2 * h));
  }
  return ck_done();
}
