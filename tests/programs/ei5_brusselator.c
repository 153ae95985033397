// TEST: the 2D Brusselator right-hand side as Enzyme's benchmark writes it (a periodic N x N grid, u and v interleaved in one state array, a forcing term from a circle in the domain, the Laplacian through wrapped indices), differentiated as a void function writing dy through a pointer: reverse with enzyme_dup state and enzyme_dupnoneed output seeded by a weight, forward along a direction, and a few explicit-Euler steps in a malloc'd work copy; against finite differences and the dot-product test
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff_d(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_fwddiff_d(void *, ...) __asm__("__enzyme_fwddiff");

#define NG 5
#define NS (2 * NG * NG)
#define IDX(i, j, k) ((((i) * NG) + (j)) * 2 + (k))
static int wrap(int i) { return i < 0 ? i + NG : (i >= NG ? i - NG : i); }

__attribute__((noinline)) void brusselator(double *dy, const double *y, const double *p, double t) {
  double A = p[0], B = p[1], alpha = p[2];
  double dx = 1.0 / (NG - 1);
  alpha = alpha / (dx * dx);
  for (int i = 0; i < NG; i++) {
    for (int j = 0; j < NG; j++) {
      double x = i * dx, yy = j * dx;
      double forcing = ((x - 0.3) * (x - 0.3) + (yy - 0.6) * (yy - 0.6) <= 0.01 && t >= 1.1) ? 5.0 : 0.0;
      int ip = wrap(i + 1), im = wrap(i - 1), jp = wrap(j + 1), jm = wrap(j - 1);
      double u = y[IDX(i, j, 0)], v = y[IDX(i, j, 1)];
      double lu = y[IDX(im, j, 0)] + y[IDX(ip, j, 0)] + y[IDX(i, jp, 0)] + y[IDX(i, jm, 0)] - 4.0 * u;
      double lv = y[IDX(im, j, 1)] + y[IDX(ip, j, 1)] + y[IDX(i, jp, 1)] + y[IDX(i, jm, 1)] - 4.0 * v;
      dy[IDX(i, j, 0)] = alpha * lu + B + u * u * v - (A + 1.0) * u + forcing;
      dy[IDX(i, j, 1)] = alpha * lv + A * u - u * u * v;
    }
  }
}

static double W[NS], P[3] = {3.4, 1.0, 0.01}, Y0[NS];
static double o_y(double *y) {
  double dy[NS];
  brusselator(dy, y, P, 1.5);
  return ck_dot(W, dy, NS);
}
static double o_p(double *p) {
  double dy[NS];
  brusselator(dy, Y0, p, 1.5);
  return ck_dot(W, dy, NS);
}

__attribute__((noinline)) double steps(const double *y0, const double *p, int n) {
  double *y = malloc(NS * sizeof(double)), *dy = malloc(NS * sizeof(double));
  memcpy(y, y0, NS * sizeof(double));
  for (int s = 0; s < n; s++) {
    brusselator(dy, y, p, 1.0 + 0.05 * s);
    for (int k = 0; k < NS; k++) y[k] += 0.002 * dy[k];
  }
  double r = 0.0;
  for (int k = 0; k < NS; k++) r += W[k] * y[k] * y[k];
  free(y);
  free(dy);
  return r;
}
static double o_steps(double *p) { return steps(Y0, p, 6); }

int main(void) {
  for (int k = 0; k < NS; k++) {
    Y0[k] = 0.5 + 0.3 * sin(0.7 * k) + 0.1 * (k % 3);
    W[k] = cos(0.3 * k + 0.2);
  }
  double y[NS], dyb[NS], gy[NS] = {0}, gp[3] = {0}, out[NS];
  memcpy(y, Y0, sizeof y);
  memcpy(dyb, W, sizeof dyb);
  __enzyme_autodiff((void *)brusselator, enzyme_dupnoneed, out, dyb, enzyme_dup, y, gy, enzyme_dup, P, gp,
                    enzyme_const, 1.5);
  ck_gradient("brusselator d/dy", gy, o_y, y, NS);
  ck_gradient("brusselator d/dp", gp, o_p, P, 3);

  double vy[NS], vp[3] = {0.2, -0.5, 1.0}, jv[NS];
  for (int k = 0; k < NS; k++) vy[k] = sin(1.3 * k);
  __enzyme_fwddiff((void *)brusselator, enzyme_dupnoneed, out, jv, enzyme_dup, y, vy, enzyme_dup, P, vp,
                   enzyme_const, 1.5);
  double lhs = ck_dot(W, jv, NS), rhs = ck_dot(gy, vy, NS) + ck_dot(gp, vp, 3);
  CHECK("brusselator fwd: <w, Jv> = <J^T w, v>", rhs, lhs);

  double gs[3] = {0}, one = 1.0;
  __enzyme_autodiff_d((void *)steps, enzyme_const, Y0, enzyme_dup, P, gs, enzyme_const, 6);
  ck_gradient("brusselator steps d/dp", gs, o_steps, P, 3);
  double js = __enzyme_fwddiff_d((void *)steps, enzyme_const, Y0, enzyme_dup, P, vp, enzyme_const, 6);
  ck_dot_test("brusselator steps fwd", &one, &js, 1, gs, vp, 3);
  return ck_done();
}
