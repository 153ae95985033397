// TEST: __enzyme_function_like: user functions declared to behave like "log1p", "exp" and "sinf" get those built-in rules (their bodies have zero derivative, so only the rule gives the right tangent)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

/* Each body returns the library value rounded to a grid: differentiating the body gives 0,
   the library rule gives the true derivative.  References use the exact library twins. */
__attribute__((noinline)) double my_log1p(double x) { return floor(log1p(x) * 1e9) * 1e-9; }
__attribute__((noinline)) double my_exp(double x) { return floor(exp(x) * 1e9) * 1e-9; }
__attribute__((noinline)) float my_sinf(float x) { return floorf(sinf(x) * 1e5f) * 1e-5f; }
void *__enzyme_function_like[2] = {(void *)my_log1p, (void *)"log1p"};
void *__enzyme_function_like_exp[2] = {(void *)my_exp, (void *)"exp"};
void *__enzyme_function_like_sin[2] = {(void *)my_sinf, (void *)"sinf"};

static double f(double x) { return my_log1p(x * x) * my_exp(0.5 * x); }
static double f_twin(double x) { return log1p(x * x) * exp(0.5 * x); }
static double g(double x) { return my_exp(my_log1p(x) - x); }
static double g_twin(double x) { return exp(log1p(x) - x); }
static float h(float x) { return my_sinf(x * 2.0f) + x; }
static double h_twin(double x) { return sin(2.0 * x) + x; }
float __enzyme_fwddiff_f(void *, float, float);

int main(void) {
  const double xs[] = {0.3, 1.7, -0.6};
  char name[48];
  for (int i = 0; i < 3; i++) {
    snprintf(name, sizeof name, "like log1p*exp at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f_twin, xs[i]));
    snprintf(name, sizeof name, "like exp(log1p) at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)g, xs[i], 1.0), ck_fd1(g_twin, xs[i]));
    snprintf(name, sizeof name, "like sinf at %g", xs[i]);
    CHECK_F32(name, __enzyme_fwddiff_f((void *)h, (float)xs[i], 1.0f), ck_fd1(h_twin, (float)xs[i]));
  }
  return ck_done();
}
