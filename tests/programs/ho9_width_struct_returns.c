// TEST: enzyme_width 2, 3, 4, 8 and 16 on functions that return structs: a pair {double, double} (returned in registers) and a triple {double, double, double} (returned through sret), in forward mode (N tangent structs back, declared struct { S d[N]; }), with enzyme_primal_return ({S primal; S d[N];}), and in batched reverse mode with enzyme_out scalars (each lane's active struct return seeded with 1.0 in every element, gradients back as { double dx[N]; double dy[N]; }), and with a dup pointer argument at width 4; every lane against finite differences, reverse against forward by the dot-product test
#include "include/catalase_check.h"

typedef struct { double a, b; } pair;
typedef struct { double a, b, c; } triple;

static pair fpair(double x, double y) {
  pair r = {sin(x) * y + x * x, exp(0.3 * x * y) - y};
  return r;
}
static triple ftriple(double x, double y) {
  triple r = {x * y, atan2(y, x + 2.0), cosh(0.4 * x) * y * y};
  return r;
}
static triple ftriple_ptr(const double *p, double s) {
  triple r = {p[0] * p[1] * s, p[2] / (1.0 + p[0] * p[0]), s * s + log(1.0 + p[1] * p[1])};
  return r;
}

#define DECL(N)                                                                            \
  typedef struct { pair d[N]; } pair##N;                                                   \
  typedef struct { triple d[N]; } triple##N;                                               \
  typedef struct { triple p; triple d[N]; } ptriple##N;                                    \
  typedef struct { double dx[N]; double dy[N]; } rgrad##N;                                 \
  pair##N fwd_pair##N(void *, ...) __asm__("__enzyme_fwddiff");                            \
  triple##N fwd_triple##N(void *, ...) __asm__("__enzyme_fwddiff");                        \
  ptriple##N fwd_ptriple##N(void *, ...) __asm__("__enzyme_fwddiff");                      \
  rgrad##N rev_pair##N(void *, ...) __asm__("__enzyme_autodiff");                          \
  rgrad##N rev_triple##N(void *, ...) __asm__("__enzyme_autodiff");
DECL(2)
DECL(3)
DECL(4)
DECL(8)
DECL(16)

/* lane l direction: (cos(0.7 l + 0.1), sin(1.3 l - 0.2)) */
static double dxl(int l) { return cos(0.7 * l + 0.1); }
static double dyl(int l) { return sin(1.3 * l - 0.2); }

static double X = 0.8, Y = -0.6;

static void check_pair(const char *what, int l, pair ad) {
  double h = 1e-5;
  pair p = fpair(X + h * dxl(l), Y + h * dyl(l)), m = fpair(X - h * dxl(l), Y - h * dyl(l));
  char label[96];
  snprintf(label, sizeof label, "%s lane %d .a", what, l);
  CHECK(label, ad.a, (p.a - m.a) / (2 * h));
  snprintf(label, sizeof label, "%s lane %d .b", what, l);
  CHECK(label, ad.b, (p.b - m.b) / (2 * h));
}
static void check_triple(const char *what, int l, triple ad) {
  double h = 1e-5;
  triple p = ftriple(X + h * dxl(l), Y + h * dyl(l)), m = ftriple(X - h * dxl(l), Y - h * dyl(l));
  char label[96];
  snprintf(label, sizeof label, "%s lane %d .a", what, l);
  CHECK(label, ad.a, (p.a - m.a) / (2 * h));
  snprintf(label, sizeof label, "%s lane %d .b", what, l);
  CHECK(label, ad.b, (p.b - m.b) / (2 * h));
  snprintf(label, sizeof label, "%s lane %d .c", what, l);
  CHECK(label, ad.c, (p.c - m.c) / (2 * h));
}
/* reverse, every lane seeded 1.0 in every element: the gradient of the sum of the fields */
static double sum_pair(double x, double y) { pair r = fpair(x, y); return r.a + r.b; }
static double sum_triple(double x, double y) { triple r = ftriple(x, y); return r.a + r.b + r.c; }
static void check_rev(const char *what, int n, const double *dx, const double *dy, double (*s)(double, double),
                      int pairs) {
  double h = 1e-5;
  double gx = (s(X + h, Y) - s(X - h, Y)) / (2 * h), gy = (s(X, Y + h) - s(X, Y - h)) / (2 * h);
  char label[96];
  for (int l = 0; l < n; l++) {
    snprintf(label, sizeof label, "%s rev lane %d dx", what, l);
    CHECK(label, dx[l], gx);
    snprintf(label, sizeof label, "%s rev lane %d dy", what, l);
    CHECK(label, dy[l], gy);
    /* dot test against forward lane l: <1, J v> = <J^T 1, v> */
    double jv;
    if (pairs) {
      pair t = fwd_pair2((void *)fpair, enzyme_width, 2, X, dxl(l), 0.0, Y, dyl(l), 0.0).d[0];
      jv = t.a + t.b;
    } else {
      triple t = fwd_triple2((void *)ftriple, enzyme_width, 2, X, dxl(l), 0.0, Y, dyl(l), 0.0).d[0];
      jv = t.a + t.b + t.c;
    }
    snprintf(label, sizeof label, "%s dot test lane %d", what, l);
    CHECK(label, dx[l] * dxl(l) + dy[l] * dyl(l), jv);
  }
}

