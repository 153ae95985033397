// TEST: float tangent returns with enzyme_width: {float d[4]} (<2 x float> pairs), {float p; float d[3]} with primal_return, {float d[8]} (sret), {float p, d}
#include "include/catalase_check.h"

typedef struct { float d[4]; } f4;
typedef struct { float p; float d[3]; } pf3;
typedef struct { float d[8]; } f8;
typedef struct { float p, d; } pf1;
f4 __enzyme_fwddiff_f4(void *, ...);
pf3 __enzyme_fwddiff_pf3(void *, ...);
f8 __enzyme_fwddiff_f8(void *, ...);
pf1 __enzyme_fwddiff_pf1(void *, ...);

static float ff(const float *x) { return x[0] * x[1] + sinf(x[2]) * x[3] + expf(0.1f * x[0] * x[3]); }
static double fd_twin(const double *x) { return x[0] * x[1] + sin(x[2]) * x[3] + exp(0.1 * x[0] * x[3]); }

static float X[4] = {0.5f, -1.5f, 0.25f, 2.0f};
static float E[8][4] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1},
                        {1, 1, 0, 0}, {0, 1, 1, 0}, {0, 0, 1, 1}, {1, 0, 0, -1}};
static int LANE;
static double along(double t) {
  double x[4];
  for (int i = 0; i < 4; i++) x[i] = X[i] + t * E[LANE][i];
  return fd_twin(x);
}

int main(void) {
  char name[48];
  f4 a = __enzyme_fwddiff_f4((void *)ff, enzyme_width, 4, X, E[0], E[1], E[2], E[3]);
  for (LANE = 0; LANE < 4; LANE++) {
    snprintf(name, sizeof name, "width4 {float d[4]} lane%d", LANE);
    CHECK_F32(name, a.d[LANE], ck_fd1(along, 0.0));
  }
  pf3 b = __enzyme_fwddiff_pf3((void *)ff, enzyme_width, 3, enzyme_primal_return, X, E[4], E[5], E[6]);
  CHECK_F32("width3 primal_return: primal", b.p, ff(X));
  for (LANE = 4; LANE < 7; LANE++) {
    snprintf(name, sizeof name, "width3 primal_return lane%d", LANE - 4);
    CHECK_F32(name, b.d[LANE - 4], ck_fd1(along, 0.0));
  }
  f8 c = __enzyme_fwddiff_f8((void *)ff, enzyme_width, 8, X, E[0], E[1], E[2], E[3], E[4], E[5], E[6], E[7]);
  for (LANE = 0; LANE < 8; LANE++) {
    snprintf(name, sizeof name, "width8 {float d[8]} lane%d", LANE);
    CHECK_F32(name, c.d[LANE], ck_fd1(along, 0.0));
  }
  pf1 d = __enzyme_fwddiff_pf1((void *)ff, enzyme_primal_return, X, E[7]);
  CHECK_F32("primal_return {float p, d}: primal", d.p, ff(X));
  LANE = 7;
  CHECK_F32("primal_return {float p, d}: tangent", d.d, ck_fd1(along, 0.0));
  return ck_done();
}
