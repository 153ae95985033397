// TEST: reverse mode through realloc growth: a buffer doubled with realloc while values are appended and updated in place (the reverse sweep moves adjoints from each new block back to the old one), and a growing array of structs holding doubles
#include <stdlib.h>

#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);

static double grow(const double *x, int n) {
  double *buf = NULL;
  int cap = 0, len = 0;
  for (int i = 0; i < n; i++) {
    if (len == cap) {
      cap = cap ? 2 * cap : 1;
      buf = realloc(buf, (size_t)cap * sizeof(double));
    }
    buf[len++] = x[i] * x[i];
    if (len > 1) buf[len - 2] += sin(buf[len - 1]);
  }
  double s = 0;
  for (int i = 0; i < len; i++) s += buf[i] * (i + 1);
  free(buf);
  return s;
}

typedef struct {
  double pos, vel;
} P;

static double particles(const double *x, int n) {
  P *ps = malloc(sizeof(P));
  int len = 0;
  for (int i = 0; i < n; i++) {
    ps = realloc(ps, (size_t)(len + 1) * sizeof(P));
    ps[len].pos = x[i];
    ps[len].vel = 0.5 * x[(i + 1) % n];
    len++;
  }
  double e = 0;
  for (int s = 0; s < 5; s++)
    for (int i = 0; i < len; i++) {
      ps[i].pos += 0.1 * ps[i].vel;
      ps[i].vel -= 0.1 * ps[i].pos * ps[i].pos;
      e += ps[i].vel * ps[i].vel;
    }
  free(ps);
  return e;
}

#define N 7
static double F_grow(double *x) { return grow(x, N); }
static double F_particles(double *x) { return particles(x, N); }

int main(void) {
  double x[N] = {0.3, 0.5, -0.7, 1.1, 0.2, -0.4, 0.9}, dx[N] = {0};
  __enzyme_autodiff((void *)grow, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("realloc growth", dx, F_grow, x, N);
  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)particles, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("realloc of structs", dx, F_particles, x, N);
  return ck_done();
}
