// TEST: reverse mode through Horner's rule in a loop whose trip count is a run-time argument (enzyme_const), coefficients read from constant memory, gradient in x and in every coefficient (enzyme_dup)
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

static double horner(const double *c, int degree, double x) {
  double s = c[degree];
  for (int k = degree - 1; k >= 0; k--) s = s * x + c[k];
  return s;
}

#define D 7
static double C[D + 1] = {0.5, -1.25, 0.75, 0.3, -0.2, 0.11, -0.04, 0.013};
static double X0 = 0.85;
static int DEG = D;
static double horner_x(double x) { return horner(C, DEG, x); }
static double F_coeffs(double *c) { return horner(c, DEG, X0); }

int main(void) {
  for (DEG = 1; DEG <= D; DEG += 3) {
    CHECK("Horner: d/dx (coefficients constant)", __enzyme_autodiff((void *)horner, enzyme_const, C, enzyme_const, DEG, X0), ck_fd1(horner_x, X0));
    double dc[D + 1] = {0};
    double dx = __enzyme_autodiff((void *)horner, enzyme_dup, C, dc, enzyme_const, DEG, X0);
    CHECK("Horner: d/dx (coefficients active)", dx, ck_fd1(horner_x, X0));
    ck_gradient("Horner: d/dc", dc, F_coeffs, C, DEG + 1);
  }
  return ck_done();
}
