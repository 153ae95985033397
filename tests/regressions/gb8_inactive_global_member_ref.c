// TEST: a global struct holding a pointer to constant data (a C picture of a global std::vector<double>), filled at run time and registered with __enzyme_inactive_global, read by the differentiated function through a helper that returns a pointer into the data (as std::vector::operator[] returns a reference); reverse mode against finite differences, the dot-product test against forward mode
// Fixed: where the helper is not inlined (O0) the call `at(&g_data, i)` gave its result the
// roots of every argument, so the result's shadow pulled the inactive global's root (`Constant`)
// into the shadowed roots and `&g_data` got a zero-filled shadow whose data pointer is null; the
// reverse sweep added into null + 8*i. A defined callee's result now has only the roots of the
// arguments its summary says it may return (`activity::summary::returned_params`).
#include "../programs/include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);

#define N 3
struct Data {
  double *data;
  long n;
};
static double buf[N];
static struct Data g_data;
void *__enzyme_inactive_global[] = {(void *)&g_data};

static double *at(struct Data *d, int i) { return &d->data[i]; }

__attribute__((noinline)) static double f(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += *at(&g_data, i) * x[i] * x[i];
  return s;
}

static double F(double *x) { return f(x, N); }

int main(void) {
  for (int i = 0; i < N; i++) buf[i] = 1.0 + 0.5 * i;
  g_data.data = buf, g_data.n = N;
  double x[N] = {0.3, 0.5, 0.7}, dx[N] = {0}, v[N] = {0.4, -0.2, 0.9};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("inactive global through a helper's pointer", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v, enzyme_const, N);
  CHECK("inactive global through a helper's pointer: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
