// TEST: indirect calls: a quadrature routine takes its integrand as an enzyme_const function pointer; a table of function pointers picked at run time
#include "include/catalase_check.h"

extern int enzyme_const;
double __enzyme_fwddiff(void *, ...);

typedef double (*integrand)(double t, double p);

static double g1(double t, double p) { return sin(p * t) * t; }
static double g2(double t, double p) { return exp(-p * t * t); }

/* Midpoint rule: the derivative flows through the indirect call f(t, p). */
static double quad(integrand f, double p, int n) {
  double s = 0.0, h = 1.0 / n;
  for (int i = 0; i < n; i++) s += h * f((i + 0.5) * h, p);
  return s;
}

static const integrand table[2] = {g1, g2};
/* The callee is chosen by an integer at run time. */
static double pick(double p, int k) { return table[k & 1](0.6, p) * p; }

static double q1(double p) { return quad(g1, p, 50); }
static double q2(double p) { return quad(g2, p, 50); }
static int kk;
static double pk(double p) { return pick(p, kk); }

int main(void) {
  const double ps[] = {1.3, 0.4};
  for (int i = 0; i < 2; i++) {
    char name[56];
    snprintf(name, sizeof name, "d quad(g1) / dp at %g", ps[i]);
    CHECK(name, __enzyme_fwddiff((void *)quad, enzyme_const, g1, ps[i], 1.0, enzyme_const, 50), ck_fd1(q1, ps[i]));
    snprintf(name, sizeof name, "d quad(g2) / dp at %g", ps[i]);
    CHECK(name, __enzyme_fwddiff((void *)quad, enzyme_const, g2, ps[i], 1.0, enzyme_const, 50), ck_fd1(q2, ps[i]));
  }
  for (kk = 0; kk < 2; kk++) {
    char name[56];
    snprintf(name, sizeof name, "d table[%d](0.6, p) * p / dp", kk);
    CHECK(name, __enzyme_fwddiff((void *)pick, 0.9, 1.0, enzyme_const, kk), ck_fd1(pk, 0.9));
  }
  return ck_done();
}
