// TEST: derivatives moved through global memory by callees without active arguments (copy_g writes g2 from g1, get_g returns g2, a nested void chain, calls through a function pointer) are kept: a call to such a callee is differentiated even when no argument is active
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

double g1, g2, g3;
int calls;

__attribute__((noinline)) void copy_g(void) { g2 = g1 * 3.0; }
__attribute__((noinline)) double get_g(void) { return g2; }
__attribute__((noinline)) void bump_g(void) { g3 = g2 + g1; calls++; }
__attribute__((noinline)) void chain(void) { copy_g(); bump_g(); }
__attribute__((noinline)) void quiet(void) { calls++; }
__attribute__((noinline)) double read_g3(void) { return g3; }

void (*volatile hook)(void) = bump_g;
double (*volatile reader)(void) = read_g3;

static double f(double x) {
  g1 = x * x;
  copy_g();
  double t = sin(x) * 2.0;
  if (t > 100.0) printf("never %g\n", t);
  bump_g();
  return get_g() + g3 * x;
}

static double f_hook(double x) {
  g1 = x * x * x;
  copy_g();
  hook();
  return reader() * 2.0 + x;
}

static double f_chain(double x) {
  g1 = sin(x);
  chain();
  return g3 * x + get_g();
}

int main(void) {
  const double xs[] = {0.5, -1.25, 2.0};
  for (int i = 0; i < 3; i++) {
    char name[64];
    snprintf(name, sizeof name, "d f at %g through global callees", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f, xs[i]));
    snprintf(name, sizeof name, "d f_chain at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f_chain, xs[i], 1.0), ck_fd1(f_chain, xs[i]));
    snprintf(name, sizeof name, "d f_hook at %g (bump_g through a pointer)", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f_hook, xs[i], 1.0), ck_fd1(f_hook, xs[i]));
  }
  hook = quiet;
  for (int i = 0; i < 3; i++) {
    char name[64];
    g3 = 0.0;
    snprintf(name, sizeof name, "d f_hook at %g (quiet through a pointer)", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f_hook, xs[i], 1.0), ck_fd1(f_hook, xs[i]));
  }
  return ck_done();
}
