// TEST: combined reverse mode with many enzyme_out scalars mixed with enzyme_const ints and enzyme_dup pointers between them, the gradients returned in a C struct in parameter order (ABI §4.2 rule 3), with enzyme_primal_return first, a declared double return taking only the first gradient (rule 6), a struct {double; float; double} of mixed gradients, and an enzyme_out float pair of a double function; against finite differences and forward mode
#include "include/ck_array.h"

__attribute__((noinline)) double f5(double a, int k, double b, double *w, double c, int m, double d, double e) {
  double s = 0.0;
  for (int i = 0; i < k; i++) {
    w[i] = w[i] * a + b * cos(c * i + d);
    s += w[i] * w[i];
  }
  return s * e + (m > 1 ? a * d : b * c) + exp(-e * e);
}
typedef struct {
  double da, db, dc, dd, de;
} g5;
typedef struct {
  double p, da, db, dc, dd, de;
} pg5;
g5 __enzyme_autodiff_g5(void *, ...) __asm__("__enzyme_autodiff");
pg5 __enzyme_autodiff_pg5(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) double mixed(double a, float b, double c) { return a * b + sinf(b) * c + a * c * c; }
typedef struct {
  double da;
  float db;
  double dc;
} gm;
gm __enzyme_autodiff_gm(void *, ...) __asm__("__enzyme_autodiff");

#define K 3
static const double W0[K] = {0.5, -0.3, 1.2};
/* p = {a, b, c, d, e, w0, w1, w2} */
static double obj(double *p) {
  double w[K];
  memcpy(w, p + 5, sizeof w);
  return f5(p[0], K, p[1], w, p[2], 2, p[3], p[4]);
}
static double objm(double *p) { return mixed(p[0], (float)p[1], p[2]); }
static double objm_d(double *p) { return p[0] * p[1] + sin(p[1]) * p[2] + p[0] * p[2] * p[2]; }

int main(void) {
  double p[5 + K] = {0.8, -0.6, 0.35, 1.1, 0.9};
  memcpy(p + 5, W0, sizeof W0);
  double w[K], dw[K] = {0};
  memcpy(w, W0, sizeof w);
  g5 g = __enzyme_autodiff_g5((void *)f5, enzyme_out, p[0], enzyme_const, K, enzyme_out, p[1], enzyme_dup, w, dw,
                              enzyme_out, p[2], enzyme_const, 2, enzyme_out, p[3], enzyme_out, p[4]);
  double grad[5 + K] = {g.da, g.db, g.dc, g.dd, g.de};
  memcpy(grad + 5, dw, sizeof dw);
  ck_gradient("five outs", grad, obj, p, 5 + K);

  /* forward along v: dot-product test */
  double v[5 + K] = {0.2, -1, 0.5, 0.3, -0.4, 1, 0.6, -0.9}, jv;
  double vw[K];
  memcpy(w, W0, sizeof w);
  memcpy(vw, v + 5, sizeof vw);
  jv = __enzyme_fwddiff((void *)f5, enzyme_dup, p[0], v[0], enzyme_const, K, enzyme_dup, p[1], v[1], enzyme_dup, w, vw,
                        enzyme_dup, p[2], v[2], enzyme_const, 2, enzyme_dup, p[3], v[3], enzyme_dup, p[4], v[4]);
  double one = 1.0;
  ck_dot_test("five outs fwd", &one, &jv, 1, grad, v, 5 + K);

  memcpy(w, W0, sizeof w);
  memset(dw, 0, sizeof dw);
  pg5 q = __enzyme_autodiff_pg5((void *)f5, enzyme_primal_return, enzyme_out, p[0], enzyme_const, K, enzyme_out, p[1],
                                enzyme_dup, w, dw, enzyme_out, p[2], enzyme_const, 2, enzyme_out, p[3], enzyme_out, p[4]);
  memcpy(w, W0, sizeof w);
  CHECK_PRIMAL("primal first", q.p, f5(p[0], K, p[1], w, p[2], 2, p[3], p[4]));
  double grad2[5 + K] = {q.da, q.db, q.dc, q.dd, q.de};
  memcpy(grad2 + 5, dw, sizeof dw);
  ck_gradient("five outs with primal", grad2, obj, p, 5 + K);

  /* declared double: the first gradient only */
  memcpy(w, W0, sizeof w);
  memset(dw, 0, sizeof dw);
  double only = __enzyme_autodiff((void *)f5, enzyme_out, p[0], enzyme_const, K, enzyme_out, p[1], enzyme_dup, w, dw,
                                  enzyme_out, p[2], enzyme_const, 2, enzyme_out, p[3], enzyme_out, p[4]);
  CHECK("first gradient only", only, ck_fd_partial(obj, p, 0));

  double pm[3] = {0.4, 1.3, -0.7};
  gm m = __enzyme_autodiff_gm((void *)mixed, pm[0], (float)pm[1], pm[2]);
  CHECK("mixed da", m.da, ck_fd_partial(objm, pm, 0));
  CHECK_F32("mixed db (float)", m.db, ck_fd_partial(objm_d, pm, 1));
  CHECK("mixed dc", m.dc, ck_fd_partial(objm, pm, 2));
  return ck_done();
}
