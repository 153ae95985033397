// TEST: r_float_bits.c with -ffast-math: at -O2 the SLP vectorizer turns the two 8-byte swaps into one <2 x i64> load and store, so the doubles' adjoints travel in an integer vector (it was refused)
// CFLAGS: -ffast-math
#include "r_float_bits.c"
