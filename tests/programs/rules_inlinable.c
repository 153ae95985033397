// TEST: a user rule, an inactive function and a function-like mapping on small static functions without noinline, which the inliner would inline before differentiation; the plugin keeps them as calls until it has differentiated
// ROUTES: plugin
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
typedef struct { double primal, tangent; } dual;

/* Black boxes (inline asm hides the arithmetic): only the registration can differentiate them. */
static double cube(double x) {
  double r = x * x * x;
  __asm__ volatile("" : "+x"(r));
  return r;
}
static dual cube_fwd(double x, double dx) {
  dual r = {x * x * x, 3.0 * x * x * dx};
  return r;
}
void *__enzyme_register_derivative_cube[] = {(void *)cube, (void *)cube_fwd};

static double my_log1p(double x) {
  double r = log1p(x);
  __asm__ volatile("" : "+x"(r));
  return r;
}
void *__enzyme_function_like_log1p[2] = {(void *)my_log1p, (void *)"log1p"};

/* Inactive: its value is used, its derivative is not (frozen in the reference below). */
static double scale_of(double x) { return 2.0 + x * x; }
void *__enzyme_inactivefn_scale[] = {(void *)scale_of};

static double kernel(double x) { return cube(x) + my_log1p(x) * scale_of(x) + sin(cube(0.5 * x)); }

static double X0 = 0.7;
static double reference(double x) {
  double frozen = scale_of(X0);
  return x * x * x + log1p(x) * frozen + sin(0.125 * x * x * x);
}

int main(void) {
  double d = __enzyme_fwddiff((void *)kernel, X0, 1.0);
  CHECK("rule, function-like and inactive function kept as calls", d, ck_fd1(reference, X0));
  CHECK_PRIMAL("kernel value", kernel(X0), reference(X0));
  return ck_done();
}
