// TEST: the enzyme_strong_zero marker (ABI §3.3) in __enzyme_fwddiff, __enzyme_autodiff and the split entries, and the global option: a zero tangent or adjoint meets an infinite partial (cbrt'(0), sqrt'(0)), which without the marker gives 0·inf = NaN; with it every term of the request and of its callees' derivatives (a noinline callee) is `t == 0 ? 0 : ∂·t`, so the derivatives are finite and match finite differences taken where the function is smooth in the direction checked. Also a loop LLVM vectorizes at -O3 (x²/(1 + x²) as 1/(1 + 1/x²) at x = 0, packed fdiv), a fdiv with both tangents (term by term under the marker, still finite at b = 1e-160), llvm.frexp's mantissa of an infinite value in an untaken select arm (reverse), and the marker before the first parameter and between parameters. Build with -DCK_NO_STRONG_ZERO to see the NaNs without the marker.
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_strong_zero;
#ifdef CK_NO_STRONG_ZERO
#define SZ
#else
#define SZ enzyme_strong_zero,
#endif

typedef struct { double dx, dy; } G2;
double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
G2 __enzyme_autodiff_g2(void *, ...) __asm__("__enzyme_autodiff");
ck_aug __enzyme_augmentfwd(void *, ...);
G2 __enzyme_reverse_g2(void *, ...) __asm__("__enzyme_reverse");

__attribute__((noinline)) static double root(double x) { return cbrt(x); }

/* cbrt'(0) is infinite: a zero tangent of x times it is NaN without strong zero. */
static double f_sum(double x, double y) { return cbrt(x) + y; }
/* The infinite partial sits in a callee: the callee's derivative must guard too. */
static double f_prod(double x, double y) { return y * root(x); }
/* A quotient with both operands' tangents, term by term under strong zero: ḃ·(−y/b) is
   0·inf at b = 1e-160, and must not overflow where the tangent ȧ/b does not. */
static double f_quot(double a, double b) { return a / b; }
/* llvm.frexp (__builtin_frexp) of an infinite t = x·1e300·1e300 is (inf, 0): the scale 2^-e
   of its mantissa's adjoint, m/t, is NaN; the select passes y instead, so that adjoint is zero. */
static double f_frexp(double x, double y) {
  int e;
  double t = x * 1e300 * 1e300;
  double m = __builtin_frexp(t, &e);
  return t > 1e308 ? y : m * y;
}
/* A loop LLVM vectorizes at -O3: x²/(1 + x²) written as 1/(1 + 1/x²), which is 0 at x = 0
   through t = 1/x² = inf; the tangent and the adjoint reaching t are zero there, and t's
   partial in x² is −t/x² = −inf. */
static double f_vec(const double *x, const double *w, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += w[i] / (1.0 + 1.0 / (x[i] * x[i])) + x[i] * x[i];
  return s;
}

#define N 6
static volatile double ZERO = 0.0, Y0 = 0.75, A0 = 0.0;
static double xs[N], ws[N];

static double fd2(double (*f)(double, double), double x, double y, double vx, double vy) {
  double h = ck_step(y);
  return (f(x + h * vx, y + h * vy) - f(x - h * vx, y - h * vy)) / (2.0 * h);
}

static double vec_at(const double *dir, double t) {
  double p[N];
  for (int i = 0; i < N; i++) p[i] = xs[i] + t * dir[i];
  return f_vec(p, ws, N);
}

