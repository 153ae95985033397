// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_tape is not allowed in __enzyme_augmentsize
// EXPECT-ALSO: help: remove enzyme_tape (and its operand) here
// ABI §3.3: __enzyme_augmentsize takes the activity markers alone; the tape's place is not one.
extern int enzyme_tape, enzyme_dup;
int __enzyme_augmentsize(void *, ...);
static double cube(double *x) { return x[0] * x[0] * x[0]; }
char buf[64];
int main(void) { return __enzyme_augmentsize((void *)cube, enzyme_tape, buf, enzyme_dup); }
