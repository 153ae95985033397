// TEST: higher-order derivatives through user rules: a black box with a registered forward rule (__enzyme_register_derivative) and a registered reverse rule (__enzyme_register_gradient, augmented pass with a tape) called inside the function; forward over forward differentiates the user's forward rule, forward over reverse differentiates the user's augmented and reverse functions, reverse over forward differentiates the user's forward rule in reverse; the rules' own bodies use libm (exp, sin, cos) and heap tapes; every second derivative against finite differences of first derivatives, which are checked against the black box's finite differences
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);

/* the black box: g(x, y) = exp(x) * sin(y) + x * y, opaque to Catalase only through its rules */
__attribute__((noinline)) double g(double x, double y) { return exp(x) * sin(y) + x * y; }

typedef struct { double p, d; } pd;
__attribute__((noinline)) pd g_fwd(double x, double dx, double y, double dy) {
  double ex = exp(x), sy = sin(y);
  pd r = {ex * sy + x * y, (ex * sy + y) * dx + (ex * cos(y) + x) * dy};
  return r;
}
void *__enzyme_register_derivative_g[] = {(void *)g, (void *)g_fwd};

typedef struct { double *tape; double primal; } aug_t;
__attribute__((noinline)) aug_t g_aug(double x, double y) {
  double *t = malloc(2 * sizeof(double));
  t[0] = exp(x);
  t[1] = y;
  aug_t r = {t, t[0] * sin(y) + x * y};
  return r;
}
typedef struct { double dx, dy; } g2;
__attribute__((noinline)) g2 g_rev(double x, double y, double dret, double *t) {
  g2 r = {dret * (t[0] * sin(t[1]) + y), dret * (t[0] * cos(t[1]) + x)};
  free(t);
  return r;
}
void *__enzyme_register_gradient_g[] = {(void *)g, (void *)g_aug, (void *)g_rev};

static double F(double x, double y) { return g(x * x, y - x) * y + g(y, 0.5 * x); }

static double Fx(double x, double y) { return __enzyme_fwddiff((void *)F, x, 1.0, y, 0.0); }
static double Fy(double x, double y) { return __enzyme_fwddiff((void *)F, x, 0.0, y, 1.0); }
g2 __enzyme_autodiff2(void *, ...) __asm__("__enzyme_autodiff");
static double Rx(double x, double y) { return __enzyme_autodiff2((void *)F, x, y).dx; }
static double Ry(double x, double y) { return __enzyme_autodiff2((void *)F, x, y).dy; }

int main(void) {
  const double pts[2][2] = {{0.4, 1.1}, {-0.6, 0.3}};
  char label[96];
  for (int i = 0; i < 2; i++) {
    double x = pts[i][0], y = pts[i][1], h = 1e-5;
    double fx = (F(x + h, y) - F(x - h, y)) / (2 * h), fy = (F(x, y + h) - F(x, y - h)) / (2 * h);
    snprintf(label, sizeof label, "F_x fwd rule at %d", i);
    CHECK(label, Fx(x, y), fx);
    snprintf(label, sizeof label, "F_y fwd rule at %d", i);
    CHECK(label, Fy(x, y), fy);
    snprintf(label, sizeof label, "F_x rev rule at %d", i);
    CHECK(label, Rx(x, y), fx);
    snprintf(label, sizeof label, "F_y rev rule at %d", i);
    CHECK(label, Ry(x, y), fy);
    double fxx = (Fx(x + h, y) - Fx(x - h, y)) / (2 * h), fxy = (Fx(x, y + h) - Fx(x, y - h)) / (2 * h);
    double fyy = (Fy(x, y + h) - Fy(x, y - h)) / (2 * h);
    snprintf(label, sizeof label, "F_xx fwd/fwd-rule at %d", i);
    CHECK(label, __enzyme_fwddiff((void *)Fx, x, 1.0, y, 0.0), fxx);
    snprintf(label, sizeof label, "F_xy fwd/fwd-rule at %d", i);
    CHECK(label, __enzyme_fwddiff((void *)Fx, x, 0.0, y, 1.0), fxy);
    snprintf(label, sizeof label, "F_xx fwd/rev-rule at %d", i);
    CHECK(label, __enzyme_fwddiff((void *)Rx, x, 1.0, y, 0.0), fxx);
    snprintf(label, sizeof label, "F_yy fwd/rev-rule at %d", i);
    CHECK(label, __enzyme_fwddiff((void *)Ry, x, 0.0, y, 1.0), fyy);
    g2 hx = __enzyme_autodiff2((void *)Fx, x, y);
    snprintf(label, sizeof label, "F_xx rev/fwd-rule at %d", i);
    CHECK(label, hx.dx, fxx);
    snprintf(label, sizeof label, "F_xy rev/fwd-rule at %d", i);
    CHECK(label, hx.dy, fxy);
    g2 hy = __enzyme_autodiff2((void *)Ry, x, y);
    snprintf(label, sizeof label, "F_yx rev/rev-rule at %d", i);
    CHECK(label, hy.dx, fxy);
    snprintf(label, sizeof label, "F_yy rev/rev-rule at %d", i);
    CHECK(label, hy.dy, fyy);
  }
  return ck_done();
}
