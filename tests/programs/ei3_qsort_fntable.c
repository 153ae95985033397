// TEST: qsort with a comparator over doubles (ascending over a constant weight table, and an argsort of active keys, the gradient following the permutation; qsort over an array of active doubles, or of pointers to them, is refused by design (`ARRAY_SEARCHES`), as Enzyme has no rule for it either); a table of function pointers selected at run time by an integer argument inside a loop, including a pointer stored in a struct and a pointer returned by a selector function; checked against finite differences (no ties near the points) and the dot-product test against forward mode
#include "include/ck_array.h"

#define N 7

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
static const double *KEYS; /* the comparator reads the active keys through a file-scope pointer */
static int cmp_idx(const void *a, const void *b) {
  double x = KEYS[*(const int *)a], y = KEYS[*(const int *)b];
  return (x < y) - (x > y); /* descending */
}

static double f_sq(double a, double b) { return a * a * b; }
static double f_sin(double a, double b) { return sin(a) + b; }
static double f_exp(double a, double b) { return exp(0.3 * a * b); }
static double f_div(double a, double b) { return a / (1.0 + b * b); }
typedef double (*bin)(double, double);
static bin TABLE[4] = {f_sq, f_sin, f_exp, f_div};
typedef struct {
  bin op;
  double scale;
} stage;
__attribute__((noinline)) static bin pick(int k) { return TABLE[(k * 3 + 1) % 4]; }

__attribute__((noinline)) double sorted(const double *x, const double *wts, const int *sel, int n) {
  double ws[N];
  memcpy(ws, wts, sizeof ws);
  qsort(ws, (size_t)n, sizeof(double), cmp_d); /* constant weights, sorted */
  double key[N];
  for (int i = 0; i < n; i++) key[i] = x[i] * x[(i + 1) % n];
  int ord[N]; /* an argsort of the active keys */
  for (int i = 0; i < n; i++) ord[i] = i;
  KEYS = key;
  qsort(ord, (size_t)n, sizeof ord[0], cmp_idx);
  double s = 0.0;
  for (int i = 0; i < n; i++) s += key[ord[i]] * ws[i] + sin(key[ord[i]]) * 0.1 * i;
  stage st[3];
  for (int k = 0; k < 3; k++) {
    st[k].op = TABLE[sel[k]];
    st[k].scale = x[k] * 0.5;
  }
  double acc = x[0];
  for (int i = 0; i < n; i++) {
    acc = TABLE[sel[i % 3]](acc * 0.5, x[i]) + st[i % 3].op(x[i], st[i % 3].scale);
    acc += pick(i)(x[(i + 2) % n], acc * 0.1);
  }
  return s + acc;
}

static const int SEL[3] = {2, 0, 3};
static const double WTS[N] = {0.9, -0.4, 1.7, 0.25, 1.1, -1.3, 0.6};
static double obj(double *x) { return sorted(x, WTS, SEL, N); }

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

int main(void) {
  double x[N] = {0.4, -1.2, 0.9, 0.1, -0.35, 1.3, -0.8}, dx[N] = {0};
  __enzyme_autodiff((void *)sorted, enzyme_dup, x, dx, enzyme_const, WTS, enzyme_const, SEL, enzyme_const, N);
  ck_gradient("qsort + fn table", dx, obj, x, N);
  double v[N] = {0.5, 1, -0.5, 0.25, -0.75, 0.1, 0.3};
  double jv = __enzyme_fwddiff((void *)sorted, enzyme_dup, x, v, enzyme_const, WTS, enzyme_const, SEL, enzyme_const, N);
  double one = 1.0;
  ck_dot_test("qsort + fn table fwd vs rev", &one, &jv, 1, dx, v, N);
  return ck_done();
}
