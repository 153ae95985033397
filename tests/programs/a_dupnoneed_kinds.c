// TEST: enzyme_dupnoneed on an output pointer, an input pointer and a by-value double; tangents must match dup
#include "include/catalase_check.h"

void __enzyme_fwddiff_v(void *, ...);
double __enzyme_fwddiff(void *, ...);

static void k(const double *in, double s, double *out, int n) {
  for (int i = 0; i < n; i++) out[i] = exp(s * in[i]) + in[i] * in[(i + 1) % n];
}
static double q(double a, double *w) {
  w[0] = a * a;
  w[1] = w[0] * sin(a);
  return w[1] + a;
}

static double IN[3] = {0.2, -0.7, 1.1}, S = 0.6, VIN[3] = {1.0, 0.5, -1.0}, VS = 0.3;
static int OUTI;
static double along(double t) {
  double in[3], out[3];
  for (int i = 0; i < 3; i++) in[i] = IN[i] + t * VIN[i];
  k(in, S + t * VS, out, 3);
  return out[OUTI];
}
static double qa(double a) { double w[2]; return q(a, w); }
static double qw1(double a) { double w[2]; q(a, w); return w[1]; }

int main(void) {
  char name[48];
  double out[3], dout[3];
  double in[3], din[3];
  memcpy(in, IN, sizeof in); memcpy(din, VIN, sizeof din);
  /* dupnoneed on the output pointer */
  __enzyme_fwddiff_v((void *)k, enzyme_dup, in, din, S, VS, enzyme_dupnoneed, out, dout, 3);
  for (OUTI = 0; OUTI < 3; OUTI++) {
    snprintf(name, sizeof name, "dupnoneed out: dout[%d]", OUTI);
    CHECK(name, dout[OUTI], ck_fd1(along, 0.0));
  }
  /* dupnoneed on the input pointer and on the by-value double */
  __enzyme_fwddiff_v((void *)k, enzyme_dupnoneed, in, din, enzyme_dupnoneed, S, VS, out, dout, 3);
  for (OUTI = 0; OUTI < 3; OUTI++) {
    snprintf(name, sizeof name, "dupnoneed in+s: dout[%d]", OUTI);
    CHECK(name, dout[OUTI], ck_fd1(along, 0.0));
  }
  /* dupnoneed on a scratch pointer of a function with a return */
  double w[2], dw[2] = {0, 0};
  double d = __enzyme_fwddiff((void *)q, 0.9, 1.0, enzyme_dupnoneed, w, dw);
  CHECK("dupnoneed scratch: return tangent", d, ck_fd1(qa, 0.9));
  CHECK("dupnoneed scratch: dw[1]", dw[1], ck_fd1(qw1, 0.9));
  /* dupnoneed by-value double with a return */
  d = __enzyme_fwddiff((void *)q, enzyme_dupnoneed, 0.9, 1.0, w, dw);
  CHECK("dupnoneed by-value a: return tangent", d, ck_fd1(qa, 0.9));
  return ck_done();
}
