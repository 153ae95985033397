// TEST: a C++ templated Newton solver (template on the system size N and on the residual functor) whose Jacobian comes from __enzyme_fwddiff at enzyme_width N of a static member function template (one call, N columns back as struct { Vec<N> d[N]; }: Vec<2> comes back in registers, Vec<3> through sret; x passed by reference as enzyme_dup with N shadow vectors) or, in a second instantiation, from N width-1 calls; the solution x*(p) as a function of a parameter p is then differentiated through the whole solve (the inner __enzyme_fwddiff calls included) by forward mode (forward over forward) and reverse mode (reverse over forward, the gradient of a scalar of the solution with respect to two parameters); against finite differences of the solve and against the implicit-function derivative -J^{-1} dF/dp
#include <cmath>
#include <cstdio>
#include <cstring>

#include "include/ck_array.h"

extern "C" {
double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
}

template <int N>
struct Vec {
  double v[N];
};
template <int N>
struct Cols {
  Vec<N> d[N];
};

/* F(x; p) = 0: a mildly nonlinear system with parameters p[0], p[1] */
struct Sys2 {
  static constexpr int n = 2;
  static Vec<2> residual(const Vec<2> &x, double p0, double p1) {
    Vec<2> r;
    r.v[0] = x.v[0] * x.v[0] * x.v[0] + 2.0 * x.v[0] + x.v[1] - p0;
    r.v[1] = sin(x.v[0]) + 2.0 * x.v[1] + 0.1 * x.v[1] * x.v[1] - p1;
    return r;
  }
};
struct Sys3 {
  static constexpr int n = 3;
  static Vec<3> residual(const Vec<3> &x, double p0, double p1) {
    Vec<3> r;
    r.v[0] = 3.0 * x.v[0] + exp(0.2 * x.v[1]) - p0;
    r.v[1] = x.v[0] * x.v[2] + 4.0 * x.v[1] - p1;
    r.v[2] = x.v[2] * x.v[2] * x.v[2] + 2.0 * x.v[2] + x.v[1] - p0 * p1;
    return r;
  }
};

template <int N>
static void solve_linear(double (*A)[N], double *b) {
  for (int k = 0; k < N; k++) {
    int piv = k;
    for (int i = k + 1; i < N; i++)
      if (fabs(A[i][k]) > fabs(A[piv][k])) piv = i;
    if (piv != k) {
      for (int j = 0; j < N; j++) {
        double t = A[k][j];
        A[k][j] = A[piv][j];
        A[piv][j] = t;
      }
      double t = b[k];
      b[k] = b[piv];
      b[piv] = t;
    }
    for (int i = k + 1; i < N; i++) {
      double m = A[i][k] / A[k][k];
      for (int j = k; j < N; j++) A[i][j] -= m * A[k][j];
      b[i] -= m * b[k];
    }
  }
  for (int i = N - 1; i >= 0; i--) {
    double s = b[i];
    for (int j = i + 1; j < N; j++) s -= A[i][j] * b[j];
    b[i] = s / A[i][i];
  }
}

/* Jacobian columns of residual in x: one batched call (Batched) or N width-1 calls */
template <class S, bool Batched>
struct Jac;
template <class S>
struct Jac<S, true> {
  static void get(Vec<S::n> x, double p0, double p1, double (*J)[S::n]);
};
template <>
void Jac<Sys2, true>::get(Vec<2> x, double p0, double p1, double (*J)[2]) {
  const Vec<2> e[2] = {{{1.0, 0.0}}, {{0.0, 1.0}}};
  Cols<2> c = ((Cols<2>(*)(void *, ...))__enzyme_fwddiff)((void *)Sys2::residual, enzyme_width, 2,
                                                         enzyme_dup, &x, &e[0], &e[1],
                                                         enzyme_const, p0, enzyme_const, p1);
  for (int j = 0; j < 2; j++)
    for (int i = 0; i < 2; i++) J[i][j] = c.d[j].v[i];
}
template <>
void Jac<Sys3, true>::get(Vec<3> x, double p0, double p1, double (*J)[3]) {
  const Vec<3> e[3] = {{{1.0, 0.0, 0.0}}, {{0.0, 1.0, 0.0}}, {{0.0, 0.0, 1.0}}};
  Cols<3> c = ((Cols<3>(*)(void *, ...))__enzyme_fwddiff)(
      (void *)Sys3::residual, enzyme_width, 3, enzyme_dup, &x, &e[0], &e[1], &e[2], enzyme_const, p0, enzyme_const, p1);
  for (int j = 0; j < 3; j++)
    for (int i = 0; i < 3; i++) J[i][j] = c.d[j].v[i];
}
template <class S>
struct Jac<S, false> {
  static void get(Vec<S::n> x, double p0, double p1, double (*J)[S::n]) {
    for (int j = 0; j < S::n; j++) {
      Vec<S::n> e{};
      e.v[j] = 1.0;
      Vec<S::n> c = ((Vec<S::n>(*)(void *, ...))__enzyme_fwddiff)((void *)S::residual, enzyme_dup, &x, &e,
                                                                 enzyme_const, p0, enzyme_const, p1);
      for (int i = 0; i < S::n; i++) J[i][j] = c.v[i];
    }
  }
};

