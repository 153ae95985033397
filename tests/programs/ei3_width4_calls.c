// TEST: enzyme_width 4 forward batches through calls that are not inlined: a helper returning a double, one returning a struct {double, double} by value, one returning a float, a helper writing through an output pointer, a recursive helper, a helper called through a function pointer, and a callee that mallocs and frees a buffer; four directions at once (dup pointer with 4 shadows, a by-value double with 4 tangents, an int const), each lane against a finite difference along its direction, and lane sums against reverse mode (dot-product test)
#include "include/ck_array.h"

#define N 5

typedef struct {
  double a, b;
} pair;

__attribute__((noinline)) static double h_scalar(double x, double y) { return x * sin(y) + y * y; }
__attribute__((noinline)) static pair h_pair(const double *x, double s) {
  pair p = {x[0] * s + x[1], exp(0.2 * x[2]) * x[3] - s * s};
  return p;
}
__attribute__((noinline)) static float h_float(float x) { return x * x * 0.5f + sinf(x); }
__attribute__((noinline)) static void h_out(const double *x, double *o, int n) {
  for (int i = 0; i < n; i++) o[i] = x[i] * x[(i + 1) % n];
}
__attribute__((noinline)) static double h_rec(const double *x, int n) {
  if (n == 0) return 1.0;
  return x[n - 1] + 0.5 * h_rec(x, n - 1) * cos(x[n - 1]);
}
__attribute__((noinline)) static double h_heap(const double *x, int n) {
  double *t = malloc((size_t)n * sizeof(double));
  for (int i = 0; i < n; i++) t[i] = log(1.0 + x[i] * x[i]);
  double s = 0.0;
  for (int i = n - 1; i >= 0; i--) s = s * 0.5 + t[i];
  free(t);
  return s;
}
typedef double (*fn2)(double, double);
static fn2 PICK[2] = {h_scalar, NULL};

__attribute__((noinline)) double top(const double *x, double s, int k) {
  double o[N];
  h_out(x, o, N);
  pair p = h_pair(o, s);
  double r = PICK[k](p.a, p.b) + (double)h_float((float)(x[4] * 0.25));
  r += h_rec(o, N) * s + h_heap(x, N);
  return r;
}

static double X[N + 1] = {0.4, -0.7, 0.9, 0.3, -0.5, 1.2}; /* X[N] is s */
/* h_float's rounding taken out of the finite differences (the float term cancels exactly) */
static double obj(double *x) {
  double q = x[4] * 0.25;
  return top(x, x[N], 0) - (double)h_float((float)q) + q * q * 0.5 + sin(q);
}

typedef struct {
  double d[4];
} v4;
v4 __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);

int main(void) {
  double V[4][N + 1] = {{1, 0, 0, 0, 0, 0}, {0.5, -1, 0.25, 0, 0.3, 0.2}, {0, 0, 0, 0, 0, 1}, {-0.2, 0.4, 0.6, -0.8, 1, -0.5}};
  v4 g = __enzyme_fwddiff((void *)top, enzyme_width, 4, enzyme_dup, X, V[0], V[1], V[2], V[3], X[N], V[0][N], V[1][N],
                          V[2][N], V[3][N], enzyme_const, 0);
  double dx[N + 1] = {0};
  dx[N] = __enzyme_autodiff((void *)top, enzyme_dup, X, dx, enzyme_out, X[N], enzyme_const, 0);
  for (int i = 0; i <= N; i++) {
    char l[64];
    snprintf(l, sizeof l, "width-4 callee reverse: d/dx[%d]", i);
    CHECK_F32(l, dx[i], ck_fd_partial(obj, X, i)); /* h_float is float */
  }
  char lab[64];
  for (int k = 0; k < 4; k++) {
    double xp[N + 1], xm[N + 1], h = 1e-5;
    for (int i = 0; i <= N; i++) {
      xp[i] = X[i] + h * V[k][i];
      xm[i] = X[i] - h * V[k][i];
    }
    snprintf(lab, sizeof lab, "width-4 lane %d vs fd", k);
    CHECK_F32(lab, g.d[k], (obj(xp) - obj(xm)) / (2 * h)); /* h_float is float */
    snprintf(lab, sizeof lab, "width-4 lane %d vs rev", k);
    CHECK(lab, g.d[k], ck_dot(dx, V[k], N + 1));
  }
  return ck_done();
}
