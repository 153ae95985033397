// TEST: the rarer libm rows (ABI §7.3): Bessel j0/j1/y0/y1/jn/yn (negative orders too), fdim, nextafter, lgamma and tgamma (both sides of 0: the digamma expression and its reflection), in double and float (the f spellings), through forward mode (width 1 and 2), reverse mode (width 1 and 2) and split mode; j1 and jn at x = 0 exactly; derivatives against finite differences (float: of a double twin) and reverse against forward by the dot-product test
#define _GNU_SOURCE
#include "include/ck_array.h"

extern int enzyme_width;
void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...) __asm__("__enzyme_fwddiff");
double __enzyme_autodiff_d(void *, ...) __asm__("__enzyme_autodiff");
void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);

#define N 6
/* Positive (the y functions' domain), away from fdim's kinks (x = 1, x[i+1] = x[i]) and with
   x - 3.0625 (exact in float) away from Γ's poles. */
static const double X0[N] = {0.45, 1.3, 2.7, 0.9, 5.1, 3.4};

#define KERNEL(NAME, T, S)                                                                   \
  static void NAME(const T *x, T *y, int n) {                                                \
    for (int i = 0; i < n; i++) {                                                            \
      T a = x[i], b = x[(i + 1) % n];                                                        \
      y[i] = j0##S(a) * y1##S(b) + j1##S(a * b) + (T)0.5 * y0##S(a) + jn##S(i - 2, a) +      \
             (T)0.1 * yn##S(i % 3 + 1, a) + fdim##S(a, (T)1) + fdim##S(b, a) * a +            \
             (T)0.25 * nextafter##S(a, (T)0) + lgamma##S(a - (T)3.0625) +                        \
             (T)0.01 * tgamma##S(b) * tgamma##S(a - (T)3.0625);                                    \
    }                                                                                        \
  }
KERNEL(bessel, double, )
KERNEL(bessel_f, float, f)

static int lane;
static double seed(int l, int i) { return (l == 0 ? 1.0 : -0.5) + 0.125 * i; }
/* <w_lane, bessel(x)>, the function every gradient below is checked against. */
static double objective(double *x) {
  double y[N];
  bessel(x, y, N);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += seed(lane, i) * y[i];
  return s;
}
static double dir(int l, int i) { return 0.3 + 0.17 * i - 0.6 * l; }
/* d/dt <w_0, bessel(x + t v_l)> at t = 0: the forward checks' reference. */
static double fd_directional(int l) {
  double xp[N], xm[N], h = 1e-5;
  for (int i = 0; i < N; i++) xp[i] = X0[i] + h * dir(l, i), xm[i] = X0[i] - h * dir(l, i);
  lane = 0;
  return (objective(xp) - objective(xm)) / (2 * h);
}

static void reverse_modes(void) {
  double x[N], y[N], dx[2][N], dy[2][N];
  char label[64];
  for (int w = 1; w <= 2; w++) {
    memcpy(x, X0, sizeof x);
    for (int l = 0; l < 2; l++)
      for (int i = 0; i < N; i++) dx[l][i] = 0.0, dy[l][i] = seed(l, i);
    if (w == 1)
      __enzyme_autodiff((void *)bessel, enzyme_dup, x, dx[0], enzyme_dup, y, dy[0], enzyme_const, N);
    else
      __enzyme_autodiff((void *)bessel, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dup, y, dy[0],
                        dy[1], enzyme_const, N);
    for (lane = 0; lane < w; lane++) {
      snprintf(label, sizeof label, "reverse width %d lane %d", w, lane);
      ck_gradient(label, dx[lane], objective, x, N);
    }
  }
  /* Split mode: the augmented pass, then the reverse pass with the tape. */
  memcpy(x, X0, sizeof x);
  for (int i = 0; i < N; i++) dx[0][i] = 0.0, dy[0][i] = seed(0, i);
  void *tape = __enzyme_augmentfwd((void *)bessel, enzyme_dup, x, dx[0], enzyme_dup, y, dy[0], enzyme_const, N);
  for (int i = 0; i < N; i++) dy[0][i] = seed(0, i);
  __enzyme_reverse((void *)bessel, enzyme_dup, x, dx[0], enzyme_dup, y, dy[0], enzyme_const, N, tape);
  lane = 0;
  ck_gradient("split", dx[0], objective, x, N);
  /* Reverse against forward (the dot-product test) along direction 0. */
  double v[N], jv[N], w0[N];
  for (int i = 0; i < N; i++) v[i] = dir(0, i), w0[i] = seed(0, i);
  __enzyme_fwddiff((void *)bessel, enzyme_dup, x, v, enzyme_dup, y, jv, enzyme_const, N);
  ck_dot_test("bessel", w0, jv, N, dx[0], v, N);
}

