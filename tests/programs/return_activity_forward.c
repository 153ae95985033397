// TEST: forward mode's return-activity markers: enzyme_const_return (no tangent returned: the call returns nothing, or only the primal with enzyme_primal_return, and the tangents come back through the output's shadow) and enzyme_dup_return (the result's tangent returned, as by default), checked against finite differences
#include "include/catalase_check.h"

extern int enzyme_const_return, enzyme_dup_return;
void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);

static double kernel(double x, double y, double *out) {
  out[0] = sin(x) * y;
  out[1] = x * x + y;
  return exp(x * y) + out[0] * out[1];
}

static const double X = 0.6, Y = -0.9, DX = 0.8, DY = -0.3;
/* Along (DX, DY): the result and the outputs. */
static double along_ret(double t) { double o[2]; return kernel(X + t * DX, Y + t * DY, o); }
static double along_out0(double t) { double o[2]; kernel(X + t * DX, Y + t * DY, o); return o[0]; }
static double along_out1(double t) { double o[2]; kernel(X + t * DX, Y + t * DY, o); return o[1]; }

int main(void) {
  double out[2], dout[2] = {0, 0};
  __enzyme_fwddiff((void *)kernel, enzyme_const_return, X, DX, Y, DY, enzyme_dup, out, dout);
  CHECK("enzyme_const_return: tangent of out[0]", dout[0], ck_fd1(along_out0, 0.0));
  CHECK("enzyme_const_return: tangent of out[1]", dout[1], ck_fd1(along_out1, 0.0));

  dout[0] = dout[1] = 0.0;
  double primal = __enzyme_fwddiff_d((void *)kernel, enzyme_primal_return, enzyme_const_return, X, DX, Y, DY, enzyme_dup, out, dout);
  CHECK_PRIMAL("enzyme_const_return with enzyme_primal_return: primal", primal, along_ret(0.0));
  CHECK("enzyme_const_return with enzyme_primal_return: tangent of out[1]", dout[1], ck_fd1(along_out1, 0.0));

  double t = __enzyme_fwddiff_d((void *)kernel, enzyme_dup_return, X, DX, Y, DY, enzyme_dup, out, dout);
  CHECK("enzyme_dup_return: tangent of the result", t, ck_fd1(along_ret, 0.0));
  return ck_done();
}
