// TEST: enz8 kernels with index arrays and contiguous sweeps rebuilt for AVX-512 (-march=x86-64-v4): the CSR products and COO assembly of enz8_csr_assemble_cg.c, where the vectorizer may turn x[col[k]] into masked gathers and the tails into masked loads and stores on active memory; gradients against finite differences, dot-product test against forward mode
// CFLAGS: -march=x86-64-v4
// LEVELS: O2,O3
#include "enz8_csr_assemble_cg.c"
