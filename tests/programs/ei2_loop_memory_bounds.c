// TEST: reverse and forward mode through loops whose bounds live in memory the function changes: a count field decremented inside its own loop, ragged rows whose lengths are read from an index array that the loop then overwrites, a while loop summing until an active running total passes a threshold, and read-write-read of a 2D array updated in place row after row
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NOINLINE __attribute__((noinline))

typedef struct {
  int count;
  int stride;
  double *data;
} span;

NOINLINE static double drain(span *s) {
  double acc = 0.0;
  while (s->count > 0) {
    acc = acc * 0.7 + s->data[(s->count - 1) * s->stride] * s->data[0];
    s->count--;
  }
  return acc;
}

static double span_obj(double *x) {
  span s = {4, 2, x};
  double a = drain(&s);
  s.count = 3;
  s.stride = 1;
  return a + drain(&s) * x[1];
}

NOINLINE static double ragged(double *x, int *len, int rows) {
  double s = 0.0;
  int off = 0;
  for (int r = 0; r < rows; r++) {
    double row = 1.0;
    for (int j = 0; j < len[r]; j++) row *= 1.0 + 0.3 * x[off + j];
    off += len[r];
    len[r] = 0;
    s += row * (r + 1);
  }
  return s;
}

static double ragged_obj(double *x) {
  int len[4] = {1, 3, 2, 2};
  return ragged(x, len, 4);
}

static double until(double *x) {
  double total = 0.0, s = 0.0;
  int i = 0;
  while (total < 2.5 && i < 8) {
    total += x[i] * x[i];
    s += total * sin(x[i]);
    i++;
  }
  return s + total;
}

NOINLINE static void smooth_rows(double *a, int rows, int cols) {
  for (int r = 1; r < rows; r++)
    for (int c = 1; c < cols - 1; c++) a[r * cols + c] = a[r * cols + c] * a[(r - 1) * cols + c - 1] + 0.5 * a[(r - 1) * cols + c + 1];
}

static double rwr_obj(double *x) {
  double a[8];
  memcpy(a, x, sizeof a);
  smooth_rows(a, 2, 4);
  smooth_rows(a, 2, 4);
  double s = 0.0;
  for (int i = 0; i < 8; i++) s += a[i] * (i - 3.5);
  return s;
}

static const double V[8] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};

#define BOTH(what, fn, x, n)                                           \
  do {                                                                 \
    double dx_[8] = {0}, v_[8], one_ = 1.0;                            \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);                 \
    ck_gradient(what, dx_, fn, x, n);                                  \
    memcpy(v_, V, sizeof v_);                                          \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_);      \
    ck_dot_test(what, &one_, &jv_, 1, dx_, V, n);                      \
  } while (0)

int main(void) {
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15};
  BOTH("count field drained in its loop", span_obj, x, 8);
  BOTH("ragged rows, lengths overwritten", ragged_obj, x, 8);
  BOTH("while the running total is small", until, x, 8);
  BOTH("rows smoothed in place twice", rwr_obj, x, 8);
  return ck_done();
}
