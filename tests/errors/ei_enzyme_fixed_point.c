// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: `__enzyme_set_fixed_point` is an Enzyme extension that Catalase does not implement
// EXPECT-ALSO: remove the call: the loop is then differentiated through every iteration
// Enzyme's fixed-point marker inside a loop over global state: Catalase names the extension
// instead of asking for a gradient of the marker.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
extern int enzyme_dup;
void __enzyme_autodiff(void *, ...);
void __enzyme_set_fixed_point(double reduction, int64_t max_iters, void *control, ...);
double state[3], weight[3];
static double relax(const double *w) {
  for (int k = 0; k < 3; k++) {
    state[k] = 0.0;
    weight[k] = w[k];
  }
  for (int it = 0; it < 20; it++) {
    __enzyme_set_fixed_point(1e-12, (int64_t)-1, (void *)0, state, (int64_t)sizeof state);
    for (int k = 0; k < 3; k++) state[k] = 0.1 * cos(state[(k + 1) % 3]) + weight[k];
  }
  return state[0] * state[1] + state[2];
}
int main(void) {
  double w[3] = {0.2, 0.4, 0.6}, dw[3] = {0};
  __enzyme_autodiff((void *)relax, enzyme_dup, w, dw);
  printf("%g\n", dw[0]);
  return 0;
}
