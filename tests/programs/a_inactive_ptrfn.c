// TEST: __enzyme_inactivefn on functions with pointer arguments: one reads active memory (result constant), one writes into a local array (the write carries no tangent; the shadow keeps its earlier zero)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

/* Reads active data, returns a "normalisation" that must be treated as a constant. */
__attribute__((noinline)) double norm_hint(const double *v, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += v[i] * v[i];
  return sqrt(s);
}
/* Writes through its pointer argument from active data. */
__attribute__((noinline)) void stamp(double *dst, const double *src) { dst[0] = 2.0 * src[0] * src[1]; }
void *__enzyme_inactivefn[] = {(void *)norm_hint};
void *__enzyme_inactivefn_stamp[] = {(void *)stamp};

static double FROZEN_NORM, FROZEN_TMP;
static int FREEZE;
static double f(double *v) {
  double nrm = FREEZE ? FROZEN_NORM : norm_hint(v, 3);
  double tmp[1] = {0.0};
  if (FREEZE) tmp[0] = FROZEN_TMP; else stamp(tmp, v);
  v[2] = v[2] * tmp[0];
  return (v[0] + 2 * v[1] + v[2]) / nrm;
}

static double V[3] = {0.6, -0.8, 1.3}, DV[3] = {1.0, 0.5, -2.0};
static double along(double t) {
  double v[3];
  for (int i = 0; i < 3; i++) v[i] = V[i] + t * DV[i];
  return f(v);
}
static double along_v2(double t) {
  double v[3];
  for (int i = 0; i < 3; i++) v[i] = V[i] + t * DV[i];
  f(v);
  return v[2];
}

int main(void) {
  double v[3], dv[3];
  memcpy(v, V, sizeof v);
  memcpy(dv, DV, sizeof dv);
  FROZEN_NORM = norm_hint(V, 3);
  FROZEN_TMP = 2.0 * V[0] * V[1];
  double d = __enzyme_fwddiff((void *)f, v, dv);
  FREEZE = 1;
  CHECK("inactive fns with pointer args: return", d, ck_fd1(along, 0.0));
  CHECK("inactive writer: dv[2]", dv[2], ck_fd1(along_v2, 0.0));
  CHECK_PRIMAL("inactive writer ran (primal v[2])", v[2], V[2] * FROZEN_TMP);
  return ck_done();
}
