// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: the marker `__enzyme_autodiff` is used other than as the function a call names
// EXPECT-ALSO: --> in function `main`
// EXPECT-ALSO: call the marker directly
// The marker called through a pointer: Catalase rewrites calls of the marker only, so this one
// would reach the linker as an undefined symbol; it is refused where the address is taken.
double __enzyme_autodiff(void *, ...);
static double sq(double x) { return x * x; }
typedef double (*marker_t)(void *, ...);
marker_t volatile pick;
int main(void) {
  pick = __enzyme_autodiff;
  return (int)pick((void *)sq, 2.0);
}
