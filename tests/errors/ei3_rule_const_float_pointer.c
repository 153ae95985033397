// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: is passed to `wdot`, which has a user gradient rule, without a shadow
// EXPECT-ALSO: help: pass that pointer with enzyme_dup and a zeroed shadow buffer
// A user reverse rule called with an enzyme_const double array: Enzyme passes the primal as the
// pointer's shadow, so the rule's `dw[i] += ...` wrote the weights' gradient into the weights
// themselves (the caller's table changed, later calls read corrupted weights: a wrong dx with no
// diagnostic). Catalase refuses such a pointer: it may hold floats (type analysis of the caller
// knows nothing of its memory, and the body of `wdot` loads doubles through it). An index array is accepted:
// ei3_rule_index_arrays.c.
#define HIDE(v) __asm__ volatile("" : "+m"(v))
extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);

__attribute__((noinline)) double wdot(const double *w, const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += w[i] * x[i] * x[i];
  HIDE(s);
  return s;
}
double wdot_aug(const double *w, const double *dw, const double *x, const double *dx, int n, int ns) {
  (void)dw, (void)dx, (void)ns;
  double s = 0;
  for (int i = 0; i < n; i++) s += w[i] * x[i] * x[i];
  return s;
}
void wdot_rev(const double *w, double *dw, const double *x, double *dx, int n, int ns, double d) {
  (void)ns;
  for (int i = 0; i < n; i++) {
    dw[i] += d * x[i] * x[i];
    dx[i] += 2 * d * w[i] * x[i];
  }
}
void *__enzyme_register_gradient_wdot[] = {(void *)wdot, (void *)wdot_aug, (void *)wdot_rev};

double W[3] = {0.5, 1.5, -2.0};
__attribute__((noinline)) double f(const double *x, double *w) {
  double s = 0;
  for (int k = 0; k < 3; k++) s += wdot(w, x, 3) * (k + 1);
  return s;
}

int main(void) {
  double x[3] = {0.3, -0.7, 1.2}, dx[3] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, W);
  return dx[0] > 0;
}
