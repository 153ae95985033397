/* jacobian_batched.c at n = m = 64. */
#define JAC_N 64
#include "jacobian_batched.c"
