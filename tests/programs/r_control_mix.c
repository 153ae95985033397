// TEST: reverse mode through control flow users write: a loop with continue and break on data-dependent conditions, an early return from inside a nested loop, a switch with fall-through and a default inside a loop, a do-while, int-to-float casts of loop counters and of truncated active values, a union reinterpreting a double's bits as an integer to pick a branch, and a global array mutated inside the function
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);

#define N 8
static double G[N];

typedef union {
  double d;
  long long bits;
} Bits;

static double flow(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    if (x[i] < -0.9) continue;          /* skipped entries */
    if (s > 40.0) break;                /* not reached at the test points */
    double t = x[i] * (double)(i + 1);  /* int-to-float cast of the counter */
    switch (i % 4) {
    case 0: t = t * t;                  /* falls through */
    case 1: t += sin(x[i]); break;
    case 2: t = exp(0.3 * t); break;
    default: t = t / (1.0 + x[i] * x[i]);
    }
    G[i] = t;                           /* global array written ... */
    s += t;
  }
  for (int i = 1; i < n; i++) s += 0.25 * G[i] * G[i - 1]; /* ... and read back */
  int k = 0;
  double p = 1.0;
  do {
    p *= 1.0 + 0.1 * x[k];
    k++;
  } while (k < 3);
  Bits b = {x[0]};
  if (b.bits < 0) s -= p; /* the sign bit of x[0] through a union */
  else s += p;
  int whole = (int)(x[1] * 10.0); /* truncated active value: a constant step */
  s += (double)whole * x[2];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      if (i * j > 20 && x[i] * x[j] > 0.0) return s + x[i] * x[j];
  return s;
}

static double X[N] = {0.6, -0.33, 1.1, -1.2, 0.45, 0.8, -0.7, 0.35};
static double F(double *x) { return flow(x, N); }

int main(void) {
  double dx[N] = {0};
  __enzyme_autodiff((void *)flow, enzyme_dup, X, dx, enzyme_const, N);
  ck_gradient("control flow mix", dx, F, X, N);
  double X2[N];
  for (int i = 0; i < N; i++) X2[i] = -X[i];
  double dx2[N] = {0};
  __enzyme_autodiff((void *)flow, enzyme_dup, X2, dx2, enzyme_const, N);
  ck_gradient("control flow mix, negated", dx2, F, X2, N);
  return ck_done();
}
