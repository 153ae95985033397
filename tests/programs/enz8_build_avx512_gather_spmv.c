// TEST: enz8_build_avx2_gather_spmv.c built for AVX-512 (-march=x86-64-v4), where the vectorized CSR rows read the active x through llvm.masked.gather of four doubles and sum with llvm.vector.reduce.fadd; gradients with respect to x and the matrix values against finite differences, dot-product test against forward mode
// CFLAGS: -march=x86-64-v4
// LEVELS: O2,O3
#include "enz8_build_avx2_gather_spmv.c"
