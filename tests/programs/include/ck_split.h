/*
 * ck_split.h - the split-mode entry points (ABI §5) and markers the s_* programs use.
 * __enzyme_augmentfwd returns { tape, primal result } for a function with a result (the tape
 * alone for a void function); __enzyme_reverse takes the same arguments, then the
 * differential return of a float result, then the tape, and returns the gradients of the
 * enzyme_out arguments.
 */
#ifndef CK_SPLIT_H
#define CK_SPLIT_H

#ifdef __cplusplus
extern "C" {
#endif
extern int enzyme_dup, enzyme_dupnoneed, enzyme_const, enzyme_out, enzyme_nofree, enzyme_allocated,
    enzyme_tape;
int __enzyme_augmentsize(void *, ...);
#ifdef __cplusplus
}
#endif

/* What __enzyme_augmentfwd returns for a function returning double. */
typedef struct {
  void *tape;
  double primal;
} ck_aug;

#endif
