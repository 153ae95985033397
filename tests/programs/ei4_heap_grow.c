// TEST: heap blocks an Enzyme user manages inside the differentiated function: a vector grown by realloc (doubling) while a data-dependent loop pushes active values, a calloc'd accumulator array, a realloc that shrinks a block holding active values, an array of structs {double v; double w; int tag;} cleared with memset and filled, copied whole with memcpy into a second calloc'd block and one struct assigned over another, every block freed before the return; reverse and forward mode against finite differences and the dot-product test
#include "include/ck_array.h"

#define N 6
typedef struct {
  double v, w;
  int tag;
} rec;

__attribute__((noinline)) double grow(const double *x, int n) {
  int cap = 1, len = 0;
  double *buf = malloc(cap * sizeof(double));
  for (int r = 0; r < 3; r++)
    for (int i = 0; i < n; i++) {
      if (x[i] * (r + 1) < -0.9) continue; /* data-dependent number of pushes */
      if (len == cap) {
        cap *= 2;
        buf = realloc(buf, cap * sizeof(double));
      }
      buf[len++] = x[i] * x[(i + r) % n] + r;
    }
  double *acc = calloc(4, sizeof(double));
  for (int k = 0; k < len; k++) acc[k & 3] += sin(buf[k]) * (k + 1);
  buf = realloc(buf, 3 * sizeof(double)); /* shrink: the first 3 values survive */
  double s = buf[0] * buf[1] - buf[2];
  for (int k = 0; k < 4; k++) s += acc[k] * acc[k];
  free(acc);
  free(buf);
  return s;
}

__attribute__((noinline)) double records(const double *x, int n) {
  rec *a = malloc(n * sizeof(rec));
  memset(a, 0, n * sizeof(rec));
  for (int i = 0; i < n; i++) {
    a[i].tag = i % 3;
    a[i].v = x[i] * 2.0;
    a[i].w = a[i].tag ? exp(0.3 * x[i]) : x[i];
  }
  rec *b = calloc(n, sizeof(rec));
  memcpy(b, a, n * sizeof(rec));
  b[1] = a[n - 1];
  memset(&b[2], 0, sizeof(rec));
  memcpy(&b[3].w, &a[0].v, sizeof(double));
  double s = 0.0;
  for (int i = 0; i < n; i++) s += b[i].v * b[i].w + (b[i].tag == 2 ? a[i].w : 0.0);
  free(a);
  free(b);
  return s;
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
static double og(double *x) { return grow(x, N); }
static double orc(double *x) { return records(x, N); }

#define check(name, fn, o, x)                                                              \
  do {                                                                                     \
    double d_[N] = {0}, v_[N] = {0.7, -0.4, 1, 0.3, -0.9, 0.5}, one_ = 1.0;                 \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, d_, enzyme_const, N);                     \
    ck_gradient(name, d_, o, x, N);                                                        \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_, enzyme_const, N);         \
    ck_dot_test(name, &one_, &jv_, 1, d_, v_, N);                                          \
  } while (0)

int main(void) {
  double x[N] = {0.5, -0.6, 0.8, -0.2, 0.35, 0.9};
  check("realloc growth", grow, og, x);
  check("records memset/memcpy", records, orc, x);
  return ck_done();
}
