// TEST: int->double conversions and int arguments (inactive) mixed with active doubles
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

/* n and k are ints: default activity is const; they enter as sitofp values. */
static double f(double x, int n, unsigned k) {
  double dn = (double)n;
  double dk = (double)k;
  double r = dn * x * x + dk / (x + dn);
  long m = (long)n * 3;
  r += (double)m * x;
  return r;
}

static int gn;
static unsigned gk;
static double fx(double x) { return f(x, gn, gk); }

int main(void) {
  const int ns[] = {2, -3, 7};
  const unsigned ks[] = {5u, 1u, 11u};
  const double xs[] = {1.1, 0.6, -2.2};
  for (int i = 0; i < 3; i++) {
    gn = ns[i];
    gk = ks[i];
    char name[64];
    snprintf(name, sizeof name, "d f(x,n=%d,k=%u) at %g", gn, gk, xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0, gn, gk), ck_fd1(fx, xs[i]));
  }
  return ck_done();
}
