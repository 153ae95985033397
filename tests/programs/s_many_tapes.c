// TEST: several default tapes alive at once, from different functions and from the same function at different points, reversed in an order unrelated to the order they were made (each tape is its own stack; split mode imposes no LIFO between them), one of them never reversed with enzyme_nofree and then freed by a last plain reverse
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

static double f(double x, double y) { return exp(0.3 * x) * y - log(1.0 + y * y) * x; }
static double g(double x) { double s = 0.0; for (int i = 1; i <= 6; i++) s += sin(i * x) / i; return s; }
static double FY = 0.8;
static double f_x(double x) { return f(x, FY); }

int main(void) {
  double px[4] = {0.1, -0.7, 1.3, 2.2};
  ck_aug tf[4], tg[4];
  for (int i = 0; i < 4; i++) {
    tf[i] = __enzyme_augmentfwd((void *)f, px[i], enzyme_const, FY);
    tg[i] = __enzyme_augmentfwd((void *)g, px[i]);
  }
  int order[4] = {2, 0, 3, 1};
  for (int k = 0; k < 4; k++) {
    int i = order[k];
    char label[48];
    double dg = __enzyme_reverse((void *)g, px[i], 1.0, tg[i].tape);
    snprintf(label, sizeof label, "g at x=%g", px[i]);
    CHECK(label, dg, ck_fd1(g, px[i]));
    CHECK_PRIMAL(label, tg[i].primal, g(px[i]));
  }
  for (int i = 3; i >= 0; i--) {
    char label[48];
    double d1 = __enzyme_reverse((void *)f, enzyme_nofree, px[i], enzyme_const, FY, 1.0, tf[i].tape);
    double d2 = __enzyme_reverse((void *)f, px[i], enzyme_const, FY, -3.0, tf[i].tape);
    snprintf(label, sizeof label, "f at x=%g (nofree)", px[i]);
    CHECK(label, d1, ck_fd1(f_x, px[i]));
    snprintf(label, sizeof label, "f at x=%g (then freed, seed -3)", px[i]);
    CHECK(label, d2, -3.0 * ck_fd1(f_x, px[i]));
  }
  return ck_done();
}
