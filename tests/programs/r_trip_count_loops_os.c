// TEST: r_trip_count_loops.c at -Os, where LLVM leaves loops unrotated: the exit test reads the induction variable before its step, so a loop counting down by two to `k > 1` (k >= 0 made unsigned) has a bound one below its step, which cannot wrap; the tape's room for it must not be taken for inexact (it trapped)
// CFLAGS: -Os
#include "r_trip_count_loops.c"
