// TEST: clang's element-wise vector builtins, which lower to the vector forms of the rule intrinsics (llvm.fma, maxnum, minnum, minimum, maximum, sin, cos, exp, exp2, log, log2, log10, sqrt, pow, tanh, copysign, fabs, floor on <4 x float> and <4 x double>) and the vector reductions llvm.vector.reduce.fmax/fmin/fmaximum/fminimum: forward (width 1 and 2) and reverse gradients against finite differences (the float kernel's from its double twin) and reverse against forward
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...);
typedef struct {
  double d[2];
} Lanes2;
Lanes2 __enzyme_fwddiff_w2(void *, ...);

typedef float v4f __attribute__((ext_vector_type(4)));
typedef double v4d __attribute__((ext_vector_type(4)));

/* One formula for both element types: a and b are 4 lanes each, read from memory. */
#define KERNEL(NAME, T, VT)                                                                 \
  __attribute__((noinline)) T NAME(const T *pa, const T *pb) {                             \
    VT a, b;                                                                                \
    memcpy(&a, pa, sizeof a);                                                               \
    memcpy(&b, pb, sizeof b);                                                               \
    VT s = b * b + (T)1;                                                                    \
    VT c = __builtin_elementwise_fma(a, b, a);                                              \
    c = __builtin_elementwise_max(c, s * (T)0.25);                                          \
    c = __builtin_elementwise_min(c, s + (T)1);                                             \
    VT d = __builtin_elementwise_sin(c) + __builtin_elementwise_exp(a * (T)0.5) +           \
           __builtin_elementwise_sqrt(s) + __builtin_elementwise_pow(s, a * (T)0.3) +       \
           __builtin_elementwise_log(s + (T)1) + __builtin_elementwise_cos(b) +             \
           __builtin_elementwise_tanh(a) + __builtin_elementwise_exp2(b * (T)0.25) +        \
           __builtin_elementwise_log2(s) + __builtin_elementwise_log10(s + (T)2);           \
    d = __builtin_elementwise_copysign(d, a) + __builtin_elementwise_abs(b) +               \
        __builtin_elementwise_minimum(a, b) + __builtin_elementwise_maximum(a * b, b) +     \
        __builtin_elementwise_floor(a * (T)3) * (T)0.1;                                     \
    return __builtin_reduce_max(d) + __builtin_reduce_min(d * a) +                          \
           (T)0.5 * __builtin_reduce_maximum(d + b) + __builtin_reduce_minimum(c * b) + d[0] * d[3] - \
           d[1] * d[2];                                                                     \
  }

KERNEL(kd, double, v4d)
KERNEL(kf, float, v4f)

/* Evaluation point: lanes away from ties (max/min/minimum/maximum), from zero (copysign, abs)
   and from integers (floor of 3a). */
static const double A0[4] = {0.61, -0.47, 1.13, -1.29};
static const double B0[4] = {-0.83, 0.52, 0.37, 1.41};

static double Fd(double *x) { return kd(x, x + 4); }
static double Ff(double *x) { return kd(x, x + 4); } /* the double twin of kf */

int main(void) {
  double x[8];
  memcpy(x, A0, sizeof A0);
  memcpy(x + 4, B0, sizeof B0);

  /* double: reverse, then forward along a direction, then width 2 along two directions */
  double ga[4] = {0}, gb[4] = {0};
  __enzyme_autodiff((void *)kd, enzyme_dup, x, ga, enzyme_dup, x + 4, gb);
  double g[8];
  memcpy(g, ga, sizeof ga);
  memcpy(g + 4, gb, sizeof gb);
  ck_gradient("<4 x double> reverse", g, Fd, x, 8);
  double v[8], w[8];
  for (int i = 0; i < 8; i++) {
    v[i] = cos(1.7 * i + 0.3);
    w[i] = sin(0.9 * i - 0.4);
  }
  double t = __enzyme_fwddiff((void *)kd, enzyme_dup, x, v, enzyme_dup, x + 4, v + 4);
  CHECK("<4 x double> forward vs reverse", t, ck_dot(g, v, 8));
  double va[8], vb[8]; /* lane-major shadows for width 2: lane 0 = v, lane 1 = w */
  memcpy(va, v, 4 * sizeof(double));
  memcpy(va + 4, w, 4 * sizeof(double));
  memcpy(vb, v + 4, 4 * sizeof(double));
  memcpy(vb + 4, w + 4, 4 * sizeof(double));
  Lanes2 l = __enzyme_fwddiff_w2((void *)kd, enzyme_width, 2, enzyme_dup, x, va, va + 4, enzyme_dup, x + 4, vb,
                                 vb + 4);
  CHECK("<4 x double> forward width 2 lane 0", l.d[0], ck_dot(g, v, 8));
  CHECK("<4 x double> forward width 2 lane 1", l.d[1], ck_dot(g, w, 8));

  /* float: reverse against the double twin's differences, forward against reverse */
  float xf[8], gf[8] = {0}, vf[8];
  for (int i = 0; i < 8; i++) {
    xf[i] = (float)x[i];
    vf[i] = (float)v[i];
  }
  __enzyme_autodiff((void *)kf, enzyme_dup, xf, gf, enzyme_dup, xf + 4, gf + 4);
  double xr[8];
  for (int i = 0; i < 8; i++) xr[i] = xf[i];
  char label[80];
  for (int i = 0; i < 8; i++) {
    snprintf(label, sizeof label, "<4 x float> reverse: d/dx[%d]", i);
    CHECK_F32(label, gf[i], ck_fd_partial(Ff, xr, i));
  }
  float tf = __enzyme_fwddiff_f((void *)kf, enzyme_dup, xf, vf, enzyme_dup, xf + 4, vf + 4);
  double dot = 0.0;
  for (int i = 0; i < 8; i++) dot += (double)gf[i] * vf[i];
  CHECK_F32("<4 x float> forward vs reverse", tf, dot);
  return ck_done();
}
