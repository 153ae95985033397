/* jacobian_grad.c at n = m = 64. */
#define JAC_N 64
#include "jacobian_grad.c"
