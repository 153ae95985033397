// TEST: __enzyme_inactivefn: a logger and a smooth "hint" function are inactive (hint result is a constant)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static int calls;
/* Takes an active value only to log it.  The inline asm makes its body
   non-differentiable: without the inactive mark this is an error. */
__attribute__((noinline)) void log_message(const char *what, double v) {
  __asm__ volatile("" : "+x"(v));
  calls++;
  if (calls < 0) printf("%s %g\n", what, v);
}

/* A smooth function declared inactive: its result counts as a constant, so
   the reference below freezes it at the evaluation point. */
__attribute__((noinline)) double scale_hint(double v) { return 1.0 + 0.1 * v * v; }

/* One function per registration global: only the first element of such an
   array is read (ABI 6.1), so each gets its own global (name contains the key). */
void *__enzyme_inactivefn[] = {(void *)log_message};
void *__enzyme_inactivefn_hint[] = {(void *)scale_hint};

static double f(double x) {
  log_message("x", x);
  double g = scale_hint(x);
  double y = x * x * g + exp(x);
  log_message("y", y);
  return y;
}

static double G0;
static double f_frozen(double x) { return x * x * G0 + exp(x); }

int main(void) {
  const double xs[] = {0.6, 1.9, -0.8};
  for (int i = 0; i < 3; i++) {
    char name[56];
    G0 = scale_hint(xs[i]);
    snprintf(name, sizeof name, "d f (hint frozen, logger inactive) at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f_frozen, xs[i]));
  }
  CHECK_PRIMAL("logger ran as a side effect", calls >= 6 ? 1.0 : 0.0, 1.0);
  return ck_done();
}
