// TEST: reverse mode through a stack byte buffer that packs a tag byte before each double, the doubles written and read back with 8-byte memcpy at offsets 9*i+1 kept in a running counter (a serialization format); forward mode is right at every level
// KNOWN-BUG: MISMATCH
// (a silent wrong gradient at -O0 and -O1 on both routes, all zero; right at -O2/-O3 where the loops unroll. Nothing in `tagged` reads `x` as a double, so type analysis knows nothing of `x + 8*i`, and the byte stores at offsets it cannot tell apart make it find integers all over `buf`: the 8-byte memcpy into `buf` is classified as bits (`RevCtx::copy_layout`: Unknown joined with Integer), and the `i64` that SROA makes of the memcpy back out of `buf` has a shadow but no adjoint type (`check_float_bits` leaves integers alone). A fix belongs in type analysis (a double read back out of the buffer at the offsets the doubles were copied to), or a refusal where a copy's bits reach a float through a bitcast.)
#include "../programs/include/ck_array.h"

#define N 4
__attribute__((noinline)) double tagged(double *x) {
  unsigned char buf[64];
  memset(buf, 0, sizeof buf);
  size_t off = 0;
  for (int i = 0; i < N; i++) {
    buf[off++] = (unsigned char)i;
    memcpy(buf + off, &x[i], sizeof(double));
    off += sizeof(double);
  }
  double s = 0.0;
  off = 0;
  for (int i = 0; i < N; i++) {
    int tag = buf[off++];
    double v;
    memcpy(&v, buf + off, sizeof v);
    off += sizeof v;
    s += (tag + 1) * sin(v);
  }
  return s;
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

int main(void) {
  double x[N] = {0.5, -0.7, 1.2, 0.3}, d[N] = {0}, v[N] = {1, 0.5, -0.3, 0.8}, one = 1.0;
  __enzyme_autodiff((void *)tagged, enzyme_dup, x, d);
  ck_gradient("tagged byte buffer", d, tagged, x, N);
  double jv = __enzyme_fwddiff((void *)tagged, enzyme_dup, x, v);
  double fd = (double)(jv);
  double want = 0.0;
  for (int i = 0; i < N; i++) want += (i + 1) * cos(x[i]) * v[i];
  CHECK("tagged byte buffer fwd", fd, want);
  ck_dot_test("tagged byte buffer fwd vs rev", &one, &jv, 1, d, v, N);
  return ck_done();
}
