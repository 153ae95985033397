// TEST: custom reverse rule (__enzyme_register_gradient) and custom forward rule (__enzyme_register_derivative) for a helper that reads a struct through a pointer and writes an output through a pointer, called in a loop from the differentiated function with an int parameter, checked against finite differences of the helper's true math
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double a, b;
} coef;

/* y = a*exp(b*x) computed by a crude series: the rule gives the exact derivative of the exact value */
__attribute__((noinline)) static void model(const coef *c, double x, double *y) {
  double t = c->b * x, e = 1.0, term = 1.0;
  for (int k = 1; k < 30; k++) {
    term *= t / k;
    e += term;
  }
  *y = c->a * e;
}

static void *model_aug(const coef *c, coef *dc, double x, double *y, double *dy) {
  model(c, x, y);
  return 0;
}
/* x is active by value: the reverse rule returns its gradient */
static double model_rev(const coef *c, coef *dc, double x, double *y, double *dy, void *tape) {
  double e = exp(c->b * x), g = *dy;
  dc->a += g * e;
  dc->b += g * c->a * x * e;
  *dy = 0.0;
  return g * c->a * c->b * e;
}
static void model_fwd(const coef *c, const coef *dc, double x, double dx, double *y, double *dy) {
  double e = exp(c->b * x);
  *y = c->a * e;
  *dy = dc->a * e + c->a * e * (dc->b * x + c->b * dx);
}

void *__enzyme_register_gradient_model[] = {(void *)model, (void *)model_aug, (void *)model_rev};
void *__enzyme_register_derivative_model[] = {(void *)model, (void *)model_fwd};

static double loss(const coef *c, const double *xs, const double *ys, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double y;
    model(c, xs[i], &y);
    double r = y - ys[i];
    s += r * r;
  }
  return s;
}

#define N 5
static const double YS[N] = {1.0, 1.4, 2.1, 2.9, 4.2};
static double XS[N] = {0.0, 0.3, 0.6, 0.9, 1.2};

static double true_loss(double *p) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    double r = p[0] * exp(p[1] * p[2 + i]) - YS[i];
    s += r * r;
  }
  return s;
}

int main() {
  coef c = {0.9, 1.1}, dc = {0, 0};
  double dxs[N] = {0};
  __enzyme_autodiff((void *)loss, enzyme_dup, &c, &dc, enzyme_dup, XS, dxs, enzyme_const, YS, enzyme_const, N);
  double p[2 + N] = {c.a, c.b}, g[2 + N] = {dc.a, dc.b};
  for (int i = 0; i < N; i++) { p[2 + i] = XS[i]; g[2 + i] = dxs[i]; }
  ck_gradient("custom rules reverse", g, true_loss, p, 2 + N);

  coef tc = {1.0, 0.0};
  double txs[N] = {0};
  double t = __enzyme_fwddiff((void *)loss, enzyme_dup, &c, &tc, enzyme_dup, XS, txs, enzyme_const, YS, enzyme_const, N);
  CHECK("custom rules forward d/da", t, g[0]);
  tc.a = 0.0; tc.b = 0.0; txs[3] = 1.0;
  t = __enzyme_fwddiff((void *)loss, enzyme_dup, &c, &tc, enzyme_dup, XS, txs, enzyme_const, YS, enzyme_const, N);
  CHECK("custom rules forward d/dx3", t, g[5]);
  return ck_done();
}
