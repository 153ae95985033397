// TEST: `enzyme_shadow(g_shadow)` through the plugin's clang half: globals (a scalar, an array read in a loop by a callee, a C23-spelled one) whose shadows the program declares. Reverse mode adds the globals' adjoints into those shadows (which Catalase never resets: a second gradient adds again), forward mode reads the tangents seeded in them; both against central finite differences in x and in each global, and the dot-product test between the two modes
// CLANG-PLUGIN: yes
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "include/catalase_check.h"

extern double __enzyme_fwddiff(void *, ...);
extern double __enzyme_autodiff(void *, ...);

double d_rate = 0.0;
__attribute__((enzyme_shadow(d_rate))) double rate = 0.7;

double d_weights[3];
__attribute__((enzyme_shadow(d_weights))) double weights[3] = {0.5, -1.25, 2.0};

double d_bias;
[[enzyme_shadow(d_bias)]] double bias = 0.3;

__attribute__((noinline)) static double poly(double x) {
  double s = 0.0, p = 1.0;
  for (int i = 0; i < 3; i++) {
    s += weights[i] * p;
    p *= x;
  }
  return s;
}

double f(double x) { return sin(rate * x) * poly(x) + bias * bias * x; }

/* f as a function of one input at a time, for finite differences. */
static double x0;
static int which; /* 0: x, 1: rate, 2..4: weights[0..2], 5: bias */
static double *slot(int k) { return k == 1 ? &rate : k == 5 ? &bias : &weights[k - 2]; }
static double f_of(double v) {
  if (which == 0)
    return f(v);
  double *p = slot(which), keep = *p;
  *p = v;
  double y = f(x0);
  *p = keep;
  return y;
}
static double fd(int k) {
  which = k;
  return ck_fd1(f_of, k == 0 ? x0 : *slot(k));
}

static void clear_shadows(void) {
  d_rate = 0.0;
  d_bias = 0.0;
  memset(d_weights, 0, sizeof d_weights);
}

int main(void) {
  const char *names[] = {"x", "rate", "weights[0]", "weights[1]", "weights[2]", "bias"};
  double xs[] = {0.4, -1.3};
  for (int t = 0; t < 2; t++) {
    x0 = xs[t];
    double want[6];
    for (int k = 0; k < 6; k++)
      want[k] = fd(k);

    /* Reverse: the adjoints of the globals land in the program's shadows. */
    clear_shadows();
    double gx = __enzyme_autodiff((void *)f, x0);
    double grad[6] = {gx, d_rate, d_weights[0], d_weights[1], d_weights[2], d_bias};
    char what[64];
    for (int k = 0; k < 6; k++) {
      snprintf(what, sizeof what, "reverse d/d%s at x=%g", names[k], x0);
      CHECK(what, grad[k], want[k]);
    }
    /* Never reset: a second gradient adds to what is there. */
    __enzyme_autodiff((void *)f, x0);
    CHECK("reverse accumulates into d_rate", d_rate, 2.0 * want[1]);
    CHECK("reverse accumulates into d_weights[2]", d_weights[2], 2.0 * want[4]);

    /* Forward: one tangent per input, seeded in the shadows. */
    for (int k = 0; k < 6; k++) {
      clear_shadows();
      if (k > 0)
        *(k == 1 ? &d_rate : k == 5 ? &d_bias : &d_weights[k - 2]) = 1.0;
      snprintf(what, sizeof what, "forward d/d%s at x=%g", names[k], x0);
      CHECK(what, __enzyme_fwddiff((void *)f, x0, k == 0 ? 1.0 : 0.0), want[k]);
    }

    /* Dot-product test: <J v, 1> == <v, J^T 1> for a mixed direction v. */
    double v[6] = {0.3, -0.7, 1.1, 0.2, -0.4, 0.9};
    d_rate = v[1], d_weights[0] = v[2], d_weights[1] = v[3], d_weights[2] = v[4], d_bias = v[5];
    double jv = __enzyme_fwddiff((void *)f, x0, v[0]);
    clear_shadows();
    double g0 = __enzyme_autodiff((void *)f, x0);
    double jt[6] = {g0, d_rate, d_weights[0], d_weights[1], d_weights[2], d_bias};
    double dot = 0.0;
    for (int k = 0; k < 6; k++)
      dot += v[k] * jt[k];
    CHECK_PRIMAL("dot product <Jv,1> = <v,J^T 1>", jv, dot);
  }
  CHECK_PRIMAL("primal unchanged", rate, 0.7);
  return ck_done();
}
