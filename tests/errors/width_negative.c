// EXPECT-ERROR: [catalase::illegal-vector-width]
// EXPECT-ALSO: enzyme_width must be between 1 and 64, found -3
// A negative width is a constant out of range (not "not a constant").
extern int enzyme_width;
double __enzyme_fwddiff(void *, ...);
static double sq(double x) { return x * x; }
int main(void) { return (int)__enzyme_fwddiff((void *)sq, enzyme_width, -3, 2.0, 1.0); }
