// TEST: enzyme_width 16: sixteen directional derivatives of f(x,y) in one call, v16 struct return
#include "include/catalase_check.h"

typedef struct { double d[16]; } v16;
v16 __enzyme_fwddiff(void *, ...);

static double f(double x, double y) { return exp(0.3 * x) * cos(y) + x * y * y; }

static double DX[16], DY[16];
static int K;
static double along(double t) { return f(0.8 + t * DX[K], -0.4 + t * DY[K]); }

#define L16(a) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], \
                a[13], a[14], a[15]

int main(void) {
  for (int k = 0; k < 16; k++) {
    DX[k] = cos(0.4 * k);
    DY[k] = sin(0.4 * k);
  }
  v16 g = __enzyme_fwddiff((void *)f, enzyme_width, 16, 0.8, L16(DX), -0.4, L16(DY));
  char name[48];
  for (K = 0; K < 16; K++) {
    snprintf(name, sizeof name, "lane%d directional derivative", K);
    CHECK(name, g.d[K], ck_fd1(along, 0.0));
  }
  return ck_done();
}
