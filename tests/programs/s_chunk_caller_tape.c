// TEST: split mode with a caller-owned tape (enzyme_allocated, __enzyme_augmentsize) for a function whose only records are a counted loop's (20,000 iterations stored after one capacity check where the loop is entered, none outside it): the augmented part still pushes onto a tape, so its size is the header's and not 0, and the reverse part reads what it wrote; also through the default heap tape; gradients against finite differences
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_augmentfwd(void *, ...);
ck_aug __enzyme_augmentfwd_heap(void *, ...) __asm__("__enzyme_augmentfwd");
double __enzyme_reverse(void *, ...);

#define NX 8
#define STEPS 20000

__attribute__((noinline)) static double only_loop(double *x) {
  double s = 1.0;
  for (int i = 0; i < STEPS; i++) s = s + 1e-4 * sin(s * x[i & (NX - 1)]);
  return s;
}

static double X[NX];
static double F(double *x) { return only_loop(x); }

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.4 + 0.11 * i - 0.01 * i * i;
  int size = __enzyme_augmentsize((void *)only_loop, enzyme_dup);
  printf("tape of only_loop: %d bytes\n", size);
  CHECK_PRIMAL("the loop's records need a tape header", size > 0 && size <= 64, 1);
  char *tape = malloc(size > 0 ? size : 1);
  double x[NX], dx[NX] = {0};
  memcpy(x, X, sizeof x);
  double p = __enzyme_augmentfwd((void *)only_loop, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx);
  CHECK_PRIMAL("caller tape: primal", p, F(X));
  __enzyme_reverse((void *)only_loop, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, 1.0);
  ck_gradient("caller tape", dx, F, X, NX);
  free(tape);

  double dh[NX] = {0};
  ck_aug a = __enzyme_augmentfwd_heap((void *)only_loop, enzyme_dup, x, dh);
  CHECK_PRIMAL("heap tape: primal", a.primal, F(X));
  __enzyme_reverse((void *)only_loop, enzyme_dup, x, dh, 1.0, a.tape);
  ck_gradient("heap tape", dh, F, X, NX);
  return ck_done();
}
