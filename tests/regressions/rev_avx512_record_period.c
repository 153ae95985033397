// TEST: r_memmove_structs.c built with -mavx512f: the array of 48-byte records that one memmove shifts by a record reads, in the AVX-512 loops, as a 192-byte pattern, and the strided copy of the shadow (two records, 96 bytes) hit its guard for whole periods (`llvm.trap`, SIGILL); the period is now the smallest one the copy's classification repeats with (48)
// CFLAGS: -mavx512f
// LEVELS: O2,O3
#include "../programs/r_memmove_structs.c"
