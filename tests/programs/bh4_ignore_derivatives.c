// TEST: __enzyme_ignore_derivatives(x) (ABI §1): the identity through which no derivative flows (a stop-gradient), in reverse, forward, width-2 forward and split mode, on a double, a float, inside a loop (a normalization constant held fixed) and in a callee; outside differentiated code it is the identity too. The type hints __enzyme_double/__enzyme_integer/__enzyme_float/__enzyme_pointer(ptr, bytes) are accepted and removed
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { double d[2]; } w2;
w2 __enzyme_fwddiff_w2(void *, ...);
float __enzyme_autodiff_f(void *, ...);
double __enzyme_ignore_derivatives(double);
float __enzyme_ignore_derivativesf(float);
void __enzyme_double(void *, size_t);
void __enzyme_integer(void *, size_t);
void __enzyme_float(void *, size_t);
void __enzyme_pointer(void *, size_t);

/* x * c with c = x^2 held fixed: d/dx = c */
static double stop(double x) { return x * __enzyme_ignore_derivatives(x * x) + sin(x); }
static double stop_ref(double x, double c) { return x * c + sin(x); }

#define N 5
/* a softmax-like normalization whose denominator is held fixed */
__attribute__((noinline)) static double denom(const double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += exp(x[i]);
  return __enzyme_ignore_derivatives(s);
}
static double normalized(double *x) {
  double z = denom(x), out = 0.0;
  for (int i = 0; i < N; i++) out += (i + 1) * exp(x[i]) / z;
  return out;
}
static double Z;
static double normalized_ref(double *x) {
  double out = 0.0;
  for (int i = 0; i < N; i++) out += (i + 1) * exp(x[i]) / Z;
  return out;
}
/* a loop whose running scale is held fixed each step */
static double damped(double *x) {
  __enzyme_double(x, N * sizeof(double));
  double s = 0.0;
  int n = N;
  __enzyme_integer(&n, sizeof n);
  double *p = x;
  __enzyme_pointer(&p, sizeof p);
  for (int i = 0; i < n; i++) {
    double scale = __enzyme_ignore_derivatives(1.0 + s * s);
    s += p[i] * p[i] / scale;
  }
  return s;
}
static double SCALES[N];
static double damped_ref(double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += x[i] * x[i] / SCALES[i];
  return s;
}
static float stopf(float x) {
  __enzyme_float(&x, sizeof x);
  return x * __enzyme_ignore_derivativesf(x * x * x);
}

static double X0 = 0.7, C0;
static double stop_fd(double x) { return stop_ref(x, C0); }

int main(void) {
  C0 = X0 * X0;
  CHECK("stop-gradient: reverse", __enzyme_autodiff((void *)stop, X0), ck_fd1(stop_fd, X0));
  CHECK("stop-gradient: forward", __enzyme_fwddiff((void *)stop, X0, 1.0), ck_fd1(stop_fd, X0));
  w2 w = __enzyme_fwddiff_w2((void *)stop, enzyme_width, 2, X0, 1.0, -2.0);
  CHECK("stop-gradient: width 2 lane 0", w.d[0], ck_fd1(stop_fd, X0));
  CHECK("stop-gradient: width 2 lane 1", w.d[1], -2.0 * ck_fd1(stop_fd, X0));
  CHECK_PRIMAL("identity outside derivatives", __enzyme_ignore_derivatives(3.25), 3.25);
  __enzyme_double(&C0, sizeof C0);
  CHECK_F32("float stop-gradient: reverse", __enzyme_autodiff_f((void *)stopf, 0.8f), 0.8 * 0.8 * 0.8);

  double x[N] = {0.3, -0.4, 0.9, 0.1, -1.2}, dx[N] = {0}, v[N];
  Z = 0.0;
  for (int i = 0; i < N; i++) Z += exp(x[i]);
  __enzyme_autodiff((void *)normalized, enzyme_dup, x, dx);
  ck_gradient("normalization held fixed (callee)", dx, normalized_ref, x, N);
  for (int i = 0; i < N; i++) v[i] = cos(i + 0.3);
  double t[N];
  memcpy(t, v, sizeof t);
  CHECK("normalization held fixed: forward vs reverse", __enzyme_fwddiff((void *)normalized, enzyme_dup, x, t),
        ck_dot(dx, v, N));

  double s = 0.0;
  for (int i = 0; i < N; i++) {
    SCALES[i] = 1.0 + s * s;
    s += x[i] * x[i] / SCALES[i];
  }
  double dy[N] = {0};
  __enzyme_autodiff((void *)damped, enzyme_dup, x, dy);
  ck_gradient("scale held fixed in a loop", dy, damped_ref, x, N);
  memcpy(t, v, sizeof t);
  CHECK("scale held fixed in a loop: forward vs reverse", __enzyme_fwddiff((void *)damped, enzyme_dup, x, t),
        ck_dot(dy, v, N));
  return ck_done();
}
