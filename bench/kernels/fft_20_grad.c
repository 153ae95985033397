/* fft_grad.c at N = 2^20. */
#define FFT_LOG2 20
#include "fft_grad.c"
