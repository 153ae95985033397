// TEST: r_cpp_crtp_matrix_expm.cpp built with -mavx512f: the vectorized scaling `fmul <4 x double> %x, <c, c, c, poison>` covers three doubles of a 3x3 matrix, and the zero adjoint of the poison lane times poison reached x[3]'s adjoint (all-NaN gradients at -O3); float lanes left poison are now lowered as 1.0
// CFLAGS: -mavx512f
// LEVELS: O2,O3
#include "../programs/r_cpp_crtp_matrix_expm.cpp"
