// TEST: enz8_kalman_cholesky.c (Kalman filter with an in-place Cholesky factor and triangular solves over a struct of matrices) built with -ffast-math: reassociated sums, reciprocal multiplications instead of divisions, no-NaN/no-Inf comparisons and fast flags on every operation of the differentiated code; gradients against finite differences, dot-product test against forward mode
// CFLAGS: -ffast-math
#include "enz8_kalman_cholesky.c"
