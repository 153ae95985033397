/* fft_grad.c at N = 2^18. */
#define FFT_LOG2 18
#include "fft_grad.c"
