/* jacobian_grad.c with its reverse derivative batched: the whole Jacobian in ceil(n/8) sweeps of
 * `__enzyme_autodiff` at `enzyme_width 8` (8 gradient and 8 seed arrays per sweep). bench/reverse.py
 * checks it against forward mode on every entry and against jacobian_grad.c's rows, then times it. */
#define JAC_BATCHED
#include "jacobian_grad.c"
