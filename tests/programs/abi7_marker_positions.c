// TEST: ABI §3 marker details: markers held in local variables, enzyme_width after the arguments it sizes (in the middle and last), a function-pointer parameter marked enzyme_const (an indirect call in the body), an augmented call declared bigger than {tape, primal} (rule 5: bitwise through memory), a forward {primal, tangent} declared `double _Complex`; each against finite differences
#include <complex.h>

#include "include/catalase_check.h"

typedef struct { double a, b; } G;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
G __enzyme_fwddiff_g(void *, ...);
double _Complex __enzyme_fwddiff_c(void *, ...);
typedef struct { void *t; double p; double pad; } Big;
Big __enzyme_augmentfwd(void *, ...);
typedef struct { double dx; } G1;
G1 __enzyme_reverse(void *, ...);

static double ssq(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * x[i] * (i + 1);
  return s;
}
static double f(double x, double y) { return x * x * y + sin(y); }
static double f_x(double x) { return f(x, 0.7); }
static double f_y(double y) { return f(1.5, y); }
static double xs(double x) { return x * sin(x); }
__attribute__((noinline)) static double apply(double (*g)(double), double x) { return g(x) * x; }
static double apply_x(double x) { return apply(xs, x); }
static double cube(double x) { return x * x * x + exp(x); }

int main(void) {
  double x[2] = {1.0, 2.0}, dx[2] = {0};
  int d = enzyme_dup, c = enzyme_const;
  __enzyme_autodiff((void *)ssq, d, x, dx, c, 2);
  CHECK("markers in locals: d/dx[1]", dx[1], 2 * 2 * 2.0);
  G g1 = __enzyme_fwddiff_g((void *)f, 1.5, 1.0, 0.0, enzyme_width, 2, 0.7, 0.0, 1.0);
  CHECK("width in the middle: lane 0", g1.a, ck_fd1(f_x, 1.5));
  CHECK("width in the middle: lane 1", g1.b, ck_fd1(f_y, 0.7));
  G g2 = __enzyme_fwddiff_g((void *)f, 1.5, 1.0, 0.0, 0.7, 0.0, 1.0, enzyme_width, 2);
  CHECK("width last: lane 1", g2.b, ck_fd1(f_y, 0.7));
  CHECK("const function pointer: reverse", __enzyme_autodiff((void *)apply, enzyme_const, xs, 1.3), ck_fd1(apply_x, 1.3));
  CHECK("const function pointer: forward", __enzyme_fwddiff((void *)apply, enzyme_const, xs, 1.3, 1.0), ck_fd1(apply_x, 1.3));
  Big b = __enzyme_augmentfwd((void *)cube, 1.2);
  CHECK_PRIMAL("augmented declared bigger: primal", b.p, cube(1.2));
  G1 r = __enzyme_reverse((void *)cube, 1.2, 1.0, b.t);
  CHECK("augmented declared bigger: reverse", r.dx, ck_fd1(cube, 1.2));
  double _Complex pc = __enzyme_fwddiff_c((void *)cube, enzyme_primal_return, 1.2, 1.0);
  CHECK_PRIMAL("forward {primal, tangent} as _Complex: primal", creal(pc), cube(1.2));
  CHECK("forward {primal, tangent} as _Complex: tangent", cimag(pc), ck_fd1(cube, 1.2));
  return ck_done();
}
