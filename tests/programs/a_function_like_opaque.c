// TEST: __enzyme_function_like on functions whose bodies cannot be differentiated at all (inline asm): only the named library rule ("log1p", "expm1") is used
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) double my_log1p(double x) {
  double r = log1p(x);
  __asm__ volatile("" : "+x"(r));
  return r;
}
__attribute__((noinline)) double my_expm1(double x) {
  double r = expm1(x);
  __asm__ volatile("" : "+x"(r));
  return r;
}
void *__enzyme_function_like[2] = {(void *)my_log1p, (void *)"log1p"};
void *__enzyme_function_like_expm1[2] = {(void *)my_expm1, (void *)"expm1"};

static double f(double x) { return my_log1p(x * x) + my_expm1(0.5 * x) * x; }

int main(void) {
  const double xs[] = {0.3, 1.7, -0.6};
  char name[48];
  for (int i = 0; i < 3; i++) {
    snprintf(name, sizeof name, "opaque function_like at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f, xs[i]));
  }
  return ck_done();
}
