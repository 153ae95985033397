// TEST: enzyme_width 1/2/3/5/7/16 on a double function, every return shape: bare double (width 1), struct {double d[N]}, struct {double p; double d[N]} with enzyme_primal_return, sret for large N
#include "include/catalase_check.h"

#define DECL(N)                                   \
  typedef struct { double d[N]; } t##N;           \
  typedef struct { double p; double d[N]; } pt##N; \
  t##N __enzyme_fwddiff_t##N(void *, ...);        \
  pt##N __enzyme_fwddiff_pt##N(void *, ...);
DECL(1) DECL(2) DECL(3) DECL(5) DECL(7) DECL(16)
double __enzyme_fwddiff(void *, ...);
typedef struct { double p, d; } pd;
pd __enzyme_fwddiff_pd(void *, ...);

/* f(x, y) with x, y scalars; lane v gets direction (cos v, sin v). */
static double f(double x, double y) { return sin(x * y) + x * x * y + exp(0.3 * y); }
static double X = 0.7, Y = -0.4;
static double CX, CY;
static double along(double t) { return f(X + t * CX, Y + t * CY); }
static double lane_fd(int v) {
  CX = cos(0.4 * v + 0.1); CY = sin(0.4 * v + 0.1);
  return ck_fd1(along, 0.0);
}
static double dx(int v) { return cos(0.4 * v + 0.1); }
static double dy(int v) { return sin(0.4 * v + 0.1); }

static void check_lanes(const char *tag, const double *d, int n) {
  char name[64];
  for (int v = 0; v < n; v++) {
    snprintf(name, sizeof name, "%s lane%d", tag, v);
    CHECK(name, d[v], lane_fd(v));
  }
}

int main(void) {
  CHECK("width1 bare double", __enzyme_fwddiff((void *)f, enzyme_width, 1, X, dx(0), Y, dy(0)), lane_fd(0));
  t1 a1 = __enzyme_fwddiff_t1((void *)f, enzyme_width, 1, X, dx(0), Y, dy(0));
  check_lanes("width1 {d[1]}", a1.d, 1);
  pd b1 = __enzyme_fwddiff_pd((void *)f, enzyme_width, 1, enzyme_primal_return, X, dx(0), Y, dy(0));
  CHECK_PRIMAL("width1 primal", b1.p, f(X, Y));
  CHECK("width1 {p,d}", b1.d, lane_fd(0));
  pt1 c1 = __enzyme_fwddiff_pt1((void *)f, enzyme_width, 1, enzyme_primal_return, X, dx(0), Y, dy(0));
  CHECK_PRIMAL("width1 {p,d[1]} primal", c1.p, f(X, Y));
  check_lanes("width1 {p,d[1]}", c1.d, 1);

  t2 a2 = __enzyme_fwddiff_t2((void *)f, enzyme_width, 2, X, dx(0), dx(1), Y, dy(0), dy(1));
  check_lanes("width2 {d[2]}", a2.d, 2);
  pt2 b2 = __enzyme_fwddiff_pt2((void *)f, enzyme_width, 2, enzyme_primal_return, X, dx(0), dx(1), Y, dy(0), dy(1));
  CHECK_PRIMAL("width2 primal", b2.p, f(X, Y));
  check_lanes("width2 {p,d[2]}", b2.d, 2);

  t3 a3 = __enzyme_fwddiff_t3((void *)f, enzyme_width, 3, X, dx(0), dx(1), dx(2), Y, dy(0), dy(1), dy(2));
  check_lanes("width3 {d[3]}", a3.d, 3);
  pt3 b3 = __enzyme_fwddiff_pt3((void *)f, enzyme_width, 3, enzyme_primal_return, X, dx(0), dx(1), dx(2), Y, dy(0), dy(1), dy(2));
  CHECK_PRIMAL("width3 primal", b3.p, f(X, Y));
  check_lanes("width3 {p,d[3]}", b3.d, 3);

  t5 a5 = __enzyme_fwddiff_t5((void *)f, enzyme_width, 5, X, dx(0), dx(1), dx(2), dx(3), dx(4), Y, dy(0), dy(1), dy(2), dy(3), dy(4));
  check_lanes("width5 {d[5]}", a5.d, 5);
  pt5 b5 = __enzyme_fwddiff_pt5((void *)f, enzyme_primal_return, enzyme_width, 5, X, dx(0), dx(1), dx(2), dx(3), dx(4), Y, dy(0), dy(1), dy(2), dy(3), dy(4));
  CHECK_PRIMAL("width5 primal", b5.p, f(X, Y));
  check_lanes("width5 {p,d[5]}", b5.d, 5);

  t7 a7 = __enzyme_fwddiff_t7((void *)f, enzyme_width, 7, X, dx(0), dx(1), dx(2), dx(3), dx(4), dx(5), dx(6), Y, dy(0), dy(1), dy(2), dy(3), dy(4), dy(5), dy(6));
  check_lanes("width7 {d[7]}", a7.d, 7);
  pt7 b7 = __enzyme_fwddiff_pt7((void *)f, enzyme_width, 7, enzyme_primal_return, X, dx(0), dx(1), dx(2), dx(3), dx(4), dx(5), dx(6), Y, dy(0), dy(1), dy(2), dy(3), dy(4), dy(5), dy(6));
  CHECK_PRIMAL("width7 primal", b7.p, f(X, Y));
  check_lanes("width7 {p,d[7]}", b7.d, 7);

#define L16(F) F(0), F(1), F(2), F(3), F(4), F(5), F(6), F(7), F(8), F(9), F(10), F(11), F(12), F(13), F(14), F(15)
  t16 a16 = __enzyme_fwddiff_t16((void *)f, enzyme_width, 16, X, L16(dx), Y, L16(dy));
  check_lanes("width16 {d[16]}", a16.d, 16);
  pt16 b16 = __enzyme_fwddiff_pt16((void *)f, X, L16(dx), Y, L16(dy), enzyme_width, 16, enzyme_primal_return);
  CHECK_PRIMAL("width16 primal", b16.p, f(X, Y));
  check_lanes("width16 {p,d[16]}", b16.d, 16);
  return ck_done();
}