static void forward_modes(void) {
  double x[N], y[N], v[2][N], jv[2][N];
  memcpy(x, X0, sizeof x);
  /* Forward width 2: lane 1 along direction 1; its check is against d/dt <w_0, bessel(x + t v_1)>. */
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < N; i++) v[l][i] = dir(l, i);
  __enzyme_fwddiff((void *)bessel, enzyme_dup, x, v[0], enzyme_dup, y, jv[0], enzyme_const, N);
  double w0[N];
  for (int i = 0; i < N; i++) w0[i] = seed(0, i);
  CHECK("forward width 1", ck_dot(w0, jv[0], N), fd_directional(0));
  __enzyme_fwddiff((void *)bessel, enzyme_width, 2, enzyme_dup, x, v[0], v[1], enzyme_dup, y, jv[0], jv[1],
                   enzyme_const, N);
  CHECK("forward width 2 lane 0", ck_dot(w0, jv[0], N), fd_directional(0));
  CHECK("forward width 2 lane 1", ck_dot(w0, jv[1], N), fd_directional(1));
}

/* float: the f spellings, against finite differences of the double twin. */
static void float_modes(void) {
  float x[N], dx[N], y[N], dy[N];
  double xd[N];
  char label[64];
  for (int i = 0; i < N; i++) x[i] = (float)X0[i], xd[i] = x[i], dx[i] = 0.0f, dy[i] = (float)seed(0, i);
  __enzyme_autodiff((void *)bessel_f, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, N);
  lane = 0;
  for (int i = 0; i < N; i++) {
    snprintf(label, sizeof label, "float reverse: d/dx[%d]", i);
    CHECK_F32(label, dx[i], ck_fd_partial(objective, xd, i));
  }
}

/* At x = 0: j1'(0) = 1/2 (J0 - J1/x would be 0/0), jn(-1, x)' = -1/2, j0' = -j1(0) = 0. */
static double j1_only(double x) { return j1(x); }
static double jm1_only(double x) { return jn(-1, x); }
static double j0_only(double x) { return j0(x); }
static void at_zero(void) {
  CHECK("j1' at 0 (forward)", __enzyme_fwddiff_d((void *)j1_only, 0.0, 1.0), 0.5);
  CHECK("jn(-1)' at 0 (forward)", __enzyme_fwddiff_d((void *)jm1_only, 0.0, 1.0), -0.5);
  CHECK("j0' at 0 (forward)", __enzyme_fwddiff_d((void *)j0_only, 0.0, 1.0), 0.0);
  CHECK("j1' at 0 (reverse)", __enzyme_autodiff_d((void *)j1_only, 0.0), 0.5);
  CHECK("jn(-1)' at 0 (reverse)", __enzyme_autodiff_d((void *)jm1_only, 0.0), -0.5);
  CHECK("j1' at 0 (finite difference)", ck_fd1(j1_only, 0.0), 0.5);
}

int main(void) {
  forward_modes();
  reverse_modes();
  float_modes();
  at_zero();
  return ck_done();
}
