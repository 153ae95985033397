// TEST: Newton iteration solving x^3 + a x - b = 0 (fixed iteration count): derivative of the root w.r.t. a and b
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double solve(double a, double b) {
  double x = 1.0;
  for (int i = 0; i < 30; i++) {
    double g = x * x * x + a * x - b;
    double dg = 3.0 * x * x + a;
    x = x - g / dg;
  }
  return x;
}

static double GA, GB;
static double by_a(double a) { return solve(a, GB); }
static double by_b(double b) { return solve(GA, b); }

int main(void) {
  const double ab[][2] = {{1.0, 2.0}, {0.5, -3.0}, {2.5, 0.7}};
  for (int i = 0; i < 3; i++) {
    GA = ab[i][0];
    GB = ab[i][1];
    double x = solve(GA, GB);
    char name[64];
    /* Implicit function theorem: dx/da = -x/(3x^2+a), dx/db = 1/(3x^2+a). */
    double da = __enzyme_fwddiff((void *)solve, GA, 1.0, GB, 0.0);
    double db = __enzyme_fwddiff((void *)solve, GA, 0.0, GB, 1.0);
    snprintf(name, sizeof name, "d root/da at (%g,%g)", GA, GB);
    CHECK(name, da, ck_fd1(by_a, GA));
    snprintf(name, sizeof name, "d root/db at (%g,%g)", GA, GB);
    CHECK(name, db, ck_fd1(by_b, GB));
    snprintf(name, sizeof name, "d root/db vs implicit formula");
    CHECK(name, db, 1.0 / (3.0 * x * x + GA));
  }
  return ck_done();
}
