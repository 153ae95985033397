// TEST: Hessian-vector products written as Enzyme users write them: __enzyme_fwddiff of a noinline gradient wrapper that calls __enzyme_autodiff on an objective with a malloc'd work buffer, a loop with a data-dependent branch and a call through a function pointer held in a struct; the wrapper writes the gradient into an output array (enzyme_dup output in the outer forward call, tangent = H v); checked against finite differences of the inner gradient (itself checked against finite differences of the objective), and the symmetry of H (<u, H v> = <v, H u>)
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);

typedef struct {
  double (*g)(double);
  double c;
} shaper;
static double sh_sin(double t) { return sin(t); }
#define N 5
__attribute__((noinline)) double obj(const double *x, const shaper *s, int n) {
  double *w = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) w[i] = s->g(x[i]) * s->c + x[(i + 1) % n] * x[i];
  double r = 0.0;
  for (int i = 0; i < n; i++) {
    if (w[i] > 0.0)
      r += w[i] * w[i] * x[i];
    else
      r += exp(w[i]) - x[i] * x[(i + 2) % n];
  }
  free(w);
  return r;
}
static shaper SH = {sh_sin, 1.3};
static double o_obj(double *x) { return obj(x, &SH, N); }
__attribute__((noinline)) void grad(const double *x, double *g) {
  for (int i = 0; i < N; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)obj, enzyme_dup, x, g, enzyme_const, &SH, enzyme_const, N);
}
static int gi;
static double o_gi(double *x) {
  double g[N];
  grad(x, g);
  return g[gi];
}

int main(void) {
  double x[N] = {0.4, -0.7, 1.2, 0.3, -0.5}, g[N];
  grad(x, g);
  ck_gradient("objective gradient", g, o_obj, x, N);
  double v[N] = {1.0, -0.5, 0.25, 0.8, -0.3}, u[N] = {0.2, 0.9, -0.6, 0.4, 1.1};
  double hv[N] = {0}, hu[N] = {0}, gg[N];
  __enzyme_fwddiff((void *)grad, enzyme_dup, x, v, enzyme_dup, gg, hv);
  __enzyme_fwddiff((void *)grad, enzyme_dup, x, u, enzyme_dup, gg, hu);
  /* H v by finite differences of the gradient along v, entry by entry: row i of H dotted with v */
  char lab[80];
  for (int i = 0; i < N; i++) {
    gi = i;
    double row[N];
    for (int j = 0; j < N; j++) row[j] = ck_fd_partial(o_gi, x, j);
    snprintf(lab, sizeof lab, "H v [%d]", i);
    CHECK(lab, hv[i], ck_dot(row, v, N));
  }
  CHECK("H symmetric: <u, H v> = <v, H u>", ck_dot(u, hv, N), ck_dot(v, hu, N));
  return ck_done();
}
