// TEST: enzyme_out on a double and a float argument next to enzyme_dup, enzyme_const (a double and an int) and enzyme_dupnoneed arguments, through typed prototypes (no float promotion): the gradient struct {double; float} in combined mode, {double[2]; float[2]} (returned through sret) in batched reverse at width 2 with a per-lane output seed, {double; float} from split mode's __enzyme_reverse, and enzyme_primal_return in front; against finite differences
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_width, enzyme_primal_return;

typedef struct {
  double da;
  float db;
} Gab;
typedef struct {
  double da[2];
  float db[2];
} Gab2;
typedef struct {
  double primal;
  double da;
  float db;
} PGab;

#define N 5

__attribute__((noinline)) double f(double a, float b, const double *x, double c, int n, double *y) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    y[i] = a * x[i] + (double)(b * b) * sin(x[i]) + c * x[i] * x[i];
    s += y[i] * (0.5 + 0.1 * i);
  }
  return s + a * (double)b + exp(0.3 * a) / (1.0 + (double)b * (double)b);
}

Gab __enzyme_autodiff(void *, int, double, int, float, int, const double *, double *, int, double, int, int, int,
                      double *, double *);
PGab __enzyme_autodiff_p(void *, int, int, double, int, float, int, const double *, double *, int, double, int, int,
                         int, double *, double *);
Gab2 __enzyme_autodiff_w2(void *, int, int, int, double, int, float, int, const double *, double *, double *, int,
                          double, int, int, int, double *, double *, double *);
ck_aug __enzyme_augmentfwd(void *, int, double, int, float, int, const double *, double *, int, double, int, int, int,
                           double *, double *);
Gab __enzyme_reverse(void *, int, double, int, float, int, const double *, double *, int, double, int, int, int,
                     double *, double *, double, void *);

static double A = 0.7, B = -1.3, C = 0.4;
static double X0[N] = {0.2, -0.5, 0.9, 1.3, -0.8};
static double WY[N]; /* output weights: the objective is f + <WY, y> */
static double obj(double a, double b, const double *x) {
  double y[N];
  double r = f(a, (float)b, x, C, N, y);
  return r + ck_dot(WY, y, N);
}
static double obj_a(double a) { return obj(a, B, X0); }
/* b is a float parameter: difference it in double through a double twin of f */
static double f_twin(double a, double b, const double *x, double *y) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    y[i] = a * x[i] + b * b * sin(x[i]) + C * x[i] * x[i];
    s += y[i] * (0.5 + 0.1 * i);
  }
  return s + a * b + exp(0.3 * a) / (1.0 + b * b);
}
static double obj_b(double b) {
  double y[N];
  double r = f_twin(A, b, X0, y);
  return r + ck_dot(WY, y, N);
}
static double obj_x(double *x) {
  double y[N];
  double r = f_twin(A, (float)B, x, y);
  return r + ck_dot(WY, y, N);
}

int main(void) {
  double x[N], y[N], dx[N] = {0}, dy[N];
  memcpy(x, X0, sizeof x);
  for (int i = 0; i < N; i++) WY[i] = 0.3 * i - 0.4;
  B = (float)B; /* the point is a float */

  memcpy(dy, WY, sizeof dy);
  Gab g = __enzyme_autodiff((void *)f, enzyme_out, A, enzyme_out, (float)B, enzyme_dup, x, dx, enzyme_const, C,
                            enzyme_const, N, enzyme_dupnoneed, y, dy);
  CHECK("combined: d/da", g.da, ck_fd1(obj_a, A));
  CHECK_F32("combined: d/db (float)", g.db, ck_fd1(obj_b, B));
  ck_gradient("combined: d/dx", dx, obj_x, x, N);

  double dx_p[N] = {0};
  memcpy(dy, WY, sizeof dy);
  PGab p = __enzyme_autodiff_p((void *)f, enzyme_primal_return, enzyme_out, A, enzyme_out, (float)B, enzyme_dup, x,
                               dx_p, enzyme_const, C, enzyme_const, N, enzyme_dupnoneed, y, dy);
  double yy[N];
  CHECK_PRIMAL("primal_return: primal", p.primal, f(A, (float)B, X0, C, N, yy));
  CHECK("primal_return: d/da", p.da, g.da);
  CHECK("primal_return: d/db", p.db, g.db);

  /* width 2: lane 0 seeded with WY, lane 1 with 2 * WY; the return seeded 1 in both */
  double dxl[2][N] = {{0}}, dyl[2][N];
  for (int i = 0; i < N; i++) {
    dyl[0][i] = WY[i];
    dyl[1][i] = 2.0 * WY[i];
  }
  Gab2 w = __enzyme_autodiff_w2((void *)f, enzyme_width, 2, enzyme_out, A, enzyme_out, (float)B, enzyme_dup, x,
                                dxl[0], dxl[1], enzyme_const, C, enzyme_const, N, enzyme_dupnoneed, y, dyl[0], dyl[1]);
  CHECK("width 2 lane 0: d/da", w.da[0], g.da);
  CHECK_F32("width 2 lane 0: d/db", w.db[0], g.db);
  /* lane 1's objective is f + 2 <WY, y>: (lane 1 - lane 0) = d <WY, y> */
  double g_only_y_a = w.da[1] - w.da[0];
  double ga_f;
  {
    double empty[N] = {0}, ddx[N] = {0}, ydummy[N];
    Gab h = __enzyme_autodiff((void *)f, enzyme_out, A, enzyme_out, (float)B, enzyme_dup, x, ddx, enzyme_const, C,
                              enzyme_const, N, enzyme_dupnoneed, ydummy, empty);
    ga_f = h.da;
    CHECK("width 2 lane 1: d/da", w.da[1], 2.0 * g.da - h.da);
    CHECK_F32("width 2 lane 1: d/db", w.db[1], 2.0 * g.db - h.db);
    for (int i = 0; i < N; i++) CHECK("width 2 lane 1: d/dx", dxl[1][i], 2.0 * dx[i] - ddx[i]);
  }
  CHECK("width 2: lane difference is d<WY,y>/da", g_only_y_a, g.da - ga_f);
  for (int i = 0; i < N; i++) CHECK("width 2 lane 0: d/dx", dxl[0][i], dx[i]);

  /* split */
  double dxs[N] = {0};
  ck_aug a = __enzyme_augmentfwd((void *)f, enzyme_out, A, enzyme_out, (float)B, enzyme_dup, x, dxs, enzyme_const, C,
                                 enzyme_const, N, enzyme_dupnoneed, y, dy);
  CHECK_PRIMAL("split: primal", a.primal, f(A, (float)B, X0, C, N, yy));
  memcpy(dy, WY, sizeof dy);
  Gab s = __enzyme_reverse((void *)f, enzyme_out, A, enzyme_out, (float)B, enzyme_dup, x, dxs, enzyme_const, C,
                           enzyme_const, N, enzyme_dupnoneed, y, dy, 1.0, a.tape);
  CHECK("split: d/da", s.da, g.da);
  CHECK_F32("split: d/db", s.db, g.db);
  for (int i = 0; i < N; i++) CHECK("split: d/dx", dxs[i], dx[i]);
  return ck_done();
}
