// EXPECT-ERROR: [catalase::cannot-deduce-type]
// EXPECT-ALSO: used as int and as f64
// LEVELS: O0,O1
// Doubles packed into a byte buffer after a tag byte each, at a running offset that starts at
// a value the caller passes: nothing says where the records start, so the buffer's bytes read
// both as tags (integers) and as doubles, and the 8-byte copies of x[i] cannot be typed. Was a
// silent zero gradient at -O0/-O1 (only the offset-0 byte of `buf + off` counted toward the
// buffer's kinds). At -O2/-O3 the copies are typed doubles and the gradient is right
// (tests/regressions/rev_byte_buffer_tagged_doubles.c covers offsets known at compile time).
#include <math.h>
#include <stdio.h>
#include <string.h>
extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
#define N 4
__attribute__((noinline)) double tagged_at(double *x, size_t start) {
  unsigned char buf[80];
  memset(buf, 0, sizeof buf);
  size_t off = start;
  for (int i = 0; i < N; i++) {
    buf[off++] = (unsigned char)i;
    memcpy(buf + off, &x[i], sizeof(double));
    off += sizeof(double);
  }
  double s = 0.0;
  off = start;
  for (int i = 0; i < N; i++) {
    int tag = buf[off++];
    double v;
    memcpy(&v, buf + off, sizeof v);
    off += sizeof v;
    s += (tag + 1) * sin(v);
  }
  return s;
}
int main(void) {
  double x[N] = {0.5, -0.7, 1.2, 0.3}, d[N] = {0};
  size_t start = 3;
  __enzyme_autodiff((void *)tagged_at, enzyme_dup, x, d, enzyme_const, start);
  printf("%g %g %g %g\n", d[0], d[1], d[2], d[3]);
  return 0;
}
