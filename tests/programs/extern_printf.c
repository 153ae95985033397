// TEST: external calls with only inactive arguments (printf, puts, an int-only libc call) inside the kernel
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static int verbose;

static double f(double x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    if (verbose) printf("step %d of %d\n", i, n);
    s += sin(x * (i + 1)) / (i + 1);
  }
  puts("  (kernel done)");
  return s + (double)abs(n - 3) * x;
}

static int GN;
static double fx(double x) { return f(x, GN); }

int main(int argc, char **argv) {
  (void)argv;
  verbose = argc > 5; /* opaque to the optimizer; false when run by the harness */
  GN = 4;
  CHECK("d f with printf/puts inside", __enzyme_fwddiff((void *)f, 0.9, 1.0, GN), ck_fd1(fx, 0.9));
  return ck_done();
}
