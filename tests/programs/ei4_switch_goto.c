// TEST: control flow an Enzyme user writes by hand: a switch with fallthrough and a default over an integer computed from active data (floor of a scaled value), a state machine driven by goto between labelled blocks with a data-dependent exit, a do/while with an early return from inside and a continue, a loop whose trip count comes from a float-to-int conversion of an active value, and a nested switch inside a loop; reverse and forward mode against finite differences and the dot-product test
#include "include/ck_array.h"

#define N 5
__attribute__((noinline)) double sw(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    int k = (int)floor(fabs(x[i]) * 3.0);
    switch (k) {
      case 0:
        s += x[i] * x[i];
        /* fallthrough */
      case 1:
        s += sin(x[i]);
        break;
      case 2:
      case 3:
        s *= 1.0 + 0.1 * x[i];
        break;
      case 4: {
        switch (i & 1) {
          case 0:
            s -= exp(0.2 * x[i]);
            break;
          default:
            s += x[i] * s;
        }
        break;
      }
      default:
        s += 0.5 * x[i];
    }
  }
  return s;
}

__attribute__((noinline)) double machine(const double *x, int n) {
  double acc = x[0], t = 0.0;
  int i = 0, steps = 0;
start:
  if (i >= n || steps > 40) goto done;
  steps++;
  if (acc > 1.0) goto shrink;
  acc = acc * 1.7 + x[i] * x[i];
  i++;
  goto start;
shrink:
  t += acc;
  acc = acc * 0.35 - 0.05 * x[(i + 1) % n];
  goto start;
done:
  return acc + t;
}

__attribute__((noinline)) double dowhile(const double *x, int n) {
  double s = 1.0;
  int i = 0;
  do {
    if (x[i] < -1.0) {
      i++;
      continue;
    }
    s = s * cos(x[i]) + x[i];
    if (s > 2.5) return s * s;
    i++;
  } while (i < n);
  int m = (int)(fabs(s) * 4.0) + 1;
  for (int j = 0; j < m; j++) s = 0.8 * s + 0.1 * x[j % n];
  return s;
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double osw(double *x) { return sw(x, N); }
static double om(double *x) { return machine(x, N); }
static double odw(double *x) { return dowhile(x, N); }

#define check(name, fn, o, x)                                                              \
  do {                                                                                     \
    double d_[N] = {0}, v_[N] = {0.7, -0.4, 1, 0.3, -0.9, 0.5}, one_ = 1.0;                 \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, d_, enzyme_const, N);                     \
    ck_gradient(name, d_, o, x, N);                                                        \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_, enzyme_const, N);         \
    ck_dot_test(name, &one_, &jv_, 1, d_, v_, N);                                          \
  } while (0)

int main(void) {
  double a[N] = {0.1, 0.4, 0.8, 1.4, -1.9};
  double b[N] = {1.2, 0.2, -0.55, 0.95, 0.05};
  check("switch a", sw, osw, a);
  check("switch b", sw, osw, b);
  double m[N] = {0.3, 0.9, -0.4, 0.6, 1.1};
  check("goto machine", machine, om, m);
  double w1[N] = {0.4, -1.3, 0.2, 0.5, 0.1};
  double w2[N] = {1.2, 0.9, 0.8, 0.7, 0.6};
  check("do-while continue", dowhile, odw, w1);
  check("do-while early return", dowhile, odw, w2);
  return ck_done();
}
