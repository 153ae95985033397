// TEST: records {double key, double *payload, int id} and {int tag, double w, double *src} read field by field under -ffast-math, where the vectorizer loads several fields at once as one wide vector (`<43 x i32>` over eight records, `<2 x double>` over a double and a pointer) and keeps some lanes only: type analysis must take facts from the lanes read only; reverse and forward mode, gradients against finite differences and the dot-product test
// CFLAGS: -ffast-math -fno-finite-math-only
#include "include/ck_array.h"
#include <string.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const;

#define N 8
typedef struct {
  double key;
  double *payload;
  int id;
} rec;

/* Sort by key (swaps of whole records through a temporary), then a weighted sum over the fields:
   the id of every record and its key and payload are read in one vectorized reduction. */
static double sorted_sum(double *x) {
  rec r[N];
  for (int i = 0; i < N; i++) {
    r[i].key = x[i] * (x[i] - 0.3);
    r[i].payload = &x[(i + 3) % N];
    r[i].id = i;
  }
  for (int a = 0; a < N - 1; a++)
    for (int b = 0; b < N - 1 - a; b++)
      if (r[b].key > r[b + 1].key) {
        rec t = r[b];
        r[b] = r[b + 1];
        r[b + 1] = t;
      }
  double s = 0.0;
  for (int i = 0; i < N; i++) s += ((i + 1) * *r[i].payload + 0.01 * r[i].id) * r[i].key;
  return s;
}

typedef struct {
  int tag;
  double w;
  double *src;
} cell;

/* A memmove of records by one place, then a record copied out and the fields summed. */
static double shifted(double *x) {
  cell c[6];
  memset(c, 0, sizeof c);
  for (int i = 0; i < 6; i++) {
    c[i].tag = i % 3;
    c[i].w = x[i] * (1.0 + 0.2 * i);
    c[i].src = x + (i + 2) % N;
  }
  memmove(c + 1, c, sizeof(cell) * 4);
  cell k = c[3];
  double s = k.w * *k.src;
  for (int i = 0; i < 6; i++) s += c[i].w * c[i].src[0] * (c[i].tag + 1);
  return s;
}

#define BOTH(what, f, x)                                                                    \
  do {                                                                                      \
    double dx[N] = {0}, v[N] = {0.3, -0.7, 0.2, 0.9, -0.4, 0.6, 0.1, -0.5}, one = 1.0;      \
    __enzyme_autodiff((void *)f, enzyme_dup, x, dx);                                        \
    ck_gradient(what, dx, f, x, N);                                                         \
    double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);                              \
    ck_dot_test(what, &one, &jv, 1, dx, v, N);                                              \
  } while (0)

int main(void) {
  double x[N] = {0.9, -0.45, 1.3, 0.1, -1.05, 0.55, 1.7, -0.2};
  BOTH("records sorted by key", sorted_sum, x);
  BOTH("records shifted by memmove", shifted, x);
  return ck_done();
}
