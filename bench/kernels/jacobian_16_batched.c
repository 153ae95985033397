/* jacobian_batched.c at n = m = 16. */
#define JAC_N 16
#include "jacobian_batched.c"
