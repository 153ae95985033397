// TEST: forward mode (width 1) through local arrays of 4 KiB and more, whose shadow stack slots get a different number of cache lines of padding each (against 4K aliasing between the arrays and their shadows): arrays of exactly 4096 bytes, one just below (not padded), a [4][512] array, an array of structs with tail padding, a variable-length array (dynamic size, not padded), and a chain of 66 such arrays (more than the 63 different paddings); each tangent along a direction against the finite difference along it
#include <math.h>
#include <string.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
double __enzyme_fwddiff(void *, ...);

#include "include/slot_padding_kernels.h"

static int M;
static double X[NX], V[NX];
typedef double (*objective)(double *x);
static double F_mixed(double *x) { return mixed_loss(x, M); }
static double F_chain(double *x) { return chain_loss(x); }

/* The central difference of F at X along V. */
static double along(objective F) {
  double h = 1e-6, xp[NX], xm[NX];
  for (int i = 0; i < NX; i++) xp[i] = X[i] + h * V[i], xm[i] = X[i] - h * V[i];
  return (F(xp) - F(xm)) / (2.0 * h);
}

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 + 0.3 * sin(0.7 * i + 0.1), V[i] = cos(1.3 * i) - 0.2;
  char label[64];
  for (M = 300; M <= 700; M += 400) {
    double t = __enzyme_fwddiff((void *)mixed_loss, enzyme_dup, X, V, enzyme_const, M);
    snprintf(label, sizeof label, "4 KiB arrays, structs and a VLA (m = %d)", M);
    CHECK(label, t, along(F_mixed));
  }
  double t = __enzyme_fwddiff((void *)chain_loss, enzyme_dup, X, V);
  CHECK("a chain of 66 arrays of 4 KiB", t, along(F_chain));
  return ck_done();
}
