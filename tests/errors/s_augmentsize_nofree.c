// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_nofree is not allowed in __enzyme_augmentsize
// ABI §3.3: enzyme_tape, enzyme_allocated and enzyme_nofree are not markers of __enzyme_augmentsize.
extern int enzyme_nofree, enzyme_dup;
int __enzyme_augmentsize(void *, ...);
static double cube(double *x) { return x[0] * x[0] * x[0]; }
int main(void) { return __enzyme_augmentsize((void *)cube, enzyme_nofree, enzyme_dup); }
