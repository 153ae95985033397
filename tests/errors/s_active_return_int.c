// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_active_return given but `count` returns i32, which carries no derivative
// EXPECT-ALSO: help: remove enzyme_active_return
// enzyme_active_return on an integer result in __enzyme_augmentfwd.
extern int enzyme_active_return, enzyme_dup;
void *__enzyme_augmentfwd(void *, ...);
static int count(double *x) { x[0] = x[0] * x[1]; return x[0] > 1.0; }
int main(void) {
  double x[2] = {1.0, 2.0}, dx[2] = {0.0, 0.0};
  return __enzyme_augmentfwd((void *)count, enzyme_active_return, enzyme_dup, x, dx) != 0 ? 0 : 1;
}
