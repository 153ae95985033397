// EXPECT-ERROR: [catalase::bad-registration]
// EXPECT-ALSO: Param 0 of __enzyme_sparse_accumulate must be a function
// NO-SITE: the error is about a registration global, not an instruction
// The hint __enzyme_sparse_accumulate names a global variable instead of a function.
double __enzyme_autodiff(void *, ...);
double table[4];
void *__enzyme_sparse_accumulate[1] = {(void *)table};
double f(double x) { return x * x; }
int main(void) { return (int)__enzyme_autodiff((void *)f, 2.0); }
