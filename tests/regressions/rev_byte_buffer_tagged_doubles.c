// TEST: reverse mode through a stack byte buffer that packs a tag byte before each double, the doubles written and read back with 8-byte memcpy at offsets 9*i+1 kept in a running counter (a serialization format); forward mode is right at every level
// KNOWN-BUG: MISMATCH
// (a silent wrong gradient at -O0 and -O1 on both routes, all zero; right at -O2/-O3 where the loops unroll. The byte stores at offsets type analysis cannot tell apart make it find integers all over the buffer; the 8-byte memcpys become `i64` loads and stores (Catalase's pre-passes / SROA), and the `i64` moving a double from `x` into the buffer, or back out into a double, gets no adjoint: neither `check_float_bits` (which returns early for a value without a shadow) nor `refuse_lost_copy` sees it. A fix would give an `i64` loaded from memory that holds only doubles, or bitcast to a double, the double's adjoint (`RevCtx::adjoint_type`), or refuse the copy.)
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
