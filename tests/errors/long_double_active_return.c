// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: a derivative flows through long double (x86_fp80) arithmetic
// Forward mode of a function whose long double result depends on its active argument: the
// result's tangent would have to be a long double, which Catalase does not differentiate;
// refused rather than returning a zero tangent.
double __enzyme_fwddiff(void *, ...);

static long double square_l(double x) { return (long double)x * x; }

int main(void) { return (int)__enzyme_fwddiff((void *)square_l, 3.0, 1.0); }
