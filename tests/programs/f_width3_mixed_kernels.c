// TEST: forward mode at enzyme_width 3 (three directions, a struct of three tangents returned) through an array grown with realloc inside the function, function pointers stored in structs, a switch in a loop, a global array mutated and read back, a union, and an early return from a nested loop; each lane checked against the finite difference along its direction, and width 3 against three width-1 calls
#include "include/catalase_check.h"

typedef struct {
  double d[3];
} v3;
v3 __enzyme_fwddiff3(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double (*f)(double);
  double scale;
} Stage;

static double st_sin(double x) { return sin(x); }
static double st_sq(double x) { return x * x; }
static double st_exp(double x) { return exp(0.5 * x); }
static Stage STAGES[3] = {{st_sin, 1.0}, {st_sq, 0.5}, {st_exp, -0.25}};

#define N 5
static double G[N];

static double kernel(const double *x, int n, const Stage *st) {
  int cap = 1, len = 0;
  double *buf = (double *)malloc(cap * sizeof(double));
  for (int i = 0; i < n; i++) {
    for (int r = 0; r <= i % 3; r++) {
      if (len == cap) {
        cap *= 2;
        buf = (double *)realloc(buf, cap * sizeof(double));
      }
      buf[len++] = st[(i + r) % 3].scale * st[(i + r) % 3].f(x[i]);
    }
  }
  double s = 0.0;
  for (int k = 0; k < len; k++) {
    switch (k % 3) {
    case 0: s += buf[k]; break;
    case 1: s += buf[k] * buf[k]; break;
    default: s -= 0.5 * buf[k];
    }
  }
  free(buf);
  for (int i = 0; i < n; i++) G[i] = x[i] * s;
  union {
    double d;
    unsigned long long u;
  } un = {G[0]};
  if (un.u >> 63) s += G[1];
  else s += G[2] * G[3];
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      if (x[i] + x[j] > 1.5) return s + x[i] * x[j];
  return s;
}

static double X[N] = {0.4, -0.6, 0.9, 0.7, -0.3};
static const double *DIR;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * DIR[i];
  return kernel(x, N, STAGES);
}

int main(void) {
  double v0[N] = {1, 0, 0, 0.5, 0}, v1[N] = {0, 1, -1, 0, 0}, v2[N] = {0.3, 0.2, 0.1, -0.4, 1.0};
  const double *dirs[3] = {v0, v1, v2};
  v3 t = __enzyme_fwddiff3((void *)kernel, enzyme_width, 3, enzyme_dup, X, v0, v1, v2, enzyme_const, N,
                           enzyme_const, STAGES);
  char name[64];
  for (int l = 0; l < 3; l++) {
    DIR = dirs[l];
    snprintf(name, sizeof name, "width 3, lane %d", l);
    CHECK(name, t.d[l], ck_fd1(along, 0.0));
    double one = __enzyme_fwddiff((void *)kernel, enzyme_dup, X, dirs[l], enzyme_const, N, enzyme_const, STAGES);
    snprintf(name, sizeof name, "width 1 = lane %d", l);
    CHECK(name, one, t.d[l]);
  }
  return ck_done();
}
