// TEST: the function to differentiate read from constant tables, as test drivers and benchmark suites write it: `__enzyme_autodiff((void *)table[1], ...)` over a static const array of function pointers, `problems[k].f` over a static const array of structs {name, objective, dimension} (at -O0 clang folds these to loads through constant getelementptrs that nothing else resolves), and a const struct of function pointers for the forward derivative; gradients against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double rosenbrock(double *x) {
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += 100.0 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1.0 - x[i]) * (1.0 - x[i]);
  return s;
}
static double styblinski(double *x) {
  double s = 0.0;
  for (int i = 0; i < 4; i++) s += 0.5 * (x[i] * x[i] * x[i] * x[i] - 16.0 * x[i] * x[i] + 5.0 * x[i]);
  return s;
}
static double rastrigin(double *x) {
  double s = 40.0;
  for (int i = 0; i < 4; i++) s += x[i] * x[i] - 10.0 * cos(2.0 * M_PI * x[i]);
  return s;
}

typedef double (*objective)(double *);
static objective const table[3] = {rosenbrock, styblinski, rastrigin};

struct problem {
  const char *name;
  objective f;
  int dim;
};
static const struct problem problems[3] = {{"rosenbrock", rosenbrock, 4}, {"styblinski", styblinski, 4}, {"rastrigin", rastrigin, 4}};

struct suite {
  objective first, last;
};
static const struct suite suite = {rosenbrock, rastrigin};

static void check(const char *what, objective f, double *dx, double *x, double jv, const double *v) {
  char label[80];
  snprintf(label, sizeof label, "%s: d/dx", what);
  ck_gradient(label, dx, f, x, 4);
  snprintf(label, sizeof label, "%s: dot test", what);
  CHECK(label, ck_dot(dx, v, 4), jv);
}

int main(void) {
  double x[4] = {0.3, -0.7, 1.1, 0.45}, v[4] = {0.2, -0.5, 0.3, 0.6};
  double d0[4] = {0}, d1[4] = {0}, d2[4] = {0}, d3[4] = {0}, d4[4] = {0};
  __enzyme_autodiff((void *)table[1], enzyme_dup, x, d0);
  check("table[1]", styblinski, d0, x, __enzyme_fwddiff((void *)table[1], enzyme_dup, x, v), v);
  __enzyme_autodiff((void *)problems[0].f, enzyme_dup, x, d1);
  check("problems[0].f", rosenbrock, d1, x, __enzyme_fwddiff((void *)problems[0].f, enzyme_dup, x, v), v);
  __enzyme_autodiff((void *)problems[2].f, enzyme_dup, x, d2);
  check("problems[2].f", rastrigin, d2, x, __enzyme_fwddiff((void *)problems[2].f, enzyme_dup, x, v), v);
  __enzyme_autodiff((void *)suite.last, enzyme_dup, x, d3);
  check("suite.last", rastrigin, d3, x, __enzyme_fwddiff((void *)suite.last, enzyme_dup, x, v), v);
  __enzyme_autodiff((void *)table[0], enzyme_dup, x, d4);
  check("table[0]", rosenbrock, d4, x, __enzyme_fwddiff((void *)table[0], enzyme_dup, x, v), v);
  return ck_done();
}
