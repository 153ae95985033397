// TEST: reverse mode through a stack byte buffer that packs a tag byte before each double, the doubles written and read back with 8-byte memcpy at offsets 9*i+1 (and 9*i+5 after a 4-byte header) kept in a running counter (a serialization format); forward mode is right at every level
// (was a silent wrong gradient at -O0 and -O1 on both routes, all zero: type analysis did not know that the running offset steps by 9 from 0 or 4, so the tag bytes' stores at `buf + off` read as integers in every byte of the buffer, the 8-byte copies of `x[i]` into it took that kind and so did `x`. Induction variables now carry their residue modulo their step: `off ≡ 0 (mod 9)`, the buffer's pattern is a 9-byte record of a tag and a double.)
#include "../programs/include/ck_array.h"

#define N 4
#define PACKED(name, start)                                   \
  __attribute__((noinline)) double name(double *x) {  \
  unsigned char buf[72];  \
  memset(buf, 0, sizeof buf);  \
  size_t off = start;  \
  for (int i = 0; i < N; i++) {  \
    buf[off++] = (unsigned char)i;  \
    memcpy(buf + off, &x[i], sizeof(double));  \
    off += sizeof(double);  \
  }  \
  double s = 0.0;  \
  off = start;  \
  for (int i = 0; i < N; i++) {  \
    int tag = buf[off++];  \
    double v;  \
    memcpy(&v, buf + off, sizeof v);  \
    off += sizeof v;  \
    s += (tag + 1) * sin(v);  \
  }  \
  return s;  \
}

PACKED(tagged, 0)
/* The same records after a 4-byte header: the offsets are 4 more than a multiple of 9. */
PACKED(tagged_header, 4)

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
  double dh[N] = {0};
  __enzyme_autodiff((void *)tagged_header, enzyme_dup, x, dh);
  ck_gradient("tagged byte buffer after a header", dh, tagged_header, x, N);
  double jvh = __enzyme_fwddiff((void *)tagged_header, enzyme_dup, x, v);
  CHECK("tagged byte buffer after a header fwd", jvh, want);
  ck_dot_test("tagged byte buffer after a header fwd vs rev", &one, &jvh, 1, dh, v, N);
  return ck_done();
}
