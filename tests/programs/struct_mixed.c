// TEST: struct mixing int, pointer and double fields passed by pointer with a shadow struct
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

typedef struct {
  int n;            /* inactive count */
  double *data;     /* active array: shadow struct points at its shadow */
  double scale;     /* active scalar */
  long flags;       /* inactive */
  double bias;      /* active scalar */
} Model;

static double f(const Model *m, double x) {
  double s = m->bias;
  for (int i = 0; i < m->n; i++) s += m->data[i] * pow(x, (double)i);
  if (m->flags & 1) s *= m->scale;
  return s * s;
}

#define N 4
static double D[N] = {1.0, -0.5, 0.3, 0.2};
static double VD[N] = {0.2, 1.0, -0.4, 0.5};
static double VS = 0.7, VB = -0.3, VX = 0.9;
static double along(double t) {
  double d[N];
  for (int i = 0; i < N; i++) d[i] = D[i] + t * VD[i];
  Model m = {N, d, 1.5 + t * VS, 3, 0.25 + t * VB};
  return f(&m, 1.2 + t * VX);
}

int main(void) {
  double dd[N];
  for (int i = 0; i < N; i++) dd[i] = VD[i];
  Model m = {N, D, 1.5, 3, 0.25};
  /* Shadow: same ints, shadow pointer, tangents of the doubles. */
  Model dm = {N, dd, VS, 3, VB};
  double d = __enzyme_fwddiff((void *)f, enzyme_dup, &m, &dm, 1.2, VX);
  CHECK("directional derivative through struct fields", d, ck_fd1(along, 0.0));
  return ck_done();
}