int main(void) {
  double z = ZERO, y = Y0;
  for (int i = 0; i < N; i++) {
    xs[i] = i == 0 ? z : 0.3 * i - 0.8;
    ws[i] = 0.5 + 0.25 * i;
  }

  /* Forward: direction (0, 1) at x = 0. */
  CHECK("fwd cbrt(x)+y, tangent of y only", __enzyme_fwddiff((void *)f_sum, SZ z, 0.0, y, 1.0), fd2(f_sum, z, y, 0.0, 1.0));
  CHECK("fwd y*root(x), tangent of y only", __enzyme_fwddiff((void *)f_prod, z, 0.0, SZ y, 1.0), fd2(f_prod, z, y, 0.0, 1.0));
  CHECK("fwd y*root(x) at y = 0", __enzyme_fwddiff((void *)f_prod, SZ z, 0.0, z, 1.0), fd2(f_prod, z, z, 0.0, 1.0));
  {
    double a = A0 + 2.0, b = 1e-160, h = ck_step(a);
    double fd = (f_quot(a + h, b) - f_quot(a - h, b)) / (2.0 * h);
    CHECK("fwd a/b at b = 1e-160, tangent of a only", __enzyme_fwddiff((void *)f_quot, SZ a, 1.0, b, 0.0), fd);
  }
  {
    double dir[N], dx[N];
    for (int i = 0; i < N; i++) dir[i] = dx[i] = 1.0 - 0.1 * i;
    double h = ck_step(1.0);
    double fd = (vec_at(dir, h) - vec_at(dir, -h)) / (2.0 * h);
    CHECK("fwd loop through x[0] = 0", __enzyme_fwddiff((void *)f_vec, SZ enzyme_dup, xs, dx, enzyme_const, ws, N), fd);
  }

  /* Reverse: y = 0 makes the adjoint reaching root(x) zero. */
  {
    G2 g = __enzyme_autodiff_g2((void *)f_prod, SZ z, z);
    CHECK("rev y*root(x) at (0,0): d/dx", g.dx, fd2(f_prod, z, z, 1.0, 0.0));
    CHECK("rev y*root(x) at (0,0): d/dy", g.dy, fd2(f_prod, z, z, 0.0, 1.0));
    g = __enzyme_autodiff_g2((void *)f_prod, z, SZ y);
    CHECK("rev y*root(x) at (0,y): d/dy", g.dy, fd2(f_prod, z, y, 0.0, 1.0));
    double one = Y0 + 0.25;
    g = __enzyme_autodiff_g2((void *)f_frexp, SZ one, y);
    CHECK("rev frexp(inf) untaken: d/dx", g.dx, fd2(f_frexp, one, y, 1.0, 0.0));
    CHECK("rev frexp(inf) untaken: d/dy", g.dy, fd2(f_frexp, one, y, 0.0, 1.0));
  }
  {
    double dx[N] = {0};
    __enzyme_autodiff((void *)f_vec, SZ enzyme_dup, xs, dx, enzyme_const, ws, N);
    for (int i = 0; i < N; i++) {
      double dir[N] = {0};
      dir[i] = 1.0;
      double h = ck_step(xs[i]);
      double fd = (vec_at(dir, h) - vec_at(dir, -h)) / (2.0 * h);
      CHECK("rev loop: d/dx[i]", dx[i], fd);
    }
  }

  /* Split: the marker on __enzyme_reverse (and on the augmented call, where it changes nothing). */
  {
    ck_aug a = __enzyme_augmentfwd((void *)f_prod, SZ z, z);
    CHECK_PRIMAL("split y*root(x): primal", a.primal, f_prod(z, z));
    G2 g = __enzyme_reverse_g2((void *)f_prod, SZ z, z, 1.0, a.tape);
    CHECK("split y*root(x) at (0,0): d/dx", g.dx, fd2(f_prod, z, z, 1.0, 0.0));
    CHECK("split y*root(x) at (0,0): d/dy", g.dy, fd2(f_prod, z, z, 0.0, 1.0));
    a = __enzyme_augmentfwd((void *)f_prod, z, z);
    g = __enzyme_reverse_g2((void *)f_prod, z, z, SZ 1.0, a.tape);
    CHECK("split, marker on the reverse call only: d/dx", g.dx, fd2(f_prod, z, z, 1.0, 0.0));
  }
  return ck_done();
}
