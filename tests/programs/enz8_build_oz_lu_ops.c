// TEST: enz8_lu_ops_fnptr.c (LU with partial pivoting through a struct of function pointers over row-pointer storage) built for size with -Oz and -Os (no unrolling, calls kept rather than inlined, memcpy calls for struct copies); gradients against finite differences, dot-product test against forward mode
// CFLAGS: -Oz
// LEVELS: O1,O2
#include "enz8_lu_ops_fnptr.c"
