// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: the global `acc` carries derivatives, and its one shadow would be shared by the 2 lanes of this batched gradient
// EXPECT-ALSO: help: differentiate at width 1
// A batched gradient through a mutable global (one shadow global, two lanes).
extern int enzyme_dup, enzyme_width;
void __enzyme_autodiff(void *, ...);
static double acc;
__attribute__((noinline)) static void f(double *x, double *y) {
  acc = x[0] * x[1];
  y[0] = acc * acc;
}
int main(void) {
  double x[2] = {1, 2}, y[1], dx[2][2] = {{0}}, dy[2][1] = {{1}, {2}};
  __enzyme_autodiff((void *)f, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dup, y, dy[0], dy[1]);
  return 0;
}
