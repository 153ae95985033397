// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: `cube` has a user gradient rule, which takes one shadow per pointer; this gradient is batched at width 2
// EXPECT-ALSO: help: differentiate code that calls functions with user rules at width 1
// A batched gradient of code that calls a function with a user reverse rule.
extern int enzyme_dup, enzyme_width;
void __enzyme_autodiff(void *, ...);
__attribute__((noinline)) static void cube(double *x, double *y) { *y = *x * *x * *x; }
static double *aug_cube(double *x, double *dx, double *y, double *dy) { cube(x, y); return 0; }
static void rev_cube(double *x, double *dx, double *y, double *dy, double *tape) { *dx += 3 * *x * *x * *dy; *dy = 0; }
void *__enzyme_register_gradient_cube[] = {(void *)cube, (void *)aug_cube, (void *)rev_cube};
static void f(double *x, double *y) { cube(x, y); }
int main(void) {
  double x = 2, y, dx[2] = {0}, dy[2] = {1, 2};
  __enzyme_autodiff((void *)f, enzyme_width, 2, enzyme_dup, &x, &dx[0], &dx[1], enzyme_dup, &y, &dy[0], &dy[1]);
  return 0;
}
