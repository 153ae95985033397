// TEST: forward mode on pointers that the function mutates: an in-place update of a state array through a dup pointer (the shadow holds the tangent of the new state), outputs written through enzyme_dupnoneed pointers (only the shadow is read back), a function that returns a pointer into its argument (its tangent is the shadow pointer, read through it), a swap through two pointers, and second derivatives of all three taken by __enzyme_fwddiff of wrappers that call __enzyme_fwddiff with dupnoneed outputs inside; width 3 over the in-place update; against finite differences of the primal (first derivatives) and of the first derivatives (second)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");
double *__enzyme_fwddiff_p(void *, ...) __asm__("__enzyme_fwddiff");

#define N 4

/* one explicit step of a small nonlinear ODE, in place */
__attribute__((noinline)) void step(double *s, double dt) {
  double t[N];
  for (int i = 0; i < N; i++) t[i] = s[i];
  for (int i = 0; i < N; i++) {
    double l = t[(i + N - 1) % N], r = t[(i + 1) % N];
    s[i] = t[i] + dt * (l - 2.0 * t[i] + r - t[i] * t[i] * t[i]);
  }
}
__attribute__((noinline)) void steps(double *s, double dt, int n) {
  for (int k = 0; k < n; k++) step(s, dt);
}

/* writes a norm and a normalized copy; both outputs are dupnoneed in the callers */
__attribute__((noinline)) void normalize(const double *x, double *out, double *norm) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += x[i] * x[i];
  *norm = sqrt(s);
  for (int i = 0; i < N; i++) out[i] = x[i] / *norm;
}

/* returns a pointer to the larger of two entries, after scaling them */
__attribute__((noinline)) double *scale_pick(double *x, double a) {
  x[0] *= a;
  x[1] = x[1] * x[1] + a;
  return x[0] > x[1] ? &x[0] : &x[1];
}

/* swaps through pointers and mixes */
__attribute__((noinline)) void swap_mix(double *a, double *b) {
  double t = *a;
  *a = *b * cos(t);
  *b = t * exp(0.2 * *a);
}

/* scalar views of each for finite differences, along direction v */
static double S0[N] = {0.3, -0.5, 0.8, 0.1};
static double VS[N] = {1.0, 0.5, -0.7, 0.2};
static int COMP = 0;
static double steps_view(double t) {
  double s[N];
  for (int i = 0; i < N; i++) s[i] = S0[i] + t * VS[i];
  steps(s, 0.1, 5);
  return s[COMP];
}
/* first derivative along VS of component COMP, by forward mode (state dup, dt const) */
__attribute__((noinline)) double steps_tangent(double t) {
  double s[N], ds[N];
  for (int i = 0; i < N; i++) s[i] = S0[i] + t * VS[i], ds[i] = VS[i];
  __enzyme_fwddiff_v((void *)steps, enzyme_dup, s, ds, enzyme_const, 0.1, enzyme_const, 5);
  return ds[COMP];
}
static double normalize_view(double t) {
  double x[N], out[N], nrm;
  for (int i = 0; i < N; i++) x[i] = S0[i] + t * VS[i];
  normalize(x, out, &nrm);
  return COMP == N ? nrm : out[COMP];
}
__attribute__((noinline)) double normalize_tangent(double t) {
  double x[N], out[N], dout[N], nrm, dnrm;
  for (int i = 0; i < N; i++) x[i] = S0[i] + t * VS[i];
  __enzyme_fwddiff_v((void *)normalize, enzyme_dup, x, VS, enzyme_dupnoneed, out, dout, enzyme_dupnoneed, &nrm, &dnrm);
  return COMP == N ? dnrm : dout[COMP];
}
static double pick_view(double t) {
  double x[2] = {0.9 + t, 0.4 - 0.5 * t};
  return *scale_pick(x, 1.3 + 0.2 * t);
}
__attribute__((noinline)) double pick_tangent(double t) {
  double x[2] = {0.9 + t, 0.4 - 0.5 * t}, dx[2] = {1.0, -0.5};
  double *dp = __enzyme_fwddiff_p((void *)scale_pick, enzyme_dup, x, dx, 1.3 + 0.2 * t, 0.2);
  return *dp;
}
static double swap_view(double t) {
  double a = 0.7 + t, b = -0.4 + 2.0 * t;
  swap_mix(&a, &b);
  return COMP ? b : a;
}
__attribute__((noinline)) double swap_tangent(double t) {
  double a = 0.7 + t, b = -0.4 + 2.0 * t, da = 1.0, db = 2.0;
  __enzyme_fwddiff_v((void *)swap_mix, enzyme_dup, &a, &da, enzyme_dup, &b, &db);
  return COMP ? db : da;
}

