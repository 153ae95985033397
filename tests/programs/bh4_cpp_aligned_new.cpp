// TEST: reverse and forward mode through C++ over-aligned types: new and delete of an alignas(64) struct and of an array of them (the aligned operator new and delete), so the shadows must be as aligned as the primal blocks
#include <new>
#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

struct alignas(64) Cell {
  double v[8];
};

#define N 8

static double cells(double *x) {
  Cell *c = new Cell[3];
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < N; i++) c[k].v[i] = x[i] * (k + 1) + x[(i + k) % N] * x[i];
  double s = 0.0;
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < N; i++) s += c[k].v[i] * c[(k + 1) % 3].v[(i + 2) % N];
  delete[] c;
  return s;
}
static double one_cell(double *x) {
  Cell *c = new Cell;
  for (int i = 0; i < N; i++) c->v[i] = sin(x[i]) * x[(i + 1) % N];
  double s = 0.0;
  for (int i = 0; i < N; i++) s += c->v[i] * c->v[i];
  delete c;
  return s;
}

int main() {
  double x[N], v[N];
  for (int i = 0; i < N; i++) {
    x[i] = 0.4 * cos(1.3 * i) + 0.05 * i;
    v[i] = sin(0.7 * i + 0.2);
  }
  double dx[N] = {0}, dv[N];
  __enzyme_autodiff((void *)cells, enzyme_dup, x, dx);
  ck_gradient("array of alignas(64) structs", dx, cells, x, N);
  memcpy(dv, v, sizeof dv);
  CHECK("array of alignas(64) structs: forward vs reverse", __enzyme_fwddiff((void *)cells, enzyme_dup, x, dv),
        ck_dot(dx, v, N));
  double dy[N] = {0};
  __enzyme_autodiff((void *)one_cell, enzyme_dup, x, dy);
  ck_gradient("one alignas(64) struct", dy, one_cell, x, N);
  memcpy(dv, v, sizeof dv);
  CHECK("one alignas(64) struct: forward vs reverse", __enzyme_fwddiff((void *)one_cell, enzyme_dup, x, dv),
        ck_dot(dy, v, N));
  return ck_done();
}
