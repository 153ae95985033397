// TEST: reverse mode through local arrays of 4 KiB and more, whose shadow stack slots get a different number of cache lines of padding each (against 4K aliasing between shadows): arrays of exactly 4096 bytes, one just below (not padded), a [4][512] array, an array of structs with tail padding, a variable-length array (dynamic size, not padded), and a chain of 66 such arrays (more than the 63 different paddings); every gradient against finite differences
#include <math.h>
#include <string.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
void __enzyme_autodiff(void *, ...);

#include "include/slot_padding_kernels.h"

static int M;
static double F_mixed(double *x) { return mixed_loss(x, M); }
static double F_chain(double *x) { return chain_loss(x); }

int main(void) {
  double x[NX], d[NX];
  for (int i = 0; i < NX; i++) x[i] = 0.5 + 0.3 * sin(0.7 * i + 0.1);
  char label[64];
  for (M = 300; M <= 700; M += 400) {
    memset(d, 0, sizeof d);
    __enzyme_autodiff((void *)mixed_loss, enzyme_dup, x, d, enzyme_const, M);
    snprintf(label, sizeof label, "4 KiB arrays, structs and a VLA (m = %d)", M);
    ck_gradient(label, d, F_mixed, x, NX);
  }
  memset(d, 0, sizeof d);
  __enzyme_autodiff((void *)chain_loss, enzyme_dup, x, d);
  ck_gradient("a chain of 66 arrays of 4 KiB", d, F_chain, x, NX);
  return ck_done();
}
