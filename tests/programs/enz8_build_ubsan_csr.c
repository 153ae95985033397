// TEST: enz8_csr_assemble_cg.c (COO assembly with realloc growth, CSR conversion with int index arrays, CG) built with -fsanitize=undefined: the null, alignment, object-size, pointer-overflow, shift and signed-overflow checks sit on the active pointers and the index arithmetic of the differentiated code; gradients against finite differences, dot-product test against forward mode
// CFLAGS: -fsanitize=undefined -fno-sanitize-recover=all
// LDFLAGS: -fsanitize=undefined
#include "enz8_csr_assemble_cg.c"
