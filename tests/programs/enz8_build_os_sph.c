// TEST: enz8_sph_cell_list.c (SPH step with a cell list in int arrays and a cubic-spline kernel) built for size with -Os; gradients against finite differences, dot-product test against forward mode
// CFLAGS: -Os
// LEVELS: O1,O2
#include "enz8_sph_cell_list.c"