template <class S, bool Batched>
__attribute__((noinline)) Vec<S::n> newton(double p0, double p1) {
  constexpr int N = S::n;
  Vec<N> x{};
  for (int it = 0; it < 12; it++) { /* fixed count: the tangent converges with the primal */
    Vec<N> r = S::residual(x, p0, p1);
    double J[N][N], b[N];
    Jac<S, Batched>::get(x, p0, p1, J);
    for (int i = 0; i < N; i++) b[i] = -r.v[i];
    solve_linear<N>(J, b);
    for (int i = 0; i < N; i++) x.v[i] += b[i];
  }
  return x;
}

/* scalar of the solution */
template <class S, bool Batched>
__attribute__((noinline)) double objective(double p0, double p1) {
  Vec<S::n> x = newton<S, Batched>(p0, p1);
  double s = 0.0;
  for (int i = 0; i < S::n; i++) s += (i + 1.0) * x.v[i] * x.v[i];
  return s;
}

struct Grad2 {
  double d0, d1;
};

template <class S, bool Batched>
static void run(const char *name, double p0, double p1) {
  constexpr int N = S::n;
  char label[128];
  Vec<N> x = newton<S, Batched>(p0, p1);
  Vec<N> r = S::residual(x, p0, p1);
  for (int i = 0; i < N; i++) {
    snprintf(label, sizeof label, "%s residual %d at the solution", name, i);
    CHECK_PRIMAL(label, 1.0 + r.v[i], 1.0);
  }
  /* dx/dp0 by forward over forward */
  Vec<N> t0 = ((Vec<N>(*)(void *, ...))__enzyme_fwddiff)((void *)newton<S, Batched>, p0, 1.0, p1, 0.0);
  Vec<N> t1 = ((Vec<N>(*)(void *, ...))__enzyme_fwddiff)((void *)newton<S, Batched>, p0, 0.0, p1, 1.0);
  /* implicit function: J dx/dp = -dF/dp */
  double J[N][N], b0[N], b1[N];
  Jac<S, false>::get(x, p0, p1, J);
  double h = 1e-6;
  Vec<N> ra = S::residual(x, p0 + h, p1), rb = S::residual(x, p0 - h, p1);
  for (int i = 0; i < N; i++) b0[i] = -(ra.v[i] - rb.v[i]) / (2 * h);
  ra = S::residual(x, p0, p1 + h);
  rb = S::residual(x, p0, p1 - h);
  for (int i = 0; i < N; i++) b1[i] = -(ra.v[i] - rb.v[i]) / (2 * h);
  double J2[N][N];
  memcpy(J2, J, sizeof J);
  solve_linear<N>(J, b0);
  solve_linear<N>(J2, b1);
  for (int i = 0; i < N; i++) {
    double hs = 1e-5;
    Vec<N> a = newton<S, Batched>(p0 + hs, p1), c = newton<S, Batched>(p0 - hs, p1);
    snprintf(label, sizeof label, "%s dx[%d]/dp0 fwd over fwd", name, i);
    CHECK(label, t0.v[i], (a.v[i] - c.v[i]) / (2 * hs));
    snprintf(label, sizeof label, "%s dx[%d]/dp0 implicit", name, i);
    CHECK(label, t0.v[i], b0[i]);
    a = newton<S, Batched>(p0, p1 + hs);
    c = newton<S, Batched>(p0, p1 - hs);
    snprintf(label, sizeof label, "%s dx[%d]/dp1 fwd over fwd", name, i);
    CHECK(label, t1.v[i], (a.v[i] - c.v[i]) / (2 * hs));
    snprintf(label, sizeof label, "%s dx[%d]/dp1 implicit", name, i);
    CHECK(label, t1.v[i], b1[i]);
  }
  /* reverse over forward: gradient of the objective in (p0, p1) */
  Grad2 g = ((Grad2(*)(void *, ...))__enzyme_autodiff)((void *)objective<S, Batched>, p0, p1);
  double hs = 1e-5;
  double f0 = (objective<S, Batched>(p0 + hs, p1) - objective<S, Batched>(p0 - hs, p1)) / (2 * hs);
  double f1 = (objective<S, Batched>(p0, p1 + hs) - objective<S, Batched>(p0, p1 - hs)) / (2 * hs);
  snprintf(label, sizeof label, "%s objective d/dp0 rev over fwd", name);
  CHECK(label, g.d0, f0);
  snprintf(label, sizeof label, "%s objective d/dp1 rev over fwd", name);
  CHECK(label, g.d1, f1);
  double fw = __enzyme_fwddiff((void *)objective<S, Batched>, p0, 0.6, p1, -0.8);
  snprintf(label, sizeof label, "%s dot test: <g, v> = fwd", name);
  CHECK(label, 0.6 * g.d0 - 0.8 * g.d1, fw);
}

int main() {
  run<Sys2, true>("2x2 batched jacobian", 1.3, 0.4);
  run<Sys2, false>("2x2 column jacobian", 0.7, -0.5);
  run<Sys3, true>("3x3 batched jacobian", 1.1, 0.9);
  run<Sys3, false>("3x3 column jacobian", 1.6, -0.3);
  return ck_done();
}
