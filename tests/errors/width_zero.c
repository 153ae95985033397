// EXPECT-ERROR: [catalase::illegal-vector-width]
// EXPECT-ALSO: enzyme_width must be between 1 and 64, found 0
// Width 0 asks for no tangent at all.
extern int enzyme_width;
double __enzyme_fwddiff(void *, ...);
static double sq(double x) { return x * x; }
int main(void) { return (int)__enzyme_fwddiff((void *)sq, enzyme_width, 0, 2.0, 1.0); }
