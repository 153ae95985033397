// TEST: helpers with restrict-qualified pointer parameters inlined into the differentiated function (noalias scope declarations)
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 7
static void axpy(int n, double a, const double *restrict x, double *restrict y) {
  for (int i = 0; i < n; i++) y[i] += a * x[i];
}
static void scale_sq(int n, const double *restrict x, double *restrict y) {
  for (int i = 0; i < n; i++) y[i] = x[i] * x[i] * 0.5;
}
/* Symplectic leapfrog-like updates through restrict helpers. */
static void step(double *u, double *v, int n, int steps) {
  double t[N];
  for (int s = 0; s < steps; s++) {
    axpy(n, 0.1, u, v);
    scale_sq(n, v, t);
    axpy(n, -0.1, t, u);
  }
}

static double U0[N], V0[N], VU[N], VV[N];
static int OUT;
static double along(double t) {
  double u[N], v[N];
  for (int i = 0; i < N; i++) {
    u[i] = U0[i] + t * VU[i];
    v[i] = V0[i] + t * VV[i];
  }
  step(u, v, N, 20);
  return OUT < N ? u[OUT] : v[OUT - N];
}

int main(void) {
  for (int i = 0; i < N; i++) {
    U0[i] = 0.2 * i - 0.5;
    V0[i] = cos(0.9 * i);
    VU[i] = sin(1.0 + i);
    VV[i] = 0.1 * (i % 3);
  }
  double u[N], v[N], du[N], dv[N];
  for (int i = 0; i < N; i++) {
    u[i] = U0[i];
    v[i] = V0[i];
    du[i] = VU[i];
    dv[i] = VV[i];
  }
  __enzyme_fwddiff((void *)step, u, du, v, dv, enzyme_const, N, enzyme_const, 20);
  char name[48];
  for (OUT = 0; OUT < 2 * N; OUT += 3) {
    snprintf(name, sizeof name, "d %s[%d]", OUT < N ? "u" : "v", OUT % N);
    CHECK(name, OUT < N ? du[OUT] : dv[OUT - N], ck_fd1(along, 0.0));
  }
  return ck_done();
}
