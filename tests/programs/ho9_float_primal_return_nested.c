// TEST: nested derivatives with float arithmetic and enzyme_primal_return on the inner call: __enzyme_fwddiff of float functions whose inner __enzyme_fwddiff returns {primal, tangent} as struct {float p, d;} (both used), __enzyme_fwddiff over an inner __enzyme_autodiff with enzyme_primal_return ({float primal; float dx; float dy;}), __enzyme_autodiff over a float inner forward call (reverse over forward in f32), and the float libm rows powf, atan2f, hypotf, expm1f, log1pf, erff, cbrtf, tanhf inside; against double finite differences of double twins of the same kernels
#include "include/catalase_check.h"

typedef struct { float p, d; } pf;
typedef struct { float p, dx, dy; } pgf;
typedef struct { float dx, dy; } gf;
pf __enzyme_fwddiff_pf(void *, ...) __asm__("__enzyme_fwddiff");
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");
pgf __enzyme_autodiff_pg(void *, ...) __asm__("__enzyme_autodiff");
gf __enzyme_autodiff_g(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_fwddiff(void *, ...);
typedef struct { double dx, dy; } gd;
gd __enzyme_autodiff_gd(void *, ...) __asm__("__enzyme_autodiff");

#define KERNEL(T, F)                                                                                  \
  static T k_##T(T x, T y) {                                                                          \
    return pow##F(x * x + (T)1, y) * atan2##F(y, x) + hypot##F(x, y) * expm1##F((T)0.3 * y) +         \
           log1p##F(x * x * y * y) + erf##F((T)0.5 * x) * cbrt##F(y + (T)2) + tanh##F(x * y);         \
  }

KERNEL(float, f)
KERNEL(double, )

/* f32: u(x, y) = k(x, y) * kx(x, y) where kx comes from an inner forward call with primal return */
static float inner_pr(float x, float y) {
  pf r = __enzyme_fwddiff_pf((void *)k_float, enzyme_primal_return, x, 1.0f, y, 0.0f);
  return r.p * r.d;
}
/* double twin with the exact same math (for FD): d/dx of k via central differences nested */
static double kx_d(double x, double y) { return __enzyme_fwddiff((void *)k_double, x, 1.0, y, 0.0); }
static double inner_pr_d(double x, double y) { return k_double(x, y) * kx_d(x, y); }

/* f32: gradient with primal return, combined into one scalar */
static float inner_grad(float x, float y) {
  pgf r = __enzyme_autodiff_pg((void *)k_float, enzyme_primal_return, x, y);
  return r.p + r.dx * r.dy;
}
static double inner_grad_d(double x, double y) {
  gd g = __enzyme_autodiff_gd((void *)k_double, x, y);
  return k_double(x, y) + g.dx * g.dy;
}

static double X0 = 0.6, Y0 = 1.1;
static double pr_dx(double t) { return inner_pr_d(X0 + t, Y0); }
static double pr_dy(double t) { return inner_pr_d(X0, Y0 + t); }
static double gr_dx(double t) { return inner_grad_d(X0 + t, Y0); }
static double gr_dy(double t) { return inner_grad_d(X0, Y0 + t); }

int main(void) {
  const double pts[3][2] = {{0.6, 1.1}, {-0.7, 0.4}, {1.3, -0.5}};
  char label[96];
  for (int i = 0; i < 3; i++) {
    X0 = pts[i][0];
    Y0 = pts[i][1];
    float x = (float)X0, y = (float)Y0;
    snprintf(label, sizeof label, "f32 primal_return fwd inner, outer d/dx at %d", i);
    CHECK_F32(label, __enzyme_fwddiff_f((void *)inner_pr, x, 1.0f, y, 0.0f), ck_fd1(pr_dx, 0.0));
    snprintf(label, sizeof label, "f32 primal_return fwd inner, outer d/dy at %d", i);
    CHECK_F32(label, __enzyme_fwddiff_f((void *)inner_pr, x, 0.0f, y, 1.0f), ck_fd1(pr_dy, 0.0));
    gf g = __enzyme_autodiff_g((void *)inner_pr, x, y);
    snprintf(label, sizeof label, "f32 reverse over fwd d/dx at %d", i);
    CHECK_F32(label, g.dx, ck_fd1(pr_dx, 0.0));
    snprintf(label, sizeof label, "f32 reverse over fwd d/dy at %d", i);
    CHECK_F32(label, g.dy, ck_fd1(pr_dy, 0.0));
    snprintf(label, sizeof label, "f32 fwd over primal_return grad d/dx at %d", i);
    CHECK_F32(label, __enzyme_fwddiff_f((void *)inner_grad, x, 1.0f, y, 0.0f), ck_fd1(gr_dx, 0.0));
    snprintf(label, sizeof label, "f32 fwd over primal_return grad d/dy at %d", i);
    CHECK_F32(label, __enzyme_fwddiff_f((void *)inner_grad, x, 0.0f, y, 1.0f), ck_fd1(gr_dy, 0.0));
    gf g2 = __enzyme_autodiff_g((void *)inner_grad, x, y);
    snprintf(label, sizeof label, "f32 reverse over primal_return grad d/dx at %d", i);
    CHECK_F32(label, g2.dx, ck_fd1(gr_dx, 0.0));
    snprintf(label, sizeof label, "f32 reverse over primal_return grad d/dy at %d", i);
    CHECK_F32(label, g2.dy, ck_fd1(gr_dy, 0.0));
    snprintf(label, sizeof label, "f32 primal of inner_grad at %d", i);
    ck_near(label, inner_grad(x, y), inner_grad_d(x, y), 1e-5);
  }
  return ck_done();
}