typedef struct { double d[3]; } v3;

int main(void) {
  char label[96];
  for (COMP = 0; COMP < N; COMP++) {
    snprintf(label, sizeof label, "steps state[%d] tangent", COMP);
    CHECK(label, steps_tangent(0.0), ck_fd1(steps_view, 0.0));
    snprintf(label, sizeof label, "steps state[%d] second (fwd/fwd)", COMP);
    CHECK(label, __enzyme_fwddiff((void *)steps_tangent, 0.0, 1.0), ck_fd1(steps_tangent, 0.0));
  }
  for (COMP = 0; COMP <= N; COMP++) {
    snprintf(label, sizeof label, "normalize out[%d] dupnoneed tangent", COMP);
    CHECK(label, normalize_tangent(0.0), ck_fd1(normalize_view, 0.0));
    snprintf(label, sizeof label, "normalize out[%d] second (fwd/fwd)", COMP);
    CHECK(label, __enzyme_fwddiff((void *)normalize_tangent, 0.0, 1.0), ck_fd1(normalize_tangent, 0.0));
  }
  CHECK("scale_pick returned pointer tangent", pick_tangent(0.0), ck_fd1(pick_view, 0.0));
  CHECK("scale_pick second (fwd/fwd)", __enzyme_fwddiff((void *)pick_tangent, 0.0, 1.0), ck_fd1(pick_tangent, 0.0));
  CHECK("scale_pick other branch", pick_tangent(-0.6), ck_fd1(pick_view, -0.6));
  for (COMP = 0; COMP < 2; COMP++) {
    snprintf(label, sizeof label, "swap_mix %c tangent", COMP ? 'b' : 'a');
    CHECK(label, swap_tangent(0.1), ck_fd1(swap_view, 0.1));
    snprintf(label, sizeof label, "swap_mix %c second (fwd/fwd)", COMP ? 'b' : 'a');
    CHECK(label, __enzyme_fwddiff((void *)swap_tangent, 0.1, 1.0), ck_fd1(swap_tangent, 0.1));
  }
  /* width 3 over the in-place steps: three directions at once, state shadows per lane */
  double s[N], d0[N], d1[N], d2[N];
  const double dirs[3][N] = {{1, 0, 0, 0}, {0.5, -1, 0.25, 2}, {0, 0, 1, -1}};
  memcpy(s, S0, sizeof s);
  memcpy(d0, dirs[0], sizeof d0);
  memcpy(d1, dirs[1], sizeof d1);
  memcpy(d2, dirs[2], sizeof d2);
  __enzyme_fwddiff_v((void *)steps, enzyme_width, 3, enzyme_dup, s, d0, d1, d2, enzyme_const, 0.1, enzyme_const, 5);
  double *lanes[3] = {d0, d1, d2};
  for (int l = 0; l < 3; l++) {
    memcpy(VS, dirs[l], sizeof VS);
    for (COMP = 0; COMP < N; COMP++) {
      snprintf(label, sizeof label, "width 3 steps lane %d state[%d]", l, COMP);
      CHECK(label, lanes[l][COMP], ck_fd1(steps_view, 0.0));
    }
  }
  double ref[N];
  memcpy(ref, S0, sizeof ref);
  steps(ref, 0.1, 5);
  for (int i = 0; i < N; i++) CHECK_PRIMAL("width 3 steps primal state", s[i], ref[i]);
  return ck_done();
}
