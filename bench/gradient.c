/* Helpers for the gradient kernels of bench/kernels: which gradient entries are compared between
 * tools (an even spread over all inputs), and the same entries by finite differences (the
 * fourth-order central stencil, so that its own error stays far below the check's tolerance). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

enum { GRADIENT_SAMPLE = 48 };

static int total(const struct bench_array *a, int na) {
  int t = 0;
  for (int i = 0; i < na; i++) t += a[i].n;
  return t;
}

/* The address of input `k` (counting through all arrays) and of its gradient entry. */
static void locate(const struct bench_array *a, int k, double **x, double **dx) {
  while (k >= a->n) k -= a++->n;
  *x = a->x + k;
  *dx = a->dx + k;
}

static int sample_size(const struct bench_array *a, int na, int max) {
  int t = total(a, na), m = t < GRADIENT_SAMPLE ? t : GRADIENT_SAMPLE;
  return m < max ? m : max;
}

void gradient_zero(const struct bench_array *a, int na) {
  for (int i = 0; i < na; i++) memset(a[i].dx, 0, sizeof(double) * (size_t)a[i].n);
}

int gradient_sample(const struct bench_array *a, int na, double *out, int max) {
  int t = total(a, na), m = sample_size(a, na, max);
  for (int j = 0; j < m; j++) {
    double *x, *dx;
    locate(a, (int)((long)j * t / m), &x, &dx);
    out[j] = *dx;
  }
  return m;
}

int gradient_fd(const struct bench_array *a, int na, double (*value)(void), double *out, int max) {
  return gradient_fd_step(a, na, value, out, max, FD_STEP);
}

int gradient_fd_step(const struct bench_array *a, int na, double (*value)(void), double *out, int max, double step) {
  int t = total(a, na), m = sample_size(a, na, max);
  for (int j = 0; j < m; j++) {
    double *x, *dx;
    locate(a, (int)((long)j * t / m), &x, &dx);
    double keep = *x, h = step * fmax(1.0, fabs(keep)), f[4];
    static const double offsets[4] = {-2.0, -1.0, 1.0, 2.0};
    for (int k = 0; k < 4; k++) {
      *x = keep + offsets[k] * h;
      f[k] = value();
    }
    *x = keep;
    out[j] = fd_stencil(f, h);
  }
  return m;
}

/* The derivative from f(x − 2h), f(x − h), f(x + h), f(x + 2h). */
double fd_stencil(const double f[4], double h) { return (8.0 * (f[2] - f[1]) - (f[3] - f[0])) / (12.0 * h); }

double gradient_fd_cost(const struct bench_array *a, int na) { return 2.0 * total(a, na); }

int bench_run_mode(double *out, int max, int mode) {
  void (*derivative)(void) = mode == 1 ? kernel_forward1 : mode == 8 ? kernel_forward8 : kernel_tangent;
  return bench_run_with(out, max, derivative, mode ? kernel_forward_results : kernel_results);
}

void direction_fill(const struct bench_array *a, int na, double *const *dirs) {
  for (int l = 0; l < 8; l++)
    for (int i = 0, k = 0; i < na; k += a[i].n, i++)
      for (int j = 0; j < a[i].n; j++) dirs[l * na + i][j] = sin(0.37 * (double)(k + j + 1) * (double)(l + 1));
}

int direction_dots(const struct bench_array *a, int na, double *const *dirs, int width, double *out, int max) {
  int n = 0;
  for (int l = 0; l < width && n < max; l++) {
    double s = 0.0;
    for (int i = 0; i < na; i++)
      for (int j = 0; j < a[i].n; j++) s += a[i].dx[j] * dirs[l * na + i][j];
    out[n++] = s;
  }
  return n;
}

/* Prints `"name": [v...], ` (kernel_dump's caller closes the object). */
void dump_array(const char *name, const double *v, long n) {
  printf("\"%s\": [", name);
  for (long i = 0; i < n; i++) printf("%s%.17g", i ? ", " : "", v[i]);
  printf("], ");
}
