// TEST: C++ new[]/delete[] and new/delete of objects holding active doubles
#include "include/catalase_check.h"

extern "C" double __enzyme_fwddiff(void *, ...);

struct Accum {
  double sum;
  double weight;
  void add(double v) { sum += v * weight; weight *= 0.9; }
};

static double f(const double *x, int n) {
  double *sq = new double[n];
  for (int i = 0; i < n; i++) sq[i] = x[i] * x[i] - x[i];
  Accum *acc = new Accum{0.0, 1.0};
  for (int i = 0; i < n; i++) acc->add(sq[i] + x[(i + 2) % n]);
  double r = acc->sum;
  delete acc;
  delete[] sq;
  return r;
}

#define N 5
static double X[N] = {0.4, -1.3, 0.9, 2.2, -0.5};
static double V[N] = {0.3, 1.0, -0.7, 0.2, 0.5};
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  return f(x, N);
}

int main() {
  double dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  CHECK("directional derivative with new/delete",
        __enzyme_fwddiff((void *)f, X, dx, N), ck_fd1(along, 0.0));
  return ck_done();
}
