// TEST: reverse mode through small structs of doubles: passed and returned by value between out-of-line functions, returned by the differentiated function itself (seeded with 1.0 in every field), copied as whole structs through memory, and an array of structs updated in place
#include "include/ck_array.h"

typedef struct {
  double x, y;
} V2;

extern int enzyme_dup, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_void(void *, ...);
typedef struct {
  double da, db;
} G2;
G2 __enzyme_autodiff_g2(void *, ...);

#define NOINLINE __attribute__((noinline))

NOINLINE static V2 rot(V2 v, double a) {
  V2 r = {v.x * cos(a) - v.y * sin(a), v.x * sin(a) + v.y * cos(a)};
  return r;
}
NOINLINE static V2 mix(V2 a, V2 b) {
  V2 r = {a.x + b.x, a.y * b.y};
  return r;
}

static double f(double a, double b) {
  V2 v = {a, b};
  V2 w = rot(v, 0.3 * a);
  V2 u = mix(w, v);
  return u.x * u.y + w.x;
}

/* Returns a struct: the gradient is that of the sum of its fields. */
static V2 g(double a) {
  V2 v = {a * a, sin(a)};
  return rot(v, a);
}

#define M 3
/* Particles as an array of structs: copied whole, moved in place. */
static void drift(V2 *p, int n, double dt) {
  for (int s = 0; s < 10; s++)
    for (int i = 0; i < n; i++) {
      V2 q = p[i];
      V2 r = rot(q, dt * (1.0 + i));
      p[i] = mix(r, q);
      p[i].y = 0.5 * p[i].y + 0.1;
    }
}

static double B = 1.3;
static double f_a(double a) { return f(a, B); }
static double g_sum(double a) {
  V2 r = g(a);
  return r.x + r.y;
}
static const double W[2 * M] = {0.3, -0.8, 1.1, 0.25, -0.6, 0.9};
static double F_drift(double *x) {
  V2 p[M];
  memcpy(p, x, sizeof p);
  drift(p, M, 0.05);
  return ck_dot(W, (const double *)p, 2 * M);
}

int main(void) {
  double a = 0.7;
  G2 gr = __enzyme_autodiff_g2((void *)f, a, B);
  CHECK("structs by value: df/da", gr.da, ck_fd1(f_a, a));
  double b0 = B, h = ck_step(B);
  B = b0 + h;
  double fp = f(a, B);
  B = b0 - h;
  double fm = f(a, B);
  B = b0;
  CHECK("structs by value: df/db", gr.db, (fp - fm) / (2 * h));
  CHECK("struct return: d(x + y)/da", __enzyme_autodiff((void *)g, a), ck_fd1(g_sum, a));

  double x[2 * M] = {0.4, -0.2, 1.0, 0.7, -0.5, 0.3};
  V2 p[M], dp[M];
  memcpy(p, x, sizeof p);
  memcpy(dp, W, sizeof dp);
  __enzyme_autodiff_void((void *)drift, enzyme_dup, p, dp, enzyme_const, M, enzyme_const, 0.05);
  ck_gradient("array of structs in place", (const double *)dp, F_drift, x, 2 * M);
  return ck_done();
}
