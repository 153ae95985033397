// TEST: caller-owned tapes: enzyme_allocated, N, enzyme_tape, ptr in both calls with N from __enzyme_augmentsize (a compile-time constant: the tape header's size, 0 for a function whose augmented pass saves nothing), the buffer on the stack, in a struct and on the heap; the augmented call then returns the primal alone
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
void __enzyme_reverse_v(void *, ...);

#define N 3

static double cubic(double *x, double c) { return c * (x[0] * x[1] * x[2] + sin(x[0]) * x[2]); }
static double affine(double u, double v) { return 2.0 * u + 3.0; }

static const double X0[N] = {0.7, -1.1, 0.4};
static double C = 1.3;
static double F_x(double *x) { return cubic(x, C); }
static double F_c(double c) { double x[N]; memcpy(x, X0, sizeof x); return cubic(x, c); }

struct holder { int tag; char tape[64]; double after; };

int main(void) {
  int size = __enzyme_augmentsize((void *)cubic, enzyme_dup, enzyme_out);
  printf("tape of cubic: %d bytes\n", size);
  CHECK_PRIMAL("cubic's tape has a fixed part", size > 0 && size <= 64, 1);
  int none = __enzyme_augmentsize((void *)affine, enzyme_out, enzyme_const);
  CHECK_PRIMAL("affine saves nothing: size 0", none, 0);

  double xr[N];
  memcpy(xr, X0, sizeof xr);
  /* on the stack */
  {
    char tape[64];
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    double p = __enzyme_augmentfwd((void *)cubic, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, C);
    CHECK_PRIMAL("stack tape: primal", p, F_x(xr));
    double dc = __enzyme_reverse((void *)cubic, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, C, 1.0);
    ck_gradient("stack tape", dx, F_x, xr, N);
    CHECK("stack tape: d/dc", dc, ck_fd1(F_c, C));
  }
  /* inside a struct, markers after the arguments */
  {
    struct holder h = {7, {0}, 42.0};
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    __enzyme_augmentfwd((void *)cubic, enzyme_dup, x, dx, C, enzyme_allocated, size, enzyme_tape, h.tape);
    double dc = __enzyme_reverse((void *)cubic, enzyme_dup, x, dx, C, 2.0, enzyme_allocated, size, enzyme_tape, h.tape);
    for (int i = 0; i < N; i++) dx[i] /= 2.0;
    ck_gradient("struct tape, seed 2", dx, F_x, xr, N);
    CHECK("struct tape: d/dc", dc / 2.0, ck_fd1(F_c, C));
    CHECK_PRIMAL("struct tape: neighbours untouched", h.tag + h.after, 49.0);
  }
  /* on the heap, exactly the size asked for */
  {
    char *tape = malloc(size);
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    __enzyme_augmentfwd((void *)cubic, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, C);
    x[0] = x[1] = x[2] = 1e3; /* overwritten between the calls */
    __enzyme_reverse((void *)cubic, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, C, 1.0);
    ck_gradient("heap tape, inputs overwritten", dx, F_x, xr, N);
    free(tape);
  }
  /* a function whose tape is empty: zero bytes, no buffer needed */
  {
    double p = __enzyme_augmentfwd((void *)affine, enzyme_allocated, none, enzyme_tape, (void *)0, 1.5, enzyme_const, 0.0);
    CHECK_PRIMAL("affine: primal", p, 6.0);
    double du = __enzyme_reverse((void *)affine, enzyme_allocated, none, enzyme_tape, (void *)0, 1.5, enzyme_const, 0.0, 1.0);
    CHECK("affine: d/du", du, 2.0);
  }
  return ck_done();
}
