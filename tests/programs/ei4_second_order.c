// TEST: second derivatives the way Enzyme users write them: __enzyme_fwddiff of a noinline wrapper that calls __enzyme_autodiff, with enzyme_out scalars whose gradient struct the wrapper stores (Hessian columns of a two-variable function with pow, atan2, exp and a data-dependent loop), and with enzyme_dup arrays (Hessian-vector products of a function with a loop, sqrt, a division and fmax); checked against finite differences of the gradient and against the Hessian's symmetry
#include "include/ck_array.h"

__attribute__((noinline)) double g2(double x, double y) {
  double s = atan2(y, x) * pow(x * x + 1.0, 1.5);
  int n = 1 + (int)(fabs(x) * 3.0);
  for (int i = 0; i < n; i++) s += exp(-0.3 * i * y) * x;
  return s;
}
typedef struct {
  double dx, dy;
} gg;
gg __enzyme_autodiff_gg(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");
double __enzyme_autodiff(void *, ...);

__attribute__((noinline)) void grad2(double x, double y, double *out) {
  gg g = __enzyme_autodiff_gg((void *)g2, enzyme_out, x, enzyme_out, y);
  out[0] = g.dx;
  out[1] = g.dy;
}

#define N 4
__attribute__((noinline)) double fn(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double t = sqrt(1.0 + x[i] * x[i]) / (1.5 + x[(i + 1) % n] * x[(i + 1) % n]);
    s += fmax(t, 0.2 * x[i]) * x[(i + 2) % n];
  }
  return s;
}
__attribute__((noinline)) void gradn(const double *x, double *g, int n) {
  for (int i = 0; i < n; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)fn, enzyme_dup, x, g, enzyme_const, n);
}

static int comp;
static double gcomp(double *p) {
  double o[2];
  grad2(p[0], p[1], o);
  return o[comp];
}
static double gncomp(double *x) {
  double g[N];
  gradn(x, g, N);
  return g[comp];
}

int main(void) {
  double p[2] = {0.7, -0.4};
  double H[2][2];
  for (int j = 0; j < 2; j++) {
    double o[2], d[2];
    __enzyme_fwddiff_v((void *)grad2, enzyme_dup, p[0], j == 0 ? 1.0 : 0.0, enzyme_dup, p[1], j == 1 ? 1.0 : 0.0,
                       enzyme_dup, o, d);
    H[0][j] = d[0];
    H[1][j] = d[1];
  }
  for (int i = 0; i < 2; i++) {
    comp = i;
    double row[2] = {H[i][0], H[i][1]};
    ck_gradient(i ? "hessian row 1" : "hessian row 0", row, gcomp, p, 2);
  }
  CHECK("hessian symmetric", H[0][1], H[1][0]);

  double x[N] = {0.5, -1.1, 0.8, 1.7}, v[N] = {1, 0.5, -0.3, 0.2}, g[N], hv[N];
  __enzyme_fwddiff_v((void *)gradn, enzyme_dup, x, v, enzyme_dup, g, hv, enzyme_const, N);
  /* Hv against finite differences of the gradient along v */
  for (int i = 0; i < N; i++) {
    double xp[N], xm[N], gp[N], gm2[N], h = 1e-5;
    for (int k = 0; k < N; k++) {
      xp[k] = x[k] + h * v[k];
      xm[k] = x[k] - h * v[k];
    }
    gradn(xp, gp, N);
    gradn(xm, gm2, N);
    char name[40];
    snprintf(name, sizeof name, "Hv[%d]", i);
    CHECK(name, hv[i], (gp[i] - gm2[i]) / (2 * h));
  }
  /* symmetry: <u, H v> = <H u, v> */
  double u[N] = {-0.4, 1, 0.6, -0.8}, hu[N];
  __enzyme_fwddiff_v((void *)gradn, enzyme_dup, x, u, enzyme_dup, g, hu, enzyme_const, N);
  CHECK("<u,Hv> = <Hu,v>", ck_dot(u, hv, N), ck_dot(hu, v, N));
  comp = 2;
  double row2[N];
  for (int j = 0; j < N; j++) {
    double e[N] = {0}, col[N];
    e[j] = 1.0;
    __enzyme_fwddiff_v((void *)gradn, enzyme_dup, x, e, enzyme_dup, g, col, enzyme_const, N);
    row2[j] = col[2];
  }
  ck_gradient("hessian row 2", row2, gncomp, x, N);
  return ck_done();
}
