// TEST: ABI §7.4 inactive library calls inside differentiated code (printf, snprintf, puts, fputs, fflush, time, memcmp, memchr, strlen, logb, malloc_usable_size, assert) and §7.5 memory rows (memcpy/memmove/memset as calls with run-time lengths, malloc, calloc, realloc growing a buffer, posix_memalign, aligned_alloc, valloc, free), forward and reverse, against finite differences and the dot-product test
#define _GNU_SOURCE
#include <assert.h>
#include <malloc.h>
#include <time.h>

#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 6
static volatile size_t LEN = N; /* run-time lengths keep the library calls */

__attribute__((noinline)) static double kernel(const double *x) {
  size_t n = LEN;
  double *a = malloc(n * sizeof(double));
  double *b = calloc(n, sizeof(double));
  memcpy(a, x, n * sizeof(double));
  memmove(a + 1, a, (n - 1) * sizeof(double)); /* a = x0 x0 x1 x2 x3 x4 */
  memset(b, 0, n * sizeof(double));
  for (size_t i = 0; i < n; i++) b[i] = a[i] * x[(i + 2) % n];
  b = realloc(b, 2 * n * sizeof(double));
  for (size_t i = 0; i < n; i++) b[n + i] = sin(b[i]) + x[i];
  void *pm = NULL;
  if (posix_memalign(&pm, 64, n * sizeof(double))) return 0;
  double *c = pm;
  double *d = aligned_alloc(32, 8 * sizeof(double));
  double *e = valloc(n * sizeof(double));
  for (size_t i = 0; i < n; i++) { c[i] = b[n + i] * b[i]; d[i] = exp(0.1 * c[i]); e[i] = d[i] * a[i]; }
  /* inactive calls: none of them changes the value */
  char buf[64];
  snprintf(buf, sizeof buf, "%zu", n);
  if (strlen(buf) > 10 || memcmp(buf, "zz", 2) == 0 || memchr(buf, 'z', strlen(buf))) puts("unexpected");
  if (time(NULL) == (time_t)-1) fputs("no clock\n", stderr);
  fflush(stdout);
  assert(malloc_usable_size(a) >= n * sizeof(double));
  double s = 0;
  for (size_t i = 0; i < n; i++) s += e[i] * (1.0 + 0.25 * logb(4.0 + i));
  if (s != s) printf("nan %g\n", s);
  free(a); free(b); free(c); free(d); free(e);
  return s;
}

static double obj(double *x) { return kernel(x); }

int main(void) {
  double x[N] = {0.4, -0.7, 0.9, 0.2, -0.3, 0.6}, dx[N] = {0}, v[N] = {0.3, 0.1, -0.2, 0.5, -0.4, 0.2};
  __enzyme_autodiff((void *)kernel, enzyme_dup, x, dx);
  ck_gradient("alloc+inactive reverse", dx, obj, x, N);
  double fw = __enzyme_fwddiff((void *)kernel, enzyme_dup, x, v), fd = 0, one = 1.0;
  for (int i = 0; i < N; i++) fd += v[i] * ck_fd_partial(obj, x, i);
  CHECK("alloc+inactive forward along v", fw, fd);
  ck_dot_test("alloc+inactive", &one, &fw, 1, dx, v, N);
  return ck_done();
}
