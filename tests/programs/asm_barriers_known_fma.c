// TEST: asm_barriers_known.c built with -mavx2 -mfma: the AVX three-operand `vmaxpd` and the fused `vfmadd231pd` written as inline assembly, rewritten as IR before differentiation
// CFLAGS: -mavx2 -mfma
#include "asm_barriers_known.c"