#define RUN(N)                                                                                        \
  do {                                                                                                \
    double vx[N], vy[N];                                                                              \
    for (int l = 0; l < N; l++) vx[l] = dxl(l), vy[l] = dyl(l);                                       \
    pair##N P = FWD_CALL(N, fwd_pair##N, fpair);                                                      \
    triple##N T = FWD_CALL(N, fwd_triple##N, ftriple);                                                \
    ptriple##N PT = FWD_CALL_P(N, fwd_ptriple##N, ftriple);                                           \
    for (int l = 0; l < N; l++) {                                                                     \
      check_pair("pair width " #N, l, P.d[l]);                                                        \
      check_triple("triple width " #N, l, T.d[l]);                                                    \
      check_triple("primal_return triple width " #N, l, PT.d[l]);                                     \
    }                                                                                                 \
    CHECK_PRIMAL("primal_return width " #N " .a", PT.p.a, ftriple(X, Y).a);                           \
    CHECK_PRIMAL("primal_return width " #N " .c", PT.p.c, ftriple(X, Y).c);                           \
    rgrad##N RP = REV_CALL(N, rev_pair##N, fpair);                                                    \
    rgrad##N RT = REV_CALL(N, rev_triple##N, ftriple);                                                \
    check_rev("pair width " #N, N, RP.dx, RP.dy, sum_pair, 1);                                        \
    check_rev("triple width " #N, N, RT.dx, RT.dy, sum_triple, 0);                                    \
  } while (0)

/* the calls spelled out per width (the shadows of a by-value double are N consecutive arguments) */
#define A2(v) v[0], v[1]
#define A3(v) v[0], v[1], v[2]
#define A4(v) v[0], v[1], v[2], v[3]
#define A8(v) A4(v), v[4], v[5], v[6], v[7]
#define A16(v) A8(v), v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]
#define FWD_CALL(N, F, G) F((void *)G, enzyme_width, N, X, A##N(vx), Y, A##N(vy))
#define FWD_CALL_P(N, F, G) F((void *)G, enzyme_width, N, enzyme_primal_return, X, A##N(vx), Y, A##N(vy))
#define REV_CALL(N, F, G) F((void *)G, enzyme_width, N, enzyme_out, X, enzyme_out, Y)

typedef struct { triple d[4]; } tr4;
tr4 fwd_ptr4(void *, ...) __asm__("__enzyme_fwddiff");

int main(void) {
  RUN(2);
  RUN(3);
  RUN(4);
  RUN(8);
  RUN(16);
  /* width 4 with a dup pointer and a by-value double next to a struct return */
  double p[3] = {0.5, -1.2, 0.9}, s = 1.4;
  double dp[4][3], ds[4];
  for (int l = 0; l < 4; l++) {
    for (int i = 0; i < 3; i++) dp[l][i] = cos(l + 2.0 * i);
    ds[l] = 0.3 * l - 0.5;
  }
  tr4 R = fwd_ptr4((void *)ftriple_ptr, enzyme_width, 4, enzyme_dup, p, dp[0], dp[1], dp[2], dp[3], s, ds[0], ds[1],
                   ds[2], ds[3]);
  for (int l = 0; l < 4; l++) {
    double h = 1e-5, pp[3], pm[3];
    for (int i = 0; i < 3; i++) pp[i] = p[i] + h * dp[l][i], pm[i] = p[i] - h * dp[l][i];
    triple a = ftriple_ptr(pp, s + h * ds[l]), b = ftriple_ptr(pm, s - h * ds[l]);
    char label[96];
    snprintf(label, sizeof label, "dup pointer width 4 lane %d .a", l);
    CHECK(label, R.d[l].a, (a.a - b.a) / (2 * h));
    snprintf(label, sizeof label, "dup pointer width 4 lane %d .b", l);
    CHECK(label, R.d[l].b, (a.b - b.b) / (2 * h));
    snprintf(label, sizeof label, "dup pointer width 4 lane %d .c", l);
    CHECK(label, R.d[l].c, (a.c - b.c) / (2 * h));
  }
  return ck_done();
}
