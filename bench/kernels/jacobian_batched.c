/* Batched reverse mode on jacobian_grad.c's function: 8 Jacobian rows per sweep
 * (`__enzyme_autodiff` with `enzyme_width 8`, 8 gradient and 8 seed arrays). bench/reverse.py
 * only builds this file to record whether Catalase accepts it (and why not). */
#include "jacobian_grad.c"

double bjac[8][NJ], bseed[8][NJ];

void jacobian_batched(void) {
  double out[NJ];
  __enzyme_autodiff((void *)vecfun, enzyme_width, 8, enzyme_const, w1, enzyme_const, w2, enzyme_const, b, enzyme_dup,
                    x, LANES8(bjac), enzyme_dupnoneed, out, LANES8(bseed));
}
