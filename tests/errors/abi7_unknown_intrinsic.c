// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: llvm.x86.sse.rcp.ps
// ABI §8: an intrinsic without a rule on an active path (_mm_rcp_ps).
#include <stdio.h>
#include <immintrin.h>
double __enzyme_autodiff(void *, ...);
float f(float x) { __m128 v = _mm_set1_ps(x); v = _mm_rcp_ps(v); return v[0] + x; }
int main(void) { printf("%g\n", __enzyme_autodiff((void *)f, 1.5f)); return 0; }
